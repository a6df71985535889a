//! What went wrong: the record a violation leaves behind, and the region it names.
//!
//! Everything here is `Copy`, so the allocator can record a violation without touching the heap.
//! How it reads (its `Display`) is in `messages.rs`.

use core::fmt;
use core::panic::Location;

/// Which allocator call broke the region's promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    /// `alloc` or `alloc_zeroed`.
    Allocation,
    /// `realloc`: a `Vec` or `String` grew (or shrank) in place of a fresh allocation.
    Reallocation,
    /// `dealloc`: something was freed.
    Deallocation,
}

impl ViolationKind {
    /// The word used in every message: `allocation`, `reallocation` or `deallocation`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ViolationKind::Allocation => "allocation",
            ViolationKind::Reallocation => "reallocation",
            ViolationKind::Deallocation => "deallocation",
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The promise a region makes, which decides how its violations are worded.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    /// `protect()`, `assert_no_alloc!`, `enter_protected()`, `#[no_alloc]`.
    NoAlloc,
    /// `forbid_alloc`, `#[no_alloc(forbid)]`: `allow_alloc` inside does not lift it.
    Forbid,
    /// `assert_allocs!(max = N, ..)`, `#[no_alloc(max = N)]`: at most `N` allocations and
    /// reallocations (the `N` travels with the budget's state, so this can stay a constant).
    Budget,
}

/// What a region is, known before it runs: a constant, so a region names it with one pointer.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct RegionInfo {
    /// The function's path for `#[no_alloc]`; `None` for anonymous regions.
    pub name: Option<&'static str>,
    pub kind: RegionKind,
    /// For a method annotated alone (its `impl` is out of the attribute's sight):
    /// `core::any::type_name::<Self>`, so that reports name the type.
    pub owner: Option<fn() -> &'static str>,
}

/// Equal when they read the same: the type is compared by name (function pointers have no
/// meaningful identity).
impl PartialEq for RegionInfo {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.kind == other.kind
            && self.owner.map(|owner| owner()) == other.owner.map(|owner| owner())
    }
}

impl Eq for RegionInfo {}

/// How a region's name shows its generic arguments.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generics {
    /// As they are (`VecInner<u32, usize, VecStorageInner<[MaybeUninit<u32>; 8]>>::try_from`):
    /// for the JSON report.
    #[cfg_attr(not(feature = "std"), allow(dead_code))]
    Full,
    /// Each list cut to `<..>` (`VecInner<..>::try_from`): for messages people read.
    Cut,
}

impl RegionInfo {
    /// Writes the region's name: the function's path, or for a method annotated alone its
    /// type's (`core::any::type_name`) and then the method's own name. Nothing for an anonymous
    /// region. Allocation-free.
    pub(crate) fn write_name(&self, f: &mut dyn fmt::Write, generics: Generics) -> fmt::Result {
        let write = |f: &mut dyn fmt::Write, path: &str| match generics {
            Generics::Full => f.write_str(path),
            Generics::Cut => crate::type_names::write_cut(f, path),
        };
        match (self.name, self.owner) {
            // The method's own name after its type's path: `crate::dsp::Mixer::mix`.
            (Some(name), Some(owner)) => {
                let method = name.rsplit("::").next().unwrap_or(name);
                write(f, owner())?;
                write!(f, "::{method}")
            }
            (Some(name), None) => write(f, name),
            (None, _) => Ok(()),
        }
    }

    pub(crate) const NO_ALLOC: RegionInfo = RegionInfo {
        name: None,
        kind: RegionKind::NoAlloc,
        owner: None,
    };
    pub(crate) const FORBID: RegionInfo = RegionInfo {
        name: None,
        kind: RegionKind::Forbid,
        owner: None,
    };
    pub(crate) const BUDGET: RegionInfo = RegionInfo {
        name: None,
        kind: RegionKind::Budget,
        owner: None,
    };
}

/// Where a region was entered, and what it is: two pointers, cheap to save and restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    pub(crate) location: &'static Location<'static>,
    pub(crate) info: &'static RegionInfo,
}

/// One allocator call made where it was not allowed.
///
/// `Display` gives the sentence every qadapt message is built from, e.g.
/// ``reallocation of 8 -> 16 bytes (align 4) inside no-alloc region `demo::process`
/// (src/main.rs:12:5) on thread `main` ``.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Violation {
    pub(crate) kind: ViolationKind,
    pub(crate) size: usize,
    pub(crate) old_size: usize,
    pub(crate) align: usize,
    pub(crate) region: Option<Region>,
    /// For budget regions: how many allocations this one makes, counting itself.
    pub(crate) count: usize,
    /// For budget regions: the budget (`max`) exceeded.
    pub(crate) max: usize,
}

impl Violation {
    /// Allocation, reallocation or deallocation.
    pub fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// Bytes requested (for a reallocation: the new size; for a deallocation: the size freed).
    pub fn size(&self) -> usize {
        self.size
    }

    /// For a reallocation, the size before it; otherwise equal to [`size`](Self::size).
    pub fn old_size(&self) -> usize {
        self.old_size
    }

    /// The alignment of the layout involved.
    pub fn align(&self) -> usize {
        self.align
    }

    /// The region's name: the function's path for `#[no_alloc]` (`module::function`, or
    /// `module::Type::method` for the methods of an annotated `impl`), `None` for anonymous
    /// regions.
    pub fn region_name(&self) -> Option<&'static str> {
        self.region.and_then(|r| r.info.name)
    }

    /// For a method annotated alone, whose name is `module::method`: the type it was called on
    /// (`core::any::type_name`), which messages put in front of the method's name.
    pub fn region_type(&self) -> Option<&'static str> {
        self.region.and_then(|r| r.info.owner).map(|owner| owner())
    }

    /// Where the violated region was entered.
    pub fn region_location(&self) -> Option<&'static Location<'static>> {
        self.region.map(|r| r.location)
    }

    /// For a budget region, the budget (`max`) that this allocation exceeds.
    pub fn budget(&self) -> Option<usize> {
        match self.region?.info.kind {
            RegionKind::Budget => Some(self.max),
            _ => None,
        }
    }
}

impl fmt::Debug for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Violation")
            .field("kind", &self.kind)
            .field("size", &self.size)
            .field("old_size", &self.old_size)
            .field("align", &self.align)
            .field("region_name", &self.region_name())
            .field("region_location", &self.region_location())
            .field("budget", &self.budget())
            .finish()
    }
}
