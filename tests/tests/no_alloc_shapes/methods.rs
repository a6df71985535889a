//! `#[no_alloc]` on methods: inherent ones with every receiver, trait default methods and
//! implementations, the methods of an annotated impl block, the fns of an annotated inline mod.

use std::hint::black_box;

use qadapt::{no_alloc, protection_level};

use crate::common::{heap, qadapt_panic_unprotected as qadapt_panic};

crate::source_helpers!("methods.rs");

// ---- inherent methods, every receiver ----

struct Widget {
    level: usize,
    buf: Vec<u8>,
}

impl Widget {
    fn new(buf: Vec<u8>) -> Widget {
        Widget { level: 0, buf }
    }

    #[no_alloc]
    fn by_ref(&self, extra: usize) -> usize {
        if extra > 0 {
            black_box(heap(extra));
        }
        protection_level() + self.buf.len()
    }

    #[no_alloc]
    fn by_mut(&mut self, extra: usize) -> usize {
        self.level = protection_level();
        if extra > 0 {
            black_box(heap(extra));
        }
        self.level
    }

    #[no_alloc]
    fn by_value(self) -> usize {
        protection_level() + self.level
    }

    #[no_alloc]
    fn by_box(self: Box<Self>) -> Box<Self> {
        self
    }

    #[no_alloc]
    fn consume_box(self: Box<Self>) -> usize {
        self.level
    }
}

/// A method annotated alone: the attribute sees the method's tokens only, not the impl's self
/// type, so reports read the type at run time (`core::any::type_name::<Self>`): the region reads
/// `module::Type::method`, as for the methods of an annotated impl block, below.
#[test]
fn inherent_methods() {
    let mut w = Widget::new(Vec::new());
    assert_eq!(w.by_ref(0), 1);
    assert_eq!(w.by_mut(0), 1);
    assert_eq!(w.level, 1);
    let message = qadapt_panic(|| w.by_ref(8));
    assert_report(
        &message,
        "allocation of 8 bytes (align 1)",
        "Widget::by_ref",
        "by_ref",
    );
    let message = qadapt_panic(|| w.by_mut(9));
    assert_report(
        &message,
        "allocation of 9 bytes (align 1)",
        "Widget::by_mut",
        "by_mut",
    );
    assert_eq!(protection_level(), 0);

    // `self` by value: dropped inside the region.
    assert_eq!(Widget::new(Vec::new()).by_value(), 1);
    let w = Widget::new(heap(32));
    let message = qadapt_panic(move || w.by_value());
    assert_report(
        &message,
        "deallocation of 32 bytes (align 1)",
        "Widget::by_value",
        "by_value",
    );

    // `self: Box<Self>`: kept, nothing happens; consumed, the box is freed inside the region.
    let boxed = Box::new(Widget::new(Vec::new()));
    let boxed = boxed.by_box();
    let message = qadapt_panic(move || boxed.consume_box());
    let size = std::mem::size_of::<Widget>();
    let align = std::mem::align_of::<Widget>();
    assert_report(
        &message,
        &format!("deallocation of {size} bytes (align {align})"),
        "Widget::consume_box",
        "consume_box",
    );
}

struct Holder<T>(T);

impl<T: Copy> Holder<T> {
    #[no_alloc]
    fn widen(&self, extra: usize) -> T {
        black_box(heap(extra));
        self.0
    }
}

/// The type is read at run time; messages cut its generic arguments to `<..>` (a real crate's
/// can run to hundreds of characters; `Policy::Report`'s JSON keeps them).
#[test]
fn a_generic_method_annotated_alone_names_its_type_with_generics_cut() {
    let holder = Holder(7u8);
    assert_eq!(holder.widen(0), 7);
    let message = qadapt_panic(|| holder.widen(5));
    assert_report(
        &message,
        "allocation of 5 bytes (align 1)",
        "Holder<..>::widen",
        "widen",
    );
    let nested = Holder(Some((1u16, [2u32; 3])));
    let message = qadapt_panic(|| nested.widen(6));
    assert_report(
        &message,
        "allocation of 6 bytes (align 1)",
        "Holder<..>::widen",
        "widen",
    );
}

// ---- traits: default methods, implementations, every receiver ----

trait Shape {
    /// Required: no body (the attribute there is an error, see ui/misuse/on_required_method.rs).
    fn area(&self) -> u32;

    /// A default method, annotated alone: named after the implementing type at run time.
    #[no_alloc]
    fn doubled_area(&self, extra: usize) -> (usize, u32) {
        if extra > 0 {
            black_box(heap(extra));
        }
        (protection_level(), 2 * self.area())
    }
}

struct Square(u32);

#[no_alloc]
impl Shape for Square {
    fn area(&self) -> u32 {
        // A trait impl's method opens its own region, nested in the caller's when called from
        // `doubled_area`.
        assert!(protection_level() >= 1);
        self.0 * self.0
    }
}

trait Resize {
    fn grow(&mut self, by: usize) -> usize;
    fn into_len(self) -> usize;
    fn boxed_len(self: Box<Self>) -> usize;
}

#[no_alloc]
impl Resize for Widget {
    fn grow(&mut self, by: usize) -> usize {
        if by > 0 {
            self.buf = heap(by);
        }
        protection_level()
    }

    fn into_len(self) -> usize {
        self.buf.len() + protection_level()
    }

    fn boxed_len(self: Box<Self>) -> usize {
        let level = protection_level();
        // Freeing the box here would be a violation: it is parked, reachable (no leak for Miri).
        *PARKED.lock().unwrap() = Some(self);
        level
    }
}

/// Where `boxed_len` keeps its box: storing into it neither allocates nor frees.
static PARKED: std::sync::Mutex<Option<Box<Widget>>> = std::sync::Mutex::new(None);

#[test]
fn trait_methods_and_default_methods() {
    assert_eq!(Square(3).area(), 9);
    assert_eq!(Square(3).doubled_area(0), (1, 18));
    let message = qadapt_panic(|| Square(2).doubled_area(5));
    assert_report(
        &message,
        "allocation of 5 bytes (align 1)",
        "Square::doubled_area",
        "doubled_area",
    );

    let mut w = Widget::new(Vec::new());
    assert_eq!(w.grow(0), 1);
    let message = qadapt_panic(|| w.grow(6));
    let at = nth_name_location("grow", 1, 2);
    assert_report_at(
        &message,
        "allocation of 6 bytes (align 1)",
        "Widget::grow",
        &at,
    );
    assert_eq!(Widget::new(Vec::new()).into_len(), 1);
    let w = Widget::new(heap(7));
    let message = qadapt_panic(move || w.into_len());
    let at = nth_name_location("into_len", 1, 2);
    assert_report_at(
        &message,
        "deallocation of 7 bytes (align 1)",
        "Widget::into_len",
        &at,
    );
    let boxed = Box::new(Widget::new(Vec::new()));
    assert_eq!(boxed.boxed_len(), 1);
}

// ---- an impl block, an inline mod, nested attributes ----

struct Mixer {
    gain: f32,
}

#[no_alloc]
impl Mixer {
    fn apply(&self, out: &mut [f32], extra: usize) -> usize {
        for o in out.iter_mut() {
            *o *= self.gain;
        }
        if extra > 0 {
            black_box(heap(extra));
        }
        protection_level()
    }

    fn associated(extra: usize) -> usize {
        if extra > 0 {
            black_box(heap(extra));
        }
        protection_level()
    }

    /// Its own attribute, its own options: no run-time guard here.
    #[no_alloc(static_only)]
    fn unguarded(&self, extra: usize) -> usize {
        black_box(heap(extra));
        protection_level()
    }
}

#[no_alloc]
mod dsp {
    use std::hint::black_box;

    pub fn gain(samples: &mut [f32], g: f32, extra: usize) -> usize {
        for s in samples.iter_mut() {
            *s *= g;
        }
        if extra > 0 {
            black_box(super::heap(extra));
        }
        qadapt::protection_level()
    }

    pub struct Filter(pub f32);

    impl Filter {
        pub fn step(&mut self, x: f32) -> (usize, f32) {
            self.0 = 0.5 * self.0 + 0.5 * x;
            (qadapt::protection_level(), self.0)
        }
    }

    pub mod inner {
        pub fn deep(extra: usize) -> usize {
            if extra > 0 {
                std::hint::black_box(super::super::heap(extra));
            }
            qadapt::protection_level()
        }
    }

    pub const UNTOUCHED: usize = 3;
}

#[test]
fn impl_block_and_inline_mod() {
    let m = Mixer { gain: 2.0 };
    let mut out = [1.0, 2.0];
    assert_eq!(m.apply(&mut out, 0), 1);
    assert_eq!(out, [2.0, 4.0]);
    assert_eq!(Mixer::associated(0), 1);
    let message = qadapt_panic(|| m.apply(&mut out, 2));
    assert_report(
        &message,
        "allocation of 2 bytes (align 1)",
        "Mixer::apply",
        "apply",
    );
    let message = qadapt_panic(|| Mixer::associated(3));
    assert_report(
        &message,
        "allocation of 3 bytes (align 1)",
        "Mixer::associated",
        "associated",
    );
    assert_eq!(m.unguarded(16), 0);

    let mut samples = [1.0, -1.0];
    assert_eq!(dsp::gain(&mut samples, 3.0, 0), 1);
    assert_eq!(samples, [3.0, -3.0]);
    let mut filter = dsp::Filter(0.0);
    assert_eq!(filter.step(1.0), (1, 0.5));
    assert_eq!(dsp::inner::deep(0), 1);
    assert_eq!(dsp::UNTOUCHED, 3);
    let message = qadapt_panic(|| dsp::gain(&mut samples, 1.0, 5));
    assert_report(
        &message,
        "allocation of 5 bytes (align 1)",
        "dsp::gain",
        "gain",
    );
    let message = qadapt_panic(|| dsp::inner::deep(6));
    assert_report(
        &message,
        "allocation of 6 bytes (align 1)",
        "dsp::inner::deep",
        "deep",
    );
}
