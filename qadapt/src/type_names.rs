//! Type and function names as `core::any::type_name` and symbolizers spell them, read without
//! allocating: their generic argument lists, cut for messages.

use core::fmt;

/// Writes a type's or path's text with each generic argument list cut to `<..>`; a `<` that
/// opens a qualified path (`<T as Trait>::f`) is kept, and the lists inside it are cut.
pub(crate) fn write_cut(f: &mut dyn fmt::Write, path: &str) -> fmt::Result {
    let bytes = path.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let opens_arguments = bytes[i] == b'<'
            && i > 0
            && (bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] >= 0x80);
        if !opens_arguments {
            i += 1;
            continue;
        }
        let Some(close) = matching_angle(&bytes[i..]) else {
            break; // not balanced: written as it is
        };
        f.write_str(&path[copied..i])?;
        f.write_str("<..>")?;
        i += close + 1;
        copied = i;
    }
    f.write_str(&path[copied..])
}

/// The index of the `>` that closes the `<` at `bytes[0]` (an arrow's `->` closes nothing).
pub(crate) fn matching_angle(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => depth += 1,
            b'>' if i > 0 && bytes[i - 1] == b'-' => {}
            b'>' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::write_cut;

    fn cut(path: &str) -> std::string::String {
        let mut out = std::string::String::new();
        write_cut(&mut out, path).unwrap();
        out
    }

    #[test]
    fn generic_argument_lists_are_cut() {
        assert_eq!(
            cut(
                "heapless::vec::VecInner<u32, usize, heapless::vec::storage::VecStorageInner<[core::mem::maybe_uninit::MaybeUninit<u32>; 8]>>::try_from"
            ),
            "heapless::vec::VecInner<..>::try_from"
        );
        assert_eq!(cut("demo::Holder<u8>::widen"), "demo::Holder<..>::widen");
        assert_eq!(cut("a::Pair<u8, b::Map<K, V>>"), "a::Pair<..>");
        assert_eq!(cut("a::F<fn(u8) -> u8>::call"), "a::F<..>::call");
    }

    #[test]
    fn qualified_paths_and_plain_names_keep_their_shape() {
        assert_eq!(
            cut("<alloc::vec::Vec<u8> as core::ops::Drop>::drop"),
            "<alloc::vec::Vec<..> as core::ops::Drop>::drop"
        );
        assert_eq!(cut("demo::dsp::Mixer::mix"), "demo::dsp::Mixer::mix");
        assert_eq!(cut("&[u8]"), "&[u8]");
        assert_eq!(cut("a::B<unbalanced"), "a::B<unbalanced");
        assert_eq!(cut("ünï::Typ<é>"), "ünï::Typ<..>");
    }
}
