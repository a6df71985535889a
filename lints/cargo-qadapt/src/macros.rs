//! What a `macro_rules!` macro expands to, as far as it can be known without
//! its arguments: each rule's transcriber, with `$crate` made `crate`, each
//! metavariable `$x` made the identifier `x`, and each repetition
//! `$( .. ),*` written once. The transcribers that then parse as
//! statements (or as an expression) are analysed as one block, whose tokens
//! keep their places in the macro's definition.

use proc_macro2::{Delimiter, Group, Ident, Spacing, TokenStream, TokenTree};

/// The rules' transcribers that parse, each as a block, in one block.
/// `None` when none parses.
pub fn templates(rules: &TokenStream) -> Option<syn::Block> {
    let tokens: Vec<TokenTree> = rules.clone().into_iter().collect();
    let mut blocks = TokenStream::new();
    let mut parsed_any = false;
    let mut i = 0;
    while i < tokens.len() {
        // matcher => transcriber ;
        let is_arrow = matches!(
            (tokens.get(i + 1), tokens.get(i + 2)),
            (Some(TokenTree::Punct(eq)), Some(TokenTree::Punct(gt)))
                if eq.as_char() == '=' && eq.spacing() == Spacing::Joint && gt.as_char() == '>'
        );
        match (&tokens[i], tokens.get(i + 3)) {
            (TokenTree::Group(_), Some(TokenTree::Group(transcriber))) if is_arrow => {
                let body = substitute(transcriber.stream());
                if let Some(block) = as_block(body) {
                    blocks.extend([block]);
                    parsed_any = true;
                }
                i += 4;
            }
            _ => i += 1,
        }
    }
    if !parsed_any {
        return None;
    }
    syn::parse2(TokenTree::Group(Group::new(Delimiter::Brace, blocks)).into()).ok()
}

/// The transcriber in braces, if it parses as statements or an expression.
fn as_block(body: TokenStream) -> Option<TokenTree> {
    let braced = TokenTree::Group(Group::new(Delimiter::Brace, body.clone()));
    if syn::parse2::<syn::Block>(braced.clone().into()).is_ok() {
        return Some(braced);
    }
    // An expression that is not a statement on its own, e.g. `$a + $b`.
    if syn::parse2::<syn::Expr>(body.clone()).is_ok() {
        let mut wrapped = TokenStream::new();
        wrapped.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, body))]);
        let braced = TokenTree::Group(Group::new(Delimiter::Brace, wrapped));
        if syn::parse2::<syn::Block>(braced.clone().into()).is_ok() {
            return Some(braced);
        }
    }
    None
}

/// Replaces the macro syntax of a transcriber by plain tokens.
pub fn substitute(stream: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(dollar) if dollar.as_char() == '$' => match tokens.get(i + 1) {
                Some(TokenTree::Ident(ident)) => {
                    out.push(TokenTree::Ident(metavariable(ident)));
                    i += 2;
                }
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
                    out.extend(substitute(group.stream()));
                    i += 2;
                    // An optional separator, then `*`, `+` or `?`.
                    if is_kleene(tokens.get(i)) {
                        i += 1;
                    } else if is_kleene(tokens.get(i + 1)) {
                        i += 2;
                    }
                }
                _ => i += 1,
            },
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), substitute(group.stream()));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
                i += 1;
            }
            other => {
                out.push(other.clone());
                i += 1;
            }
        }
    }
    out.into_iter().collect()
}

fn is_kleene(token: Option<&TokenTree>) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if matches!(p.as_char(), '*' | '+' | '?'))
}

/// `$crate` is `crate`; `$x` is `x`, or `x_` when `x` is a keyword (which
/// would not parse where the metavariable stands).
fn metavariable(ident: &Ident) -> Ident {
    let name = ident.to_string();
    if name == "crate" {
        return ident.clone();
    }
    if is_keyword(&name) {
        return Ident::new(&format!("{name}_"), ident.span());
    }
    ident.clone()
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
            | "gen"
            | "try"
            | "box"
            | "macro"
            | "become"
            | "abstract"
            | "final"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "do"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn rules(src: &str) -> TokenStream {
        let mac: syn::ItemMacro = syn::parse_str(src).unwrap();
        mac.mac.tokens
    }

    fn show(block: &syn::Block) -> String {
        block.to_token_stream().to_string()
    }

    #[test]
    fn substitutes_metavariables_and_repetitions() {
        let out = substitute(
            "$crate::log($x, $( $rest ),*); $( f($y) )+ $type"
                .parse()
                .unwrap(),
        );
        assert_eq!(out.to_string(), "crate :: log (x , rest) ; f (y) type_");
    }

    #[test]
    fn parses_the_rules_that_parse() {
        let block = templates(&rules(
            r#"macro_rules! m {
                ($x:expr) => { let s = format!("{}", $x); helper(s) };
                ($a:expr, $b:expr) => ($a + $b);
                (struct $name:ident) => { struct $name; };
                (@bad) => { a b c };
            }"#,
        ))
        .unwrap();
        assert_eq!(block.stmts.len(), 3, "{}", show(&block));
        let analysis = qadapt_lints::analyse(&block, &qadapt_lints::Options::default());
        assert_eq!(analysis.findings.len(), 1);
        assert_eq!(analysis.findings[0].construct, "`format!`");
        assert!(
            analysis
                .calls
                .iter()
                .any(|c| c.kind == qadapt_lints::CallKind::Path(vec!["helper".into()]))
        );
    }

    #[test]
    fn nothing_parses() {
        assert!(templates(&rules("macro_rules! m { () => { a b c }; }")).is_none());
        assert!(templates(&rules("macro_rules! m { }")).is_none());
        assert!(templates(&"garbage => ;".parse().unwrap()).is_none());
    }
}
