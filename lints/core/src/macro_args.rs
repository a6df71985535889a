//! Re-parsing macro arguments.
//!
//! syn keeps a macro invocation's arguments as raw tokens, so its visitor
//! never looks inside `println!("{}", x.to_string())`. The standard macros
//! have well-known argument grammars, so their arguments are parsed here as
//! expressions and handed back to be walked like any other code. Unknown
//! macros get a best-effort attempt as comma-separated expressions, which
//! covers most logging and assertion macros. Whatever does not parse is
//! skipped silently: a lint must not reject code the compiler accepts.

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Pat, Token};

/// The expressions inside one macro invocation.
#[derive(Default)]
pub(crate) struct MacroArgs {
    /// Evaluated whenever the macro runs, e.g. an assertion's condition.
    pub evaluated: Vec<Expr>,
    /// Evaluated only when something has already failed, e.g. an
    /// assertion's message arguments or a `panic!`'s. Allocations there are
    /// on the way to a crash, so they are reported as possible only.
    pub on_failure: Vec<Expr>,
    /// `vec![]`, `vec![x; 0]`, `format!("")`: nothing is built.
    pub builds_nothing: bool,
}

/// How the arguments of a macro are used.
enum Grammar {
    /// Evaluated at compile time or not at all: `stringify!`, `concat!`,
    /// `include_str!`, `quote!`, ... Their tokens are not runtime code.
    Opaque,
    /// Comma-separated expressions, all evaluated: the formatting macros.
    Format,
    /// Like [`Grammar::Format`], but the first `n` arguments are evaluated
    /// and the rest only when the assertion fails.
    Assert(usize),
    /// Everything runs only on the way to a panic.
    Panic,
    /// `matches!(expr, pattern if guard)`.
    Matches,
    /// `vec![a, b]` or `vec![x; n]`.
    Vec,
    /// Any other macro: comma-separated expressions if they parse.
    Unknown,
}

fn grammar(name: &str) -> Grammar {
    match name {
        "stringify"
        | "concat"
        | "concat_bytes"
        | "concat_idents"
        | "include"
        | "include_str"
        | "include_bytes"
        | "env"
        | "option_env"
        | "cfg"
        | "line"
        | "column"
        | "file"
        | "module_path"
        | "compile_error"
        | "trace_macros"
        | "log_syntax"
        | "quote"
        | "quote_spanned"
        | "parse_quote"
        | "parse_quote_spanned"
        | "format_ident" => Grammar::Opaque,
        "format" | "format_args" | "print" | "println" | "eprint" | "eprintln" | "write"
        | "writeln" | "dbg" | "const_format_args" => Grammar::Format,
        "assert" | "debug_assert" => Grammar::Assert(1),
        "assert_eq" | "assert_ne" | "debug_assert_eq" | "debug_assert_ne" => Grammar::Assert(2),
        "panic" | "unreachable" | "todo" | "unimplemented" => Grammar::Panic,
        "matches" => Grammar::Matches,
        "vec" => Grammar::Vec,
        _ => Grammar::Unknown,
    }
}

/// The stack that parsing one macro's arguments may take (see
/// [`crate::depth`]), on top of the analysis' own.
const STACK_BUDGET: usize = 512 << 10;

/// The expressions inside `mac`, or `None` if its arguments are not runtime
/// expressions or do not parse.
pub(crate) fn parse(mac: &Macro) -> Option<MacroArgs> {
    let name = mac.path.segments.last()?.ident.to_string();
    // Parsed by recursion, inside the analysis' own: arguments nested
    // deeper than that leaves room for stay unread.
    if crate::depth::syn_stack(&mac.tokens) > STACK_BUDGET {
        return None;
    }
    let tokens = mac.tokens.clone();
    match grammar(&name) {
        Grammar::Opaque => None,
        Grammar::Format | Grammar::Unknown => {
            let args = comma_separated(tokens)?;
            let builds_nothing =
                name == "format" && args.len() == 1 && crate::syntax::is_empty_data(&args[0]);
            Some(MacroArgs {
                evaluated: args,
                on_failure: Vec::new(),
                builds_nothing,
            })
        }
        Grammar::Assert(evaluated) => {
            let mut args = comma_separated(tokens)?;
            let on_failure = args.split_off(evaluated.min(args.len()));
            Some(MacroArgs {
                evaluated: args,
                on_failure,
                builds_nothing: false,
            })
        }
        Grammar::Panic => Some(MacroArgs {
            evaluated: Vec::new(),
            on_failure: comma_separated(tokens)?,
            builds_nothing: false,
        }),
        Grammar::Matches => matches_args.parse2(tokens).ok(),
        Grammar::Vec => vec_args.parse2(tokens).ok(),
    }
}

fn comma_separated(tokens: TokenStream) -> Option<Vec<Expr>> {
    let args = Punctuated::<Expr, Token![,]>::parse_terminated
        .parse2(tokens)
        .ok()?;
    Some(args.into_iter().collect())
}

/// `matches!(expr, pattern)` or `matches!(expr, pattern if guard)`: the
/// pattern is not code, the guard is.
fn matches_args(input: ParseStream) -> syn::Result<MacroArgs> {
    let scrutinee: Expr = input.parse()?;
    let mut evaluated = vec![scrutinee];
    let rest: TokenStream = input.parse()?;
    if let Ok(Some(guard)) = matches_guard.parse2(rest) {
        evaluated.push(guard);
    }
    Ok(MacroArgs {
        evaluated,
        ..MacroArgs::default()
    })
}

fn matches_guard(input: ParseStream) -> syn::Result<Option<Expr>> {
    input.parse::<Token![,]>()?;
    Pat::parse_multi_with_leading_vert(input)?;
    let guard = if input.peek(Token![if]) {
        input.parse::<Token![if]>()?;
        Some(input.parse()?)
    } else {
        None
    };
    input.parse::<Option<Token![,]>>()?;
    Ok(guard)
}

/// `vec![]`, `vec![a, b, c]` or `vec![x; n]`.
fn vec_args(input: ParseStream) -> syn::Result<MacroArgs> {
    if input.is_empty() {
        return Ok(MacroArgs {
            builds_nothing: true,
            ..MacroArgs::default()
        });
    }
    let first: Expr = input.parse()?;
    if input.peek(Token![;]) {
        input.parse::<Token![;]>()?;
        let len: Expr = input.parse()?;
        // A `Vec` of zero-sized elements never allocates.
        let builds_nothing = crate::syntax::is_zero(&len) || crate::syntax::is_unit(&first);
        return Ok(MacroArgs {
            evaluated: vec![first, len],
            on_failure: Vec::new(),
            builds_nothing,
        });
    }
    let mut evaluated = vec![first];
    while !input.is_empty() {
        input.parse::<Token![,]>()?;
        if input.is_empty() {
            break;
        }
        evaluated.push(input.parse()?);
    }
    let builds_nothing = evaluated.iter().all(crate::syntax::is_unit);
    Ok(MacroArgs {
        evaluated,
        builds_nothing,
        ..MacroArgs::default()
    })
}

/// Macros with a format string, which may name variables inline:
/// `format!("{x}")`, `assert!(ok, "{x}")`.
pub(crate) fn has_format_string(name: &str) -> bool {
    matches!(
        grammar(name),
        Grammar::Format | Grammar::Assert(_) | Grammar::Panic
    )
}

/// The standard macros, whose expansion binds no name of the caller's.
pub(crate) fn is_std(name: &str) -> bool {
    !matches!(grammar(name), Grammar::Unknown)
}

/// The identifiers a format string names inline: `x` and `y` in
/// `"{x} {y:>8} {0} {{z}}"`.
pub(crate) fn inline_format_args(format: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let name: String = chars
            .by_ref()
            .take_while(|c| *c != '}' && *c != ':')
            .collect();
        let name = name.trim();
        if name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            names.push(name.trim_start_matches("r#").to_owned());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(src: &str) -> Option<(usize, usize, bool)> {
        let mac: Macro = syn::parse_str(src).unwrap();
        parse(&mac).map(|a| (a.evaluated.len(), a.on_failure.len(), a.builds_nothing))
    }

    #[test]
    fn grammars() {
        assert_eq!(args(r#"println!("{} {}", a, b = c)"#), Some((3, 0, false)));
        assert_eq!(args("println!()"), Some((0, 0, false)));
        assert_eq!(args(r#"format!("")"#), Some((1, 0, true)));
        assert_eq!(args(r#"format!("", )"#), Some((1, 0, true)));
        assert_eq!(args(r#"format!("x")"#), Some((1, 0, false)));
        assert_eq!(args(r#"write!(f, "{}", x)"#), Some((3, 0, false)));
        assert_eq!(args(r#"assert!(ok, "{}", x)"#), Some((1, 2, false)));
        assert_eq!(args("assert!(ok)"), Some((1, 0, false)));
        assert_eq!(args("assert_eq!(a, b)"), Some((2, 0, false)));
        assert_eq!(
            args(r#"debug_assert_ne!(a, b, "{}", c)"#),
            Some((2, 2, false))
        );
        assert_eq!(args(r#"panic!("{}", x)"#), Some((0, 2, false)));
        assert_eq!(args("todo!()"), Some((0, 0, false)));
        assert_eq!(args("matches!(x, Some(_))"), Some((1, 0, false)));
        assert_eq!(
            args("matches!(x, Some(y) | None if y > 1,)"),
            Some((2, 0, false))
        );
        assert_eq!(args("vec![]"), Some((0, 0, true)));
        assert_eq!(args("vec![1, 2, 3,]"), Some((3, 0, false)));
        assert_eq!(args("vec![0u8; n]"), Some((2, 0, false)));
        assert_eq!(args("vec![0u8; 0]"), Some((2, 0, true)));
        assert_eq!(args("vec![(); n]"), Some((2, 0, true)));
        assert_eq!(args("vec![(), ()]"), Some((2, 0, true)));
        assert_eq!(args("vec![(), 1]"), Some((2, 0, false)));
        assert_eq!(args("stringify!(x.to_string())"), None);
        assert_eq!(args("my_log!(a, b.c())"), Some((2, 0, false)));
        assert_eq!(args("thread_local!(static X: u8 = 0)"), None);
        assert_eq!(args("vec![1; ]"), None);
        assert_eq!(args("vec![1 2]"), None);
    }

    #[test]
    fn inline_arguments() {
        assert_eq!(
            inline_format_args("{x} {y:>8} {0} {{z}} {} {r#type}"),
            ["x", "y", "type"]
        );
        assert!(inline_format_args("plain").is_empty());
        assert!(has_format_string("write") && has_format_string("assert_eq"));
        assert!(!has_format_string("vec") && !has_format_string("my_log"));
        assert!(is_std("vec") && !is_std("my_macro"));
    }
}
