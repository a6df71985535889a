//! Bodies nested deeper than the analysis walks: it stops there, says where
//! ([`Analysis::too_deep`]), keeps what it found above, and never overflows
//! its stack. Each test runs on a thread of 2 MiB (what a test thread gets by
//! default; a proc macro has rustc's 8), and builds its tree in a loop, since
//! parsing it would recurse too. The trees are leaked: dropping one recurses.

use qadapt_lints::{Analysis, MAX_DEPTH, Options, analyse, analyse_fn, may_find};
use syn::{Block, Expr, Stmt};

/// Runs `test` on a thread of 2 MiB.
fn on_small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(test)
        .expect("spawn")
        .join()
        .expect("the analysis ran to the end");
}

/// `template` with its hole (`x`, reached by `hole`) filled by the previous
/// round, `depth` times over: a tree `depth` levels deep, built without
/// recursion.
fn nest(depth: usize, template: &str, hole: fn(&mut Expr) -> Option<&mut Expr>) -> Expr {
    let template: Expr = syn::parse_str(template).expect("template");
    let mut tree: Expr = syn::parse_str("x").expect("leaf");
    for _ in 0..depth {
        let mut next = template.clone();
        let slot = hole(&mut next).expect("the template has a hole");
        *slot = tree;
        tree = next;
    }
    tree
}

/// The only expression of a block `{ x }`.
fn tail(block: &mut Block) -> Option<&mut Expr> {
    match block.stmts.last_mut()? {
        Stmt::Expr(expr, _) => Some(expr),
        _ => None,
    }
}

/// `{ let boxed = Box::new(1u8); <deep> }`: one finding above the deep part.
fn body_around(deep: Expr) -> Block {
    let mut block: Block =
        syn::parse_str("{ let boxed = Box::new(1u8); x }").expect("body template");
    *tail(&mut block).expect("tail") = deep;
    block
}

fn check(deep: Expr) {
    let block = body_around(deep);
    let analysis: Analysis = analyse(&block, &Options::default());
    assert_eq!(analysis.findings.len(), 1, "{:?}", analysis.findings);
    assert_eq!(analysis.findings[0].construct, "`Box::new`");
    assert!(
        analysis.too_deep.is_some(),
        "the walk says where it stopped"
    );
    std::mem::forget(block);
}

#[test]
fn a_long_sum() {
    // A left-deep tree: `((x + a) + a) + ...`.
    on_small_stack(|| {
        check(nest(4000, "x + a", |e| match e {
            Expr::Binary(binary) => Some(&mut binary.left),
            _ => None,
        }))
    });
}

#[test]
fn nested_blocks() {
    on_small_stack(|| {
        check(nest(2000, "{ x }", |e| match e {
            Expr::Block(block) => tail(&mut block.block),
            _ => None,
        }))
    });
}

#[test]
fn a_deep_if_else_chain() {
    on_small_stack(|| {
        check(nest(2000, "if a == 1 { 1 } else { x }", |e| match e {
            Expr::If(expr_if) => match &mut expr_if.else_branch {
                Some((_, otherwise)) => match &mut **otherwise {
                    Expr::Block(block) => tail(&mut block.block),
                    _ => None,
                },
                None => None,
            },
            _ => None,
        }))
    });
}

#[test]
fn many_unary_minus() {
    on_small_stack(|| {
        check(nest(5000, "-x", |e| match e {
            Expr::Unary(unary) => Some(&mut unary.expr),
            _ => None,
        }))
    });
}

#[test]
fn a_long_method_chain_with_a_finding_on_top() {
    // The finding covers the whole chain: its ends are found without
    // printing it.
    on_small_stack(|| {
        let chain = nest(4000, "x.wrapping_add(1)", |e| match e {
            Expr::MethodCall(call) => Some(&mut call.receiver),
            _ => None,
        });
        let mut on_top: Expr = syn::parse_str("x.to_string()").expect("call");
        if let Expr::MethodCall(call) = &mut on_top {
            *call.receiver = chain;
        }
        let analysis = analyse(&body_around(on_top), &Options::default());
        let constructs: Vec<&str> = analysis
            .findings
            .iter()
            .map(|finding| finding.construct.as_str())
            .collect();
        assert_eq!(constructs, ["`Box::new`", "`.to_string()`"]);
        assert!(analysis.too_deep.is_some());
        std::mem::forget(analysis);
    });
}

#[test]
fn deep_closures_with_the_signature() {
    on_small_stack(|| {
        let deep = nest(1000, "f(|| x)", |e| match e {
            Expr::Call(call) => match call.args.first_mut() {
                Some(Expr::Closure(closure)) => Some(&mut closure.body),
                _ => None,
            },
            _ => None,
        });
        let sig: syn::Signature = syn::parse_str("fn g(a: &str) -> String").expect("signature");
        let block = body_around(deep);
        let analysis = analyse_fn(&sig, &block, &Options::default());
        assert_eq!(analysis.findings.len(), 1, "{:?}", analysis.findings);
        assert!(analysis.too_deep.is_some());
        std::mem::forget(block);
    });
}

#[test]
fn deep_macro_arguments_stay_unread() {
    on_small_stack(|| {
        // Deep enough that parsing the arguments would overflow; syn's own
        // token buffer, built for the block, takes 700 bytes a level.
        let depth = 1000;
        let source = format!(
            "{{ let boxed = Box::new(1u8); println!(\"{{}}\", {}x{}); }}",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let tokens: proc_macro2::TokenStream = source.parse().expect("tokens");
        // The macro's arguments stay tokens in syn's tree.
        let block: Block = syn::parse2(tokens.clone()).expect("block");
        let analysis = analyse(&block, &Options::default());
        assert_eq!(analysis.findings.len(), 1);
        assert!(may_find(&tokens, &Options::default()));
        std::mem::forget((block, tokens));
    });
}

#[test]
fn the_scans_beside_the_walk_stop_at_the_same_depth() {
    // After `let mut v = Vec::new();` the growth scan reads the rest of the
    // block for what happens to `v`, and a closure's body is read for the
    // names it captures: visitors of their own, which stop as deep as the
    // walk does.
    for template in ["{ x }", "|| x"] {
        on_small_stack(move || {
            let deep = nest(3000, template, |e| match e {
                Expr::Block(block) => tail(&mut block.block),
                Expr::Closure(closure) => Some(&mut closure.body),
                _ => None,
            });
            let mut block: Block =
                syn::parse_str("{ let mut v = Vec::new(); let boxed = Box::new(1u8); x }")
                    .expect("body template");
            *tail(&mut block).expect("tail") = deep;
            let analysis = analyse(&block, &Options::default());
            assert_eq!(analysis.findings.len(), 1, "{template}");
            assert!(analysis.too_deep.is_some(), "{template}");
            std::mem::forget(block);
        });
    }
}

#[test]
fn shallow_bodies_are_walked_whole() {
    let analysis = analyse(
        &body_around(nest(MAX_DEPTH / 4, "{ x }", |e| match e {
            Expr::Block(block) => tail(&mut block.block),
            _ => None,
        })),
        &Options::default(),
    );
    assert!(analysis.too_deep.is_none());
}
