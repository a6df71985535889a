//! Truth: what a case allocates, measured with `qadapt::count_allocs` on each
//! of its typical inputs.

use super::subject::Subject;

/// Whether a case allocates, over its typical inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// No input made it allocate.
    Never,
    /// Some inputs made it allocate and some did not: it depends on run-time
    /// state (capacity, map contents, a parse error), so "possible" is the
    /// right verdict.
    Sometimes,
    /// Every input made it allocate: "definite" is the right verdict.
    Always,
}

impl Truth {
    pub fn allocates(self) -> bool {
        self != Truth::Never
    }

    pub fn label(self) -> &'static str {
        match self {
            Truth::Never => "-",
            Truth::Sometimes => "sometimes",
            Truth::Always => "always",
        }
    }
}

/// What the runs of one case showed.
pub struct Measured {
    pub truth: Truth,
    pub allocations: usize,
    pub reallocations: usize,
    /// A second pass with fresh inputs gave another verdict for some input.
    pub unstable: bool,
}

/// Runs the case twice on fresh inputs; an input allocates if it did in
/// either pass (a lazily initialised dependency allocates on the first).
pub fn measure(subject: &Subject) -> Measured {
    let mut passes: Vec<Vec<(usize, usize)>> = Vec::with_capacity(2);
    for _ in 0..2 {
        let mut stats = Vec::with_capacity(4);
        (subject.run)(&mut |run: &mut dyn FnMut()| {
            let ((), s) = qadapt::count_allocs(run);
            stats.push((s.allocations, s.reallocations));
        });
        assert!(!stats.is_empty(), "{}: no input was measured", subject.name);
        passes.push(stats);
    }
    let (first, second) = (&passes[0], &passes[1]);
    assert_eq!(first.len(), second.len(), "{}: inputs differ", subject.name);
    let allocates = |(a, r): (usize, usize)| a + r > 0;
    let per_input: Vec<bool> = first
        .iter()
        .zip(second)
        .map(|(&x, &y)| allocates(x) || allocates(y))
        .collect();
    let truth = if per_input.iter().all(|&a| a) {
        Truth::Always
    } else if per_input.iter().any(|&a| a) {
        Truth::Sometimes
    } else {
        Truth::Never
    };
    let sum = |pass: &[(usize, usize)]| pass.iter().fold((0, 0), |(a, r), &(x, y)| (a + x, r + y));
    let (a0, r0) = sum(first);
    let (a1, r1) = sum(second);
    Measured {
        truth,
        allocations: a0.max(a1),
        reallocations: r0.max(r1),
        unstable: first
            .iter()
            .zip(second)
            .any(|(&x, &y)| allocates(x) != allocates(y)),
    }
}
