//! The rules that look at arguments, receivers and contexts to stay quiet,
//! downgrade or upgrade: one test each, with what they report and what they
//! must not.

mod common;

use common::*;

fn check(body: &str, expected: &[(String, qadapt_lints::Certainty)]) {
    assert_eq!(found(body, &pedantic()), expected, "{body}");
}

fn check_fn(item: &str, expected: &[(String, qadapt_lints::Certainty)]) {
    assert_eq!(found_fn(item, &pedantic()), expected, "{item}");
}

#[test]
fn boxing_zero_sized_values() {
    // A closure that captures nothing, `()`, `[]` and `S {}` are zero-sized:
    // boxing them does not allocate.
    for quiet in [
        "let f: Box<dyn Fn(f32) -> f32> = Box::new(|x| x * 0.5);",
        "let f: Box<dyn Fn() -> u8> = Box::new(|| helper(1) + MAX);",
        "let f = Box::new(|x: u8| { let y = x + 1; y * 2 });",
        "let f = Box::new(|| u32::MAX.count_ones());",
        "let f = Box::pin(|| 1);",
        "let b = Box::new(Unit {});",
        "let b = Box::new([]);",
        "let b = Box::new([0u8; 0]);",
    ] {
        check(quiet, &[]);
    }
    // Capturing closures and values with fields are not.
    for boxed in [
        "let f = Box::new(move |x| x * scale);",
        "let scale = 2.0; let f = Box::new(move |x| x * scale);",
        "let f = Box::new(|| self.gain);",
        "let f = Box::new(|| format!(\"{scale}\").len());",
        "let f = Box::new(|| log!(scale));",
        "let b = Box::new(Gain { gain });",
        "let b = Box::new(Mode::Fast);",
        "let b = Box::new(x);",
    ] {
        let found = found(boxed, &default());
        assert_eq!(found.first(), Some(&definite("`Box::new`")), "{boxed}");
    }
    // What may be a unit struct: possible.
    for maybe in [
        "let b: Box<dyn Effect> = Box::new(Bypass);",
        "let b = Box::new(effects::Bypass);",
        "let b = Box::new(Marker());",
    ] {
        check(maybe, &[possible("`Box::new`")]);
    }
    // With the signature, a name bound nowhere is an item, not a capture;
    // a parameter is a capture.
    check_fn(
        "fn f() -> Box<dyn Fn(u8) -> u8> { Box::new(|x| x + offset) }",
        &[],
    );
    check_fn(
        "fn f(offset: u8) -> Box<dyn Fn(u8) -> u8> { Box::new(move |x| x + offset) }",
        &[definite("`Box::new`")],
    );
    check_fn(
        "fn f(&self) -> Box<dyn Fn(u8) -> u8> { let k = self.k; Box::new(move |x| x + k) }",
        &[definite("`Box::new`")],
    );
    // `Rc` and `Arc` allocate their counts whatever the value.
    check("let r = Rc::new(|| 1);", &[definite("`Rc::new`")]);
}

#[test]
fn vec_of_unit_builds_nothing() {
    check("let v = vec![(); n];", &[]);
    check("let v = vec![(), ()];", &[]);
    check("let v = vec![0u8; n];", &[definite("`vec!`")]);
    check("let v = vec![(), x];", &[definite("`vec!`")]);
}

#[test]
fn obviously_empty_data_builds_nothing() {
    for quiet in [
        "HashMap::<u8, u8>::from([])",
        "HashSet::<u8>::from([])",
        "BTreeMap::<u8, u8>::from([])",
        "BTreeSet::<u8>::from([])",
        "LinkedList::<u8>::from([])",
        "String::from_utf16(&[])",
        "String::from_utf16_lossy(&[])",
        r#"String::from("")"#,
        r#"b"".to_ascii_uppercase()"#,
    ] {
        check(&format!("let x = {quiet};"), &[]);
    }
    check(
        "let m = HashMap::from([(1, 2)]);",
        &[definite("`HashMap::from`")],
    );
    check(
        "let l = LinkedList::from([1]);",
        &[definite("`LinkedList::from`")],
    );
    check(
        "let s = String::from_utf16(&[104]);",
        &[definite("`String::from_utf16`")],
    );
}

#[test]
fn to_owned_needs_known_data() {
    for known in [
        r#"let s = "text".to_owned();"#,
        "let s = line.trim().to_owned();",
        "let s = word.as_str().to_owned();",
        "let v = x.to_vec(); let w = v.to_owned();",
        "let s: &str = pick(); let t = s.to_owned();",
        r#"let s = ToOwned::to_owned("text");"#,
    ] {
        let definite_found: Vec<_> = found(known, &default());
        assert!(
            definite_found.contains(&definite("`.to_owned()`"))
                || definite_found.contains(&definite("`ToOwned::to_owned`")),
            "{known}: {definite_found:?}"
        );
    }
    // `to_owned()` on a `&u64` copies the integer; on a `&&str` the reference.
    check(
        "let id = ids.first()?.to_owned();",
        &[possible("`.to_owned()`")],
    );
    check("let s = x.to_owned();", &[possible("`.to_owned()`")]);
    check("let s = \"\".to_owned();", &[]);
    check("let n = 5u64.to_owned();", &[]);
    check(
        "let v: Vec<u64> = it.map(ToOwned::to_owned).collect();",
        &[
            possible("`ToOwned::to_owned`"),
            definite("`collect::<Vec<_>>()`"),
        ],
    );
    check_fn(
        "fn f(name: &str) -> String { name.to_owned() }",
        &[definite("`.to_owned()`")],
    );
    check_fn(
        "fn f(p: &Path, b: &[u8], s: &String) { p.to_owned(); b.to_owned(); s.to_owned(); }",
        &[
            definite("`.to_owned()`"),
            definite("`.to_owned()`"),
            definite("`.to_owned()`"),
        ],
    );
    check_fn("fn f(id: &u64) -> u64 { id.to_owned() }", &[]);
    check_fn(
        "fn f(name: &&str) -> &str { name.to_owned() }",
        &[possible("`.to_owned()`")],
    );
    check_fn(
        "fn f(a: &[u8; 4]) -> [u8; 4] { a.to_owned() }",
        &[possible("`.to_owned()`")],
    );
    check_fn(
        "fn f(p: &Point) -> Point { p.to_owned() }",
        &[possible("`.to_owned()`")],
    );
}

#[test]
fn join_needs_a_separator_or_a_known_receiver() {
    check(r#"let s = parts.join(",");"#, &[definite("`.join()`")]);
    check("let s = parts.join(' ');", &[definite("`.join()`")]);
    // `Span::join(other)`, `Rect::join(other)`: user types.
    check("let s = acc.join(*span);", &[possible("`.join()`")]);
    check("let r = handle.join();", &[]);
    check_fn(
        "fn f(dir: &Path, file: &str) -> PathBuf { dir.join(file) }",
        &[definite("`.join()`")],
    );
    check_fn(
        "fn f(parts: &[&str], sep: &str) -> String { parts.join(sep) }",
        &[definite("`.join()`")],
    );
    check_fn(
        "fn f(a: Span, b: Span) -> Span { a.join(b) }",
        &[possible("`.join()`")],
    );
}

#[test]
fn replace_with_a_pattern() {
    for definite_case in [
        r#"let s = path.replace('\\', "/");"#,
        r#"let s = text.replace("a", "b");"#,
        r#"let s = text.replacen(' ', "", 1);"#,
        r##"let s = text.replace(|c: char| c.is_ascii_digit(), "#");"##,
        r#"let s = text.replace(['a', 'b'], "");"#,
    ] {
        let construct = if definite_case.contains("replacen") {
            "`.replacen()`"
        } else {
            "`.replace()`"
        };
        check(definite_case, &[definite(construct)]);
    }
    // `Regex::replace(haystack, rep)` borrows when nothing matches.
    check(
        r#"let s = re.replace(text, "x");"#,
        &[possible("`.replace()`")],
    );
    // `Option::replace`, `Cell::replace`, `mem::replace`: not string replacement.
    check("let old = slot.replace(1);", &[]);
    check("let old = cell.replace(v);", &[]);
    check("let old = std::mem::replace(&mut a, b);", &[]);
    check(r#"let s = "".replace('a', "b");"#, &[]);
    check_fn(
        r#"fn f(s: &str, from: &str) -> String { s.replace(from, "x") }"#,
        &[definite("`.replace()`")],
    );
}

#[test]
fn case_conversions_need_text() {
    check(
        r#"let s = "a".to_uppercase();"#,
        &[definite("`.to_uppercase()`")],
    );
    check(
        "let s = key.trim().to_lowercase();",
        &[definite("`.to_lowercase()`")],
    );
    check(
        r#"let s = "abc".to_ascii_uppercase();"#,
        &[definite("`.to_ascii_uppercase()`")],
    );
    check(
        "let c = c.to_lowercase();",
        &[possible("`.to_lowercase()`")],
    );
    check(
        "let c = b.to_ascii_uppercase();",
        &[possible("`.to_ascii_uppercase()`")],
    );
    check("let c = 'a'.to_uppercase();", &[]);
    check("let c = b'a'.to_ascii_uppercase();", &[]);
    check_fn(
        "fn f(k: &str, s: String) { k.to_lowercase(); s.to_uppercase(); }",
        &[definite("`.to_lowercase()`"), definite("`.to_uppercase()`")],
    );
    check_fn(
        "fn f(w: &str, b: &[u8]) { w.to_ascii_uppercase(); b.to_ascii_lowercase(); }",
        &[
            definite("`.to_ascii_uppercase()`"),
            definite("`.to_ascii_lowercase()`"),
        ],
    );
    check_fn(
        "fn f(c: char, b: u8) { c.to_lowercase(); b.to_ascii_uppercase(); }",
        &[],
    );
}

#[test]
fn split_off_needs_a_known_buffer() {
    check("let t = v.split_off(1);", &[possible("`.split_off()`")]);
    check_fn(
        "fn f(q: &mut Vec<u32>, at: usize) -> Vec<u32> { q.split_off(at) }",
        &[definite("`.split_off()`")],
    );
    check_fn(
        "fn f(s: &mut String) -> String { s.split_off(2) }",
        &[definite("`.split_off()`")],
    );
    // `LinkedList::split_off` relinks nodes.
    check_fn(
        "fn f(l: &mut LinkedList<u8>) -> LinkedList<u8> { l.split_off(2) }",
        &[possible("`.split_off()`")],
    );
}

#[test]
fn environment() {
    check(
        r#"let ok = std::env::var("PATH").is_ok();"#,
        &[definite("`env::var`")],
    );
    check("let n = env::args().count();", &[definite("`env::args`")]);
    check(r#"let v = env::var_os("X");"#, &[definite("`env::var_os`")]);
    // A bare `var(..)` could be anything.
    check(r#"let v = var("X");"#, &[]);
}

#[test]
fn functions_used_as_values() {
    for (body, construct) in [
        ("let v = it.map(str::to_owned);", "`str::to_owned`"),
        ("let v = it.map(str::to_string);", "`str::to_string`"),
        ("let v = it.map(str::to_lowercase);", "`str::to_lowercase`"),
        ("let v = it.map(<[u8]>::to_vec);", "`slice::to_vec`"),
        ("let v = it.map(String::from);", "`String::from`"),
    ] {
        check(body, &[definite(construct)]);
    }
    check("let v = it.map(str::trim);", &[]);
    check("let v = it.map(<[u8]>::len);", &[]);
    // Calls are still listed by the path written.
    let calls = run("let v = <[u8]>::to_vec(s);", &default()).calls;
    assert_eq!(calls[0].kind.to_string(), "to_vec");
}

#[test]
fn partition_and_unzip_into_annotations() {
    check(
        "let (a, b): (Vec<u32>, Vec<u32>) = it.partition(|x| *x > 1);",
        &[definite("`.partition()`")],
    );
    check(
        "let (a, b): (Vec<u32>, ArrayVec<u32, 4>) = it.unzip();",
        &[definite("`.unzip()`")],
    );
    check(
        "let (a, b): (ArrayVec<u32, 4>, ArrayVec<u32, 4>) = it.partition(f);",
        &[possible("`.partition()`")],
    );
    check("let (a, b) = it.unzip();", &[possible("`.unzip()`")]);
    check_fn(
        "fn f(it: I) -> (Vec<u8>, Vec<u8>) { it.partition(|x| *x > 1) }",
        &[definite("`.partition()`")],
    );
}

#[test]
fn lossy_conversions_into_owned() {
    check(
        "let s = String::from_utf8_lossy(bytes).into_owned();",
        &[
            possible("`String::from_utf8_lossy`"),
            definite("`.into_owned()`"),
        ],
    );
    check(
        "let s = path.to_string_lossy().into_owned();",
        &[
            possible("`.to_string_lossy()`"),
            definite("`.into_owned()`"),
        ],
    );
    check("let s = cow.into_owned();", &[possible("`.into_owned()`")]);
}

#[test]
fn sort_by_cached_key_always_allocates() {
    check(
        "v.sort_by_cached_key(|k| k.len());",
        &[definite("`.sort_by_cached_key()`")],
    );
    check("v.sort_unstable_by_key(|k| k.len());", &[]);
}

#[test]
fn into_an_annotated_owner() {
    check(
        r#"let s: String = "text".into();"#,
        &[definite("`.into()`")],
    );
    check(
        r#"let s: Box<dyn Error> = "text".into();"#,
        &[definite("`.into()`")],
    );
    check(
        r#"let s: Cow<'_, str> = "text".into();"#,
        &[possible("`.into()`")],
    );
    check(r#"let s: Name = "text".into();"#, &[possible("`.into()`")]);
    check(r#"let s: String = x.into();"#, &[possible("`.into()`")]);
    check(r#"let s: String = "".into();"#, &[possible("`.into()`")]);
}

#[test]
fn string_addition() {
    check(
        r#"let s = x.to_string() + "a";"#,
        &[definite("`.to_string()`"), possible("`+`")],
    );
    check(r#"let s = a + "b";"#, &[]);
    check_fn(
        r#"fn f(path: String) -> String { path + ".wav" }"#,
        &[possible("`+`")],
    );
    check_fn("fn f(a: u32, b: u32) -> u32 { a + b }", &[]);
}

#[test]
fn fallback_closures_run_only_sometimes() {
    // Whether a fallback runs is run-time state: possible, never definite.
    for (lazy, construct) in [
        (
            "let b = pool.pop().unwrap_or_else(|| Vec::with_capacity(256));",
            "`Vec::with_capacity`",
        ),
        (
            "let s = cache.entry(id).or_insert_with(|| format!(\"voice-{id}\"));",
            "`format!`",
        ),
        (
            "let r = text.parse::<f32>().map_err(|e| format!(\"bad: {e}\"));",
            "`format!`",
        ),
        (
            "let r = map.get(&k).copied().ok_or_else(|| format!(\"no {k}\"));",
            "`format!`",
        ),
        (
            "let n = opt.map_or_else(|| format!(\"none\"), |x| x.len());",
            "`format!`",
        ),
        ("let t = CELL.get_or_init(|| vec![0u8; 64]);", "`vec!`"),
    ] {
        assert!(found(lazy, &default()).is_empty(), "{lazy}");
        assert!(
            found(lazy, &pedantic()).contains(&possible(construct)),
            "{lazy}"
        );
    }
    // Eager arguments are evaluated every time.
    check(
        "let r = map.get(&k).copied().ok_or(format!(\"no {k}\"));",
        &[definite("`format!`")],
    );
    check("let v = opt.unwrap_or(vec![1, 2]);", &[definite("`vec!`")]);
    // `map_or_else`'s second closure maps the value that is there.
    check(
        "let n = opt.map_or_else(|| 0, |x| format!(\"{x}\").len());",
        &[definite("`format!`")],
    );
}
