//! Types printed the way people write them, for region names and diagnostics.

use quote::ToTokens;

/// A type as written, without the spaces of a printed token stream except between two words:
/// `&mut Mixer`, `[u8]`, `Box<dyn Fn()>`, `&'a str`.
pub fn type_text(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = out.chars().last().is_some_and(word);
            let after = chars
                .get(i + 1)
                .is_some_and(|&next| word(next) || next == '\'');
            if before && after {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::type_text;

    #[test]
    fn keeps_only_the_spaces_between_words() {
        let text = |s: &str| type_text(&syn::parse_str(s).unwrap());
        assert_eq!(text("& mut Mixer"), "&mut Mixer");
        assert_eq!(text("Box < dyn Fn () >"), "Box<dyn Fn()>");
        assert_eq!(text("&'a str"), "&'a str");
        assert_eq!(text("Buf<T, N>"), "Buf<T,N>");
    }
}
