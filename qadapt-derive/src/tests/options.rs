//! Reading the options: forms, values, conflicts, errors.

use super::*;

#[test]
fn default_options() {
    let args = parse_args(quote!()).unwrap();
    assert_eq!(args.strict, Strictness::Lax);
    assert!(args.static_checks);
    assert_eq!(args.runtime, Some(Region::Protect));
    assert!(!args.lints.pedantic);
    assert!(args.lints.allow.is_empty() && args.lints.deny.is_empty());
    assert_eq!(args.krate.to_string(), quote!(::qadapt).to_string());
}

#[test]
fn boolean_options_as_words_and_values() {
    let args = parse_args(quote!(strict, pedantic)).unwrap();
    assert!(args.strict == Strictness::Attribute && args.lints.pedantic);
    let args = parse_args(quote!(strict = true, pedantic = false)).unwrap();
    assert!(args.strict == Strictness::Attribute && !args.lints.pedantic);
    let args = parse_args(quote!(strict = false, forbid = false, static_only = false)).unwrap();
    assert_eq!(args.strict, Strictness::Lax);
    assert_eq!(args.runtime, Some(Region::Protect));
}

#[test]
fn region_options() {
    assert_eq!(
        parse_args(quote!(forbid)).unwrap().runtime,
        Some(Region::Forbid)
    );
    assert_eq!(
        parse_args(quote!(max = 4)).unwrap().runtime,
        Some(Region::Budget(4))
    );
    assert_eq!(
        parse_args(quote!(max = "2")).unwrap().runtime,
        Some(Region::Budget(2))
    );
    assert_eq!(parse_args(quote!(static_only)).unwrap().runtime, None);
    let args = parse_args(quote!(runtime_only, forbid)).unwrap();
    assert!(!args.static_checks);
    assert_eq!(args.runtime, Some(Region::Forbid));
}

#[test]
fn allow_and_deny_paths() {
    let args = parse_args(quote!(
        allow(Vec::push, format),
        deny(crate::pool::Pool::take)
    ))
    .unwrap();
    assert_eq!(segments(&args.lints.allow), ["Vec::push", "format"]);
    assert_eq!(segments(&args.lints.deny), ["crate::pool::Pool::take"]);
    let args = parse_args(quote!(allow())).unwrap();
    assert!(args.lints.allow.is_empty());
}

#[test]
fn crate_path() {
    let args = parse_args(quote!(crate = "my_lib::qadapt")).unwrap();
    assert_eq!(args.krate.to_string(), quote!(my_lib::qadapt).to_string());
    let args = parse_args(quote!(crate = ::other::qadapt)).unwrap();
    assert_eq!(args.krate.to_string(), quote!(::other::qadapt).to_string());
    let err = args_error(quote!(crate = 3));
    assert!(
        err.contains("`crate` expects the path of the qadapt crate"),
        "{err}"
    );
}

/// The attribute words a problem with an option as `cargo qadapt` does
/// (both read it with qadapt-lints' model of the attribute).
#[test]
fn option_problems_read_as_in_the_model() {
    let options = qadapt_lints::attribute::option_list();
    assert_eq!(
        args_error(quote!(strcit)),
        format!(
            "#[no_alloc]: unknown option `strcit`; did you mean `strict`? (#[no_alloc] options: {options})"
        )
    );
    assert_eq!(
        args_error(quote!(fast)),
        format!("#[no_alloc]: unknown option `fast` (#[no_alloc] options: {options})")
    );
    assert_eq!(
        args_error(quote!(pedantic, pedantic)),
        "#[no_alloc]: `pedantic` is written twice"
    );
}

#[test]
fn misspelt_option_suggests() {
    let err = args_error(quote!(strcit));
    assert!(err.starts_with("#[no_alloc]: "), "{err}");
    assert!(err.contains("did you mean `strict`?"), "{err}");
    let err = args_error(quote!(static_onyl));
    assert!(err.contains("did you mean `static_only`?"), "{err}");
}

#[test]
fn allow_takes_generic_arguments_and_ignores_them() {
    let args = parse_args(quote!(
        allow(Vec::<u8>::push, HashMap::<K, V>::insert),
        deny(Pool::<T>::take)
    ))
    .expect("generic arguments are accepted");
    assert_eq!(
        segments(&args.lints.allow),
        ["Vec::push", "HashMap::insert"]
    );
    assert_eq!(segments(&args.lints.deny), ["Pool::take"]);
}

#[test]
fn allow_entries_must_name_an_item() {
    for keyword in [quote!(Self), quote!(crate), quote!(super), quote!(self)] {
        let err = args_error(quote!(allow(#keyword)));
        assert!(err.starts_with("#[no_alloc]: "), "{err}");
        assert!(err.contains("names no function, method or macro"), "{err}");
        let err = args_error(quote!(deny(Vec::push, #keyword)));
        assert!(err.contains("names no function, method or macro"), "{err}");
    }
}

#[test]
fn allow_wants_paths() {
    let err = args_error(quote!(allow("Vec::push")));
    assert_eq!(
        err,
        "#[no_alloc]: expected a path like `Vec::push`, not a string: write `Vec::push` \
         without the quotes"
    );
    let err = args_error(quote!(allow(Vec::push,, format)));
    assert_eq!(
        err,
        "#[no_alloc]: expected a path like `Vec::push` before this comma"
    );
    let err = args_error(quote!(deny(a = 1)));
    assert!(err.contains("expected a path like `Vec::push`"), "{err}");
    let err = args_error(quote!(allow));
    assert!(err.contains("expected a path like `Vec::push`"), "{err}");
    let err = args_error(quote!(allow = "Vec::push"));
    assert!(err.contains("expected a path like `Vec::push`"), "{err}");
}

#[test]
fn a_macro_may_be_named_with_its_bang() {
    let args = parse_args(quote!(allow(format!, Vec::push), deny(my_vec!))).unwrap();
    assert_eq!(segments(&args.lints.allow), ["format", "Vec::push"]);
    assert_eq!(segments(&args.lints.deny), ["my_vec"]);
    let err = args_error(quote!(allow(format!("{}"))));
    assert!(err.contains("expected a path like `Vec::push`"), "{err}");
}

#[test]
fn a_literal_is_no_option() {
    for literal in [quote!("strict"), quote!(1)] {
        let err = args_error(literal);
        assert!(
            err.starts_with(
                "#[no_alloc]: expected an option, found a literal (#[no_alloc] options: `strict`"
            ),
            "{err}"
        );
    }
}

#[test]
fn bad_values() {
    let err = args_error(quote!(max = "many"));
    assert!(
        err.contains("`max` expects a number of allocations"),
        "{err}"
    );
    let err = args_error(quote!(max = -1));
    assert!(
        err.contains("`max` expects a number of allocations"),
        "{err}"
    );
    let err = args_error(quote!(strict = 1));
    assert!(err.starts_with("#[no_alloc]: "), "{err}");
    let err = args_error(quote!(strict, strict));
    assert!(err.contains("`strict` is written twice"), "{err}");
    let err = args_error(quote!(=));
    assert!(err.starts_with("#[no_alloc]: "), "{err}");
}

#[test]
fn conflicting_options() {
    let err = args_error(quote!(static_only, runtime_only));
    assert!(
        err.contains("`static_only` and `runtime_only` cannot be combined"),
        "{err}"
    );
    let err = args_error(quote!(static_only, forbid));
    assert!(err.contains("`forbid` configures the run-time guard, which `static_only` turns off"));
    let err = args_error(quote!(static_only, max = 1));
    assert!(err.contains("`max` configures the run-time guard"), "{err}");
    let err = args_error(quote!(forbid, max = 1));
    assert!(
        err.contains("`forbid` and `max = N` cannot be combined"),
        "{err}"
    );
    let err = args_error(quote!(runtime_only, strict, pedantic, allow(a), deny(b)));
    for name in ["strict", "pedantic", "allow(..)", "deny(..)"] {
        assert!(
            err.contains(&format!(
                "`{name}` configures the static checks, which `runtime_only`"
            )),
            "{name}: {err}"
        );
    }
    // Switched-off options do not conflict.
    assert!(parse_args(quote!(static_only, forbid = false, runtime_only = false)).is_ok());
}
