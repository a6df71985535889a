//! The checker's walk on fixture crate graphs, one load each (the sysroot
//! costs about a second per load): what every kind of call reaches, across
//! crates and into std, and what it does not.

mod fixture;

use cargo_qadapt::load::LoadOptions;
use fixture::{Fixture, assert_text, findings, notes};

/// An application calling a dependency, with one root per kind of call
/// issue 13 lists.
const CALLS: &str = r#"
//- /app/Cargo.toml
[package]
name = "app"
version = "0.1.0"
edition = "2024"

[dependencies]
dep = { path = "../dep" }
qadapt = { path = "../qadapt" }

# Possible findings too.
[package.metadata.qadapt]
pedantic = true

[workspace]

//- /app/src/lib.rs
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Add, AddAssign, Deref, Index, Neg};

pub mod m {
    pub struct T(pub f32);
}

impl Add for m::T {
    type Output = m::T;
    fn add(self, other: m::T) -> m::T {
        let _ = Box::new(1);
        m::T(self.0 + other.0)
    }
}

impl AddAssign for m::T {
    fn add_assign(&mut self, other: m::T) {
        let _ = vec![other.0];
    }
}

impl Neg for m::T {
    type Output = m::T;
    fn neg(self) -> m::T {
        let _ = String::from("neg");
        m::T(-self.0)
    }
}

pub struct Table;

impl Index<usize> for Table {
    type Output = u8;
    fn index(&self, _: usize) -> &u8 {
        let _ = format!("index");
        &0
    }
}

pub struct Wrapper(pub [u8; 4]);

impl Deref for Wrapper {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        let _ = Box::new(2);
        &self.0
    }
}

pub struct Shout;

impl fmt::Display for Shout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loud = "hey".to_uppercase();
        f.write_str(&loud)
    }
}

pub struct Small;

impl Small {
    /// Not `ToString::to_string`: the type's own, which allocates nothing.
    pub fn to_string(&self) -> u8 {
        1
    }
}

pub struct LowError;
pub struct HighError(String);

impl From<LowError> for HighError {
    fn from(_: LowError) -> HighError {
        HighError("low".to_owned())
    }
}

fn low() -> Result<u8, LowError> {
    Ok(1)
}

pub trait Make {
    fn make() -> Self;
}

pub struct Made;

impl Make for Made {
    fn make() -> Made {
        let _ = Box::new(3);
        Made
    }
}

fn make_one<M: Make>() -> M {
    M::make()
}

#[derive(Clone)]
pub struct Named {
    name: String,
}

#[qadapt::no_alloc]
pub fn operators(a: f32, b: f32) -> f32 {
    let sum = m::T(a) + m::T(b);
    let mut acc = -sum;
    acc += m::T(1.0);
    acc.0
}

#[qadapt::no_alloc]
pub fn indexing(t: &Table) -> u8 {
    t[0]
}

#[qadapt::no_alloc]
pub fn auto_deref(w: &Wrapper) -> usize {
    w.len()
}

#[qadapt::no_alloc]
pub fn display(out: &mut dyn fmt::Write) -> fmt::Result {
    write!(out, "{}", Shout)
}

#[qadapt::no_alloc]
pub fn look_alike(s: &Small) -> u8 {
    s.to_string()
}

#[qadapt::no_alloc]
pub fn question_mark() -> Result<u8, HighError> {
    let x = low()?;
    Ok(x)
}

#[qadapt::no_alloc]
pub fn generic_call() -> Made {
    make_one::<Made>()
}

#[qadapt::no_alloc]
pub fn derived_clone(n: &Named) -> Named {
    n.clone()
}

#[qadapt::no_alloc]
pub fn closures(xs: &[u32]) -> usize {
    xs.iter().map(|x| x.to_string()).count()
}

#[qadapt::no_alloc]
pub fn std_not_catalogued(map: &mut BTreeMap<u32, u32>) {
    map.insert(1, 2);
}

#[qadapt::no_alloc]
pub fn panics_only(x: Option<u32>, v: &[u32]) -> u32 {
    let y = x.expect("a value");
    if y > 9 {
        panic!("too big: {}", y);
    }
    v[y as usize]
}

pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = format!("dropped");
    }
}

pub struct Holder {
    guard: Guard,
}

#[qadapt::no_alloc]
pub fn drops(h: Holder) {
    let _local = Guard;
    let _ = h;
}

pub struct Countdown(u32);

impl Iterator for Countdown {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let _ = Box::new(self.0);
        self.0 = self.0.checked_sub(1)?;
        Some(self.0)
    }
}

#[qadapt::no_alloc]
pub fn for_loop() -> u32 {
    let mut sum = 0;
    for i in Countdown(3) {
        sum += i;
    }
    sum
}

#[derive(Default)]
pub struct Settings {
    name: String,
    gain: f32,
}

#[qadapt::no_alloc]
pub fn defaults() -> Settings {
    Settings::default()
}

pub trait Effect {
    fn apply(&mut self, x: f32) -> f32;
}

pub struct Gain(f32);
pub struct Echo(Vec<f32>);

impl Effect for Gain {
    fn apply(&mut self, x: f32) -> f32 {
        x * self.0
    }
}

impl Effect for Echo {
    fn apply(&mut self, x: f32) -> f32 {
        self.0.push(x);
        x
    }
}

#[qadapt::no_alloc]
pub fn dynamic(effects: &mut [Box<dyn Effect>], x: f32) -> f32 {
    let mut y = x;
    for effect in effects.iter_mut() {
        y = effect.apply(y);
    }
    y
}

#[qadapt::no_alloc]
pub fn fn_pointer(f: fn(u32) -> u32) -> u32 {
    f(1)
}

/// `allow(write)` names the macro: its call is allowed (not the method
/// called by its own name).
#[qadapt::no_alloc(allow(write))]
pub fn allowed_write(out: &mut String) {
    let _ = std::fmt::Write::write_str(out, "");
    let _ = write!(out, "x");
}

/// qadapt's escape hatch: nothing inside is walked.
#[qadapt::no_alloc]
pub fn escape_hatch() -> usize {
    qadapt::allow_alloc(|| format!("inside").len())
}

#[qadapt::no_alloc]
pub fn into_dependency(buf: &mut [f32]) -> usize {
    dep::process(buf);
    let mut v = dep::fixed::Vec::new();
    v.push(1);
    qadapt::opaque();
    v.len()
}

//- /dep/Cargo.toml
[package]
name = "dep"
version = "0.3.1"
edition = "2021"

//- /dep/src/lib.rs
pub mod fixed;

pub fn process(buf: &mut [f32]) {
    let history = Vec::<f32>::with_capacity(buf.len() + 1);
    drop(history);
}

//- /dep/src/fixed.rs
/// A fixed-capacity look-alike of std's `Vec`.
pub struct Vec {
    items: [u8; 8],
    len: usize,
}

impl Vec {
    pub fn new() -> Vec {
        Vec { items: [0; 8], len: 0 }
    }

    pub fn push(&mut self, item: u8) {
        if self.len < 8 {
            self.items[self.len] = item;
            self.len += 1;
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }
}

//- /qadapt/Cargo.toml
[package]
name = "qadapt"
version = "0.1.0"
edition = "2024"

//- /qadapt/src/lib.rs
pub fn opaque() {
    let _ = Box::new(0);
}

pub fn allow_alloc<R>(f: impl FnOnce() -> R) -> R {
    f()
}
"#;

#[test]
fn every_kind_of_call_is_followed() {
    let fixture = Fixture::new(CALLS);
    let report = fixture.check("app/Cargo.toml", LoadOptions::default());
    assert_text(
        &findings(&report),
        "
        allowed_write: possible String::write_str at src/lib.rs:254:30 via allowed_write
        auto_deref: definite Box::new at src/lib.rs:46:22 via auto_deref > Wrapper::deref
        closures: definite .to_string() at src/lib.rs:150:25 via closures
        derived_clone: definite .clone() at src/lib.rs:145:7 via derived_clone
        display: definite str::to_uppercase at src/lib.rs:55:26 via display > Argument::new_display > Shout::fmt
        display: possible write! at src/lib.rs:124:5 via display
        drops: definite format! at src/lib.rs:171:17 via drops > Guard::drop
        dynamic: possible .push() at src/lib.rs:231:16 via dynamic > Echo::apply
        for_loop: definite Box::new at src/lib.rs:190:22 via for_loop > Countdown::next
        generic_call: definite Box::new at src/lib.rs:90:22 via generic_call > make_one > Made::make
        indexing: definite format! at src/lib.rs:36:17 via indexing > Table::index
        into_dependency: definite Vec::with_capacity at dep-0.3.1/src/lib.rs:4:31 via into_dependency > process
        operators: definite Box::new at src/lib.rs:12:22 via operators > T::add
        operators: definite String::from at src/lib.rs:26:25 via operators > T::neg
        operators: definite vec! at src/lib.rs:19:17 via operators > T::add_assign
        question_mark: possible .to_owned() at src/lib.rs:74:25 via question_mark > Result::from_residual > HighError::from
        std_not_catalogued: possible .insert() at src/lib.rs:155:9 via std_not_catalogued
        ",
    );
    assert_text(
        &notes(&report),
        "
        ambiguous-call at src/lib.rs:240: `Effect::apply` may be `Echo::apply` or `Gain::apply`: following both
        call-not-followed at src/lib.rs:124: `Write::write_fmt` is called through a `dyn Write`, and the crate graph has no impl of `Write` outside std: not followed
        fn-pointer at src/lib.rs:247: a call through a function pointer is not followed
        ",
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

/// Roots named by `--root` and by the configuration's `roots`, in a
/// dependency: its API checked before it is called from a real-time
/// thread.
const ROOTS: &str = r#"
//- /app/Cargo.toml
[package]
name = "app"
version = "0.1.0"
edition = "2024"

[dependencies]
ring = { path = "../ring" }

[package.metadata.qadapt]
roots = ["ring::Ring::push"]
pedantic = true

[workspace]

//- /app/src/lib.rs
pub fn nothing_annotated() {}

//- /ring/Cargo.toml
[package]
name = "ring"
version = "1.2.3"
edition = "2021"

//- /ring/src/lib.rs
pub struct Ring {
    items: Vec<u32>,
}

impl Ring {
    pub fn push(&mut self, item: u32) {
        if self.items.len() == self.items.capacity() {
            self.grow();
        }
        self.items.push(item);
    }

    fn grow(&mut self) {
        let mut bigger = Vec::with_capacity(self.items.len() * 2 + 1);
        bigger.extend_from_slice(&self.items);
        self.items = bigger;
    }

    pub fn pop(&mut self) -> Option<u32> {
        self.items.pop()
    }
}
"#;

#[test]
fn roots_in_dependencies() {
    let fixture = Fixture::new(ROOTS);
    let options = LoadOptions {
        roots: vec![qadapt_lints::PathPattern::parse("Ring::pop").unwrap()],
        ..LoadOptions::default()
    };
    let report = fixture.check("app/Cargo.toml", options);
    // `Ring::pop` (from `--root`) allocates nothing: a root, no finding.
    assert_eq!(report.stats.roots, 2);
    assert_text(
        &findings(&report),
        "
        Ring::push: definite Vec::with_capacity at ring-1.2.3/src/lib.rs:14:31 via Ring::push > Ring::grow
        Ring::push: possible .extend_from_slice() at ring-1.2.3/src/lib.rs:15:16 via Ring::push > Ring::grow
        Ring::push: possible .push() at ring-1.2.3/src/lib.rs:10:20 via Ring::push
        ",
    );
}

/// 2000 nested blocks: the walk has no recursion of its own, and the
/// engine runs on a thread with room for its own.
#[test]
fn deep_input_does_not_abort() {
    let mut body = String::from("let _ = Box::new(1);");
    for _ in 0..2000 {
        body = format!("{{ {body} }}");
    }
    let text = format!(
        "//- /deep/Cargo.toml\n[package]\nname = \"deep\"\nversion = \"0.1.0\"\nedition = \"2024\"\n[workspace]\n\
         //- /deep/src/lib.rs\n#[no_alloc]\npub fn deep() {{ {body} }}\n"
    );
    let fixture = Fixture::new(&text);
    let report = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || fixture.check("deep/Cargo.toml", LoadOptions::default()))
        .unwrap()
        .join()
        .unwrap();
    assert_text(
        &findings(&report),
        "deep: definite Box::new at src/lib.rs:2:4030 via deep",
    );
}

/// Without std's sources (no `rust-src`), calls into std do not resolve:
/// std is judged by the catalogue, by name, as the attribute judges it,
/// and the crate's own calls are still followed; it is said once.
#[test]
fn without_std_sources_std_is_judged_by_name() {
    let fixture = Fixture::new(
        r#"
//- /app/Cargo.toml
[package]
name = "app"
version = "0.1.0"
edition = "2024"
[workspace]
//- /app/src/lib.rs
#[no_alloc]
pub fn process(n: u32) -> usize {
    label(n).len()
}

fn label(n: u32) -> String {
    format!("voice {n}")
}
"#,
    );
    let options = LoadOptions {
        without_std_sources: true,
        ..LoadOptions::default()
    };
    let report = fixture.check("app/Cargo.toml", options);
    assert_text(
        &findings(&report),
        "process: definite format! at src/lib.rs:7:5 via process > label",
    );
    let said: Vec<&str> = report
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .filter(|m| m.contains("rust-src"))
        .collect();
    assert_eq!(said.len(), 1, "{:?}", report.problems);
}
