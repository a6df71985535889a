//! The part of a source file that syn parses, which span byte offsets are
//! relative to: `syn::parse_file` drops a leading byte order mark and a
//! shebang line (`#!/usr/bin/env ..`, not an inner attribute `#![..]`)
//! before parsing. Line and column numbers are unaffected (the shebang's
//! newline stays), byte offsets are not, so snippets must be cut from this.

const BOM: &str = "\u{feff}";

/// `text` from where syn starts parsing it.
pub fn parsed_text(text: &str) -> &str {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let Some(rest) = text.strip_prefix("#!") else {
        return text;
    };
    if skip_trivia(rest).starts_with('[') {
        return text;
    }
    match text.find('\n') {
        Some(newline) => &text[newline..],
        None => "",
    }
}

/// `text` after leading whitespace and comments.
fn skip_trivia(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_start();
        if let Some(line) = trimmed.strip_prefix("//") {
            text = line.find('\n').map_or("", |i| &line[i..]);
        } else if let Some(block) = trimmed.strip_prefix("/*") {
            text = block.find("*/").map_or("", |i| &block[i + 2..]);
        } else {
            return trimmed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_syn_parses() {
        assert_eq!(parsed_text("\u{feff}fn a() {}"), "fn a() {}");
        assert_eq!(parsed_text("fn a() {}"), "fn a() {}");
        assert_eq!(parsed_text("#!/usr/bin/env x\nfn a() {}"), "\nfn a() {}");
        assert_eq!(parsed_text("\u{feff}#!x\nfn a() {}"), "\nfn a() {}");
        assert_eq!(
            parsed_text("#![allow(x)]\nfn a() {}"),
            "#![allow(x)]\nfn a() {}"
        );
        assert_eq!(
            parsed_text("#! /* c */ [allow(x)]"),
            "#! /* c */ [allow(x)]"
        );
    }

    /// The renderer's premise: syn's span offsets are relative to this.
    #[test]
    fn offsets_match_syn() {
        for text in ["\u{feff}fn a() { b() }", "#!/bin/x\nfn a() { b() }"] {
            let file = syn::parse_file(text).unwrap();
            let syn::Item::Fn(f) = &file.items[0] else {
                panic!()
            };
            let range = f.sig.ident.span().byte_range();
            assert_eq!(&parsed_text(text)[range], "a");
        }
    }
}
