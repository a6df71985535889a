//! Growth of collections created empty in the same body.
//!
//! `v.push(x)` allocates only when `v` is full, which in general depends on
//! where `v` came from, so it is a possible finding. But in
//!
//! ```text
//! let mut line = String::new();
//! for part in parts {
//!     line.push_str(part);
//! }
//! ```
//!
//! `line` starts without a buffer, and nothing but growth touches it: by the
//! time any `push_str` has added something, an allocation has happened. The
//! first growth in source order is then reported as definite.
//!
//! This holds only while every use of the binding is known not to give it a
//! buffer that was allocated elsewhere, so the rule is deliberately narrow:
//!
//! - the binding is `let mut x = C::new()` (or `vec![]`, `C::default()`,
//!   `C::with_capacity(0)`) for a std `Vec`, `VecDeque`, `String`,
//!   `HashMap`, `HashSet`, `BTreeMap` or `BTreeSet`;
//! - every later use of `x` in its block is a growth method of that
//!   collection, a method from a short list that cannot give it a buffer
//!   (`len`, `iter`, `clear`, `pop`, ...), a shared borrow `&x`, an index,
//!   or a move (`return x`, `f(x)`: `x` cannot be used again without an
//!   assignment);
//! - anything else gives up: an assignment `x = ..`, a `&mut x` (a callee
//!   could swap a buffer in), an unknown method (it may take `&mut self`),
//!   `reserve` (the growth after it would not be the allocation), a
//!   shadowing binding of the same name, a macro that is not a std macro
//!   (it may do anything with the names it is given) or does not parse;
//! - the growth is not inside a closure or an async block (which may never
//!   run), and does not look like it adds zero-sized elements
//!   (`v.push(())`, `v.push(Marker)`), nor nothing at all
//!   (`s.push_str("")`, `v.extend_from_slice(&[])`, `v.resize(0, x)`).

use crate::depth::{Nested, deeper};
use crate::macro_args;
use crate::syntax::{is_empty_data, is_unit, is_zero, strip};
use syn::visit::Visit;
use syn::{
    BinOp, Expr, ExprAssign, ExprAsync, ExprBinary, ExprClosure, ExprConst, ExprField,
    ExprMethodCall, ExprPath, ExprReference, Item, Lit, Local, Macro, Pat, PatIdent, Stmt, Type,
};

/// The collections whose empty values own no buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Empty {
    Vec,
    VecDeque,
    String,
    /// `HashMap`, `HashSet`, `BTreeMap`, `BTreeSet`.
    Map,
}

impl Empty {
    fn from_name(name: &str) -> Option<Empty> {
        Some(match name {
            "Vec" => Empty::Vec,
            "VecDeque" => Empty::VecDeque,
            "String" => Empty::String,
            "HashMap" | "HashSet" | "BTreeMap" | "BTreeSet" => Empty::Map,
            _ => return None,
        })
    }

    /// Methods that add elements. (`BTreeMap::append` is missing on purpose:
    /// appending to an empty map swaps the other map's nodes in.)
    fn grows(self, method: &str) -> bool {
        match self {
            Empty::Vec => matches!(
                method,
                "push"
                    | "insert"
                    | "extend"
                    | "extend_from_slice"
                    | "append"
                    | "resize"
                    | "resize_with"
                    | "write_all"
                    | "write_fmt"
            ),
            Empty::VecDeque => matches!(
                method,
                "push_back"
                    | "push_front"
                    | "insert"
                    | "extend"
                    | "append"
                    | "resize"
                    | "resize_with"
            ),
            Empty::String => matches!(
                method,
                "push"
                    | "push_str"
                    | "insert"
                    | "insert_str"
                    | "extend"
                    | "write_str"
                    | "write_char"
                    | "write_fmt"
            ),
            Empty::Map => matches!(method, "insert" | "extend"),
        }
    }

    /// Whether the elements may be zero-sized, so that growth never
    /// allocates.
    fn holds_elements(self) -> bool {
        matches!(self, Empty::Vec | Empty::VecDeque)
    }
}

/// Methods that cannot give the collection a buffer it did not allocate.
const NEUTRAL: &[&str] = &[
    "len",
    "is_empty",
    "capacity",
    "iter",
    "iter_mut",
    "into_iter",
    "as_str",
    "as_slice",
    "as_bytes",
    "as_mut_slice",
    "chars",
    "bytes",
    "lines",
    "contains",
    "contains_key",
    "starts_with",
    "ends_with",
    "get",
    "get_mut",
    "first",
    "last",
    "first_mut",
    "last_mut",
    "keys",
    "values",
    "values_mut",
    "clear",
    "truncate",
    "pop",
    "pop_front",
    "pop_back",
    "remove",
    "swap_remove",
    "retain",
    "retain_mut",
    "dedup",
    "sort",
    "sort_unstable",
    "sort_by",
    "sort_by_key",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "reverse",
    "drain",
    "clone",
    "to_vec",
    "to_owned",
    "to_string",
    "eq",
    "ne",
    "join",
    "concat",
    "trim",
];

/// The addresses of the growth sites to report as definite in the
/// statements of one block: `ExprMethodCall`, `Macro` (`write!`) or
/// `ExprBinary` (`+=`, `+`) nodes of the syntax tree.
/// `shadowed` says whether a path starting with a name may not be std's (see
/// [`crate::imports`]): `Vec::new()` after `use heapless::Vec;` is no
/// empty std collection.
pub(crate) fn scan(stmts: &[Stmt], shadowed: &dyn Fn(&str) -> bool) -> Vec<usize> {
    let mut sites = Vec::new();
    for (index, stmt) in stmts.iter().enumerate() {
        let Stmt::Local(local) = stmt else {
            continue;
        };
        let Some((name, empty)) = empty_local(local, shadowed) else {
            continue;
        };
        let mut scan = Scan {
            name: &name,
            empty,
            gave_up: false,
            first: None,
            deferred: 0,
            reparsed: 0,
            depth: 0,
        };
        for stmt in &stmts[index + 1..] {
            scan.visit_stmt(stmt);
            if scan.gave_up {
                break;
            }
        }
        if !scan.gave_up
            && let Some(site) = scan.first
        {
            sites.push(site);
        }
    }
    sites
}

/// `let mut x = Vec::new();` and the like: the name and the collection.
fn empty_local(local: &Local, shadowed: &dyn Fn(&str) -> bool) -> Option<(String, Empty)> {
    let init = local.init.as_ref()?;
    if init.diverge.is_some() {
        return None;
    }
    let (pat, annotation) = match &local.pat {
        Pat::Type(pat) => (&*pat.pat, Some(&*pat.ty)),
        pat => (pat, None),
    };
    let Pat::Ident(PatIdent {
        by_ref: None,
        ident,
        subpat: None,
        ..
    }) = pat
    else {
        return None;
    };
    let empty = empty_constructor(&init.expr, shadowed)?;
    if let Some(ty) = annotation
        && empty.holds_elements()
        && crate::types::element(ty).is_some_and(crate::types::maybe_zero_sized)
    {
        return None;
    }
    Some((ident.to_string(), empty))
}

/// `Vec::new()`, `Vec::<u8>::default()`, `String::with_capacity(0)`,
/// `vec![]`, `std::collections::HashMap::new()`.
fn empty_constructor(expr: &Expr, shadowed: &dyn Fn(&str) -> bool) -> Option<Empty> {
    match strip(expr) {
        Expr::Macro(mac) => {
            if shadowed(&mac.mac.path.segments.first()?.ident.to_string()) {
                return None;
            }
            let last = mac.mac.path.segments.last()?;
            (last.ident == "vec" && mac.mac.tokens.is_empty()).then_some(Empty::Vec)
        }
        Expr::Call(call) => {
            let Expr::Path(func) = strip(&call.func) else {
                return None;
            };
            if func.qself.is_some() {
                return None;
            }
            let segments = &func.path.segments;
            let len = segments.len();
            if len < 2 || shadowed(&segments[0].ident.to_string()) {
                return None;
            }
            if len > 2
                && !matches!(
                    segments[0].ident.to_string().as_str(),
                    "std" | "alloc" | "collections" | "string" | "vec"
                )
            {
                return None;
            }
            let empty = Empty::from_name(&segments[len - 2].ident.to_string())?;
            let function = segments[len - 1].ident.to_string();
            let args: Vec<&Expr> = call.args.iter().collect();
            match (function.as_str(), args.as_slice()) {
                ("new" | "default", []) => Some(empty),
                ("with_capacity", [arg]) if is_zero(arg) => Some(empty),
                _ => None,
            }
        }
        _ => None,
    }
}

struct Scan<'n> {
    name: &'n str,
    empty: Empty,
    gave_up: bool,
    /// The first growth site outside closures and re-parsed macro
    /// arguments.
    first: Option<usize>,
    /// Inside a closure or an async block, which may not run.
    deferred: usize,
    /// Inside re-parsed macro arguments, whose nodes are temporary.
    reparsed: usize,
    /// Levels of nesting below the statements scanned.
    depth: usize,
}

impl Scan<'_> {
    fn is_binding(&self, expr: &Expr) -> bool {
        crate::scopes::local_name(expr).is_some_and(|name| name == self.name)
    }

    fn grow(&mut self, address: usize) {
        if self.first.is_none() && self.deferred == 0 && self.reparsed == 0 {
            self.first = Some(address);
        }
    }

    /// What a growth method adds.
    fn adds(&self, call: &ExprMethodCall) -> Adds {
        let method = call.method.to_string();
        let args: Vec<&Expr> = call.args.iter().collect();
        let element = match (method.as_str(), args.as_slice()) {
            ("resize" | "resize_with", [len, _]) if is_zero(len) => return Adds::Nothing,
            (
                "push_str" | "extend" | "extend_from_slice" | "append" | "write_str" | "write_all",
                [data],
            )
            | ("insert_str", [_, data])
                if is_empty_data(data) =>
            {
                return Adds::Nothing;
            }
            ("push" | "push_back" | "push_front", [value]) => Some(*value),
            ("insert", [_, value]) if self.empty != Empty::Map => Some(*value),
            ("resize", [_, value]) => Some(*value),
            _ => None,
        };
        if self.empty.holds_elements() && element.is_some_and(may_be_zero_sized) {
            Adds::MaybeZeroSized
        } else {
            Adds::Something
        }
    }
}

enum Adds {
    Something,
    Nothing,
    MaybeZeroSized,
}

/// `()`, `[]`, a closure, or what may be a unit struct.
fn may_be_zero_sized(expr: &Expr) -> bool {
    match strip(expr) {
        _ if is_unit(expr) => true,
        Expr::Closure(_) => true,
        Expr::Struct(s) => s.fields.is_empty() && s.rest.is_none(),
        Expr::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| crate::syntax::is_type_like(&last.ident.to_string())),
        Expr::Call(call) => {
            call.args.is_empty()
                && matches!(strip(&call.func), Expr::Path(path)
                    if path.path.segments.last().is_some_and(|last| crate::syntax::is_type_like(&last.ident.to_string())))
        }
        _ => false,
    }
}

impl<'ast> Visit<'ast> for Scan<'_> {
    fn visit_stmt(&mut self, stmt: &'ast Stmt) {
        if !self.gave_up {
            syn::visit::visit_stmt(self, stmt);
        }
    }

    // Deeper than the analysis walks, what happens to the binding is not
    // known: give up.
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if !self.gave_up && !deeper(self, |scan| syn::visit::visit_expr(scan, expr)) {
            self.gave_up = true;
        }
    }

    fn visit_pat(&mut self, pat: &'ast Pat) {
        if !self.gave_up && !deeper(self, |scan| syn::visit::visit_pat(scan, pat)) {
            self.gave_up = true;
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        if !self.is_binding(&call.receiver) {
            syn::visit::visit_expr_method_call(self, call);
            return;
        }
        let method = call.method.to_string();
        if self.empty.grows(&method) {
            match self.adds(call) {
                Adds::Something => self.grow(call as *const ExprMethodCall as usize),
                Adds::Nothing => {}
                Adds::MaybeZeroSized => {
                    self.gave_up = true;
                    return;
                }
            }
        } else if !NEUTRAL.contains(&method.as_str()) {
            self.gave_up = true;
            return;
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_reference(&mut self, reference: &'ast ExprReference) {
        if reference.mutability.is_some() && self.is_binding(&reference.expr) {
            self.gave_up = true;
            return;
        }
        syn::visit::visit_expr_reference(self, reference);
    }

    fn visit_expr_assign(&mut self, assign: &'ast ExprAssign) {
        if self.is_binding(&assign.left) {
            self.gave_up = true;
            return;
        }
        syn::visit::visit_expr_assign(self, assign);
    }

    fn visit_expr_binary(&mut self, binary: &'ast ExprBinary) {
        if self.is_binding(&binary.left) {
            match binary.op {
                BinOp::AddAssign(_) | BinOp::Add(_) if self.empty == Empty::String => {
                    if !is_empty_data(&binary.right) {
                        self.grow(binary as *const ExprBinary as usize);
                    }
                }
                BinOp::Eq(_)
                | BinOp::Ne(_)
                | BinOp::Lt(_)
                | BinOp::Le(_)
                | BinOp::Gt(_)
                | BinOp::Ge(_) => {}
                _ => {
                    self.gave_up = true;
                    return;
                }
            }
            self.visit_expr(&binary.right);
            return;
        }
        syn::visit::visit_expr_binary(self, binary);
    }

    fn visit_expr_field(&mut self, field: &'ast ExprField) {
        if self.is_binding(&field.base) {
            self.gave_up = true;
            return;
        }
        syn::visit::visit_expr_field(self, field);
    }

    /// A bare use: a move or a read.
    fn visit_expr_path(&mut self, _: &'ast ExprPath) {}

    fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
        if pat.ident == self.name {
            self.gave_up = true;
            return;
        }
        syn::visit::visit_pat_ident(self, pat);
    }

    fn visit_expr_closure(&mut self, closure: &'ast ExprClosure) {
        self.deferred += 1;
        syn::visit::visit_expr_closure(self, closure);
        self.deferred -= 1;
    }

    fn visit_expr_async(&mut self, block: &'ast ExprAsync) {
        self.deferred += 1;
        syn::visit::visit_expr_async(self, block);
        self.deferred -= 1;
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        // A macro of the crate's may do anything with the names it is
        // given: assign, lend mutably, shadow.
        if !macro_args::is_std(&name) && mentions(mac.tokens.clone(), self.name) {
            self.gave_up = true;
            return;
        }
        let Some(args) = macro_args::parse(mac) else {
            if mentions(mac.tokens.clone(), self.name) {
                self.gave_up = true;
            }
            return;
        };
        let mut rest = args.evaluated.iter().chain(&args.on_failure);
        if matches!(name.as_str(), "write" | "writeln")
            && let Some(destination) = args.evaluated.first()
        {
            let destination = match strip(destination) {
                Expr::Reference(reference) if reference.mutability.is_some() => &reference.expr,
                other => other,
            };
            if self.is_binding(destination) {
                rest.next();
                let builds_nothing = name == "write"
                    && args.evaluated.len() == 2
                    && is_empty_data(&args.evaluated[1]);
                let grows = match self.empty {
                    Empty::String => true,
                    Empty::Vec => true,
                    Empty::VecDeque | Empty::Map => false,
                };
                if !grows {
                    self.gave_up = true;
                    return;
                }
                if !builds_nothing {
                    self.grow(mac as *const Macro as usize);
                }
            }
        }
        self.reparsed += 1;
        for arg in rest {
            self.visit_expr(arg);
        }
        self.reparsed -= 1;
    }

    fn visit_local(&mut self, local: &'ast Local) {
        syn::visit::visit_local(self, local);
    }

    fn visit_item(&mut self, _: &'ast Item) {}
    fn visit_expr_const(&mut self, _: &'ast ExprConst) {}
    fn visit_type(&mut self, _: &'ast Type) {}
    fn visit_lit(&mut self, _: &'ast Lit) {}
}

impl Nested for Scan<'_> {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}

/// Whether `tokens` contain the identifier `name` (read with a stack of its
/// own: the tokens may nest deeper than a recursion could go).
fn mentions(tokens: proc_macro2::TokenStream, name: &str) -> bool {
    let mut open = vec![tokens.into_iter()];
    while let Some(tokens) = open.last_mut() {
        match tokens.next() {
            Some(proc_macro2::TokenTree::Ident(ident)) if ident == name => return true,
            Some(proc_macro2::TokenTree::Group(group)) => open.push(group.stream().into_iter()),
            Some(_) => {}
            None => {
                open.pop();
            }
        }
    }
    false
}
