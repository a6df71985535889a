//! Arguments that run only sometimes: the fallback and error closures of
//! `Option`, `Result`, map entries and once-cells.
//!
//! `pool.pop().unwrap_or_else(|| Vec::with_capacity(256))` allocates only
//! when the pool is empty, and a warm pool is the whole point of writing it.
//! Whether such a closure runs depends on run-time state (is the value
//! there? is the key in the map? has the cell been filled?) that no static
//! analysis sees, so what is inside can only honestly be *possible*, the way
//! a `.push()` is. Eager forms (`unwrap_or(x)`, `ok_or(x)`, `map_or(x, f)`)
//! evaluate their argument every time and are not listed.

/// Whether argument `index` of a call of the method `method` with `count`
/// arguments is run lazily, only when a value is missing or an error
/// occurred: the closure (or function) of `unwrap_or_else`, `or_else`,
/// `get_or_insert_with`, `or_insert_with`, `or_insert_with_key`,
/// `ok_or_else`, `map_err`, `get_or_init`, `get_or_try_init`, and the
/// default (first) closure of `map_or_else`.
pub fn runs_lazily(method: &str, index: usize, count: usize) -> bool {
    match method {
        "unwrap_or_else" | "or_else" | "get_or_insert_with" | "or_insert_with"
        | "or_insert_with_key" | "ok_or_else" | "map_err" | "get_or_init" | "get_or_try_init" => {
            count == 1 && index == 0
        }
        "map_or_else" => count == 2 && index == 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::runs_lazily;

    #[test]
    fn fallbacks_are_lazy_and_eager_forms_are_not() {
        assert!(runs_lazily("unwrap_or_else", 0, 1));
        assert!(runs_lazily("or_insert_with", 0, 1));
        assert!(runs_lazily("map_or_else", 0, 2));
        // `map_or_else`'s second closure maps the value that is there.
        assert!(!runs_lazily("map_or_else", 1, 2));
        assert!(!runs_lazily("unwrap_or", 0, 1));
        assert!(!runs_lazily("ok_or", 0, 1));
        assert!(!runs_lazily("map", 0, 1));
        // `Iterator::or_else` does not exist; a two-argument method of
        // the same name is something else.
        assert!(!runs_lazily("or_else", 0, 2));
    }
}
