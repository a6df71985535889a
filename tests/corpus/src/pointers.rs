//! Boxes, reference counts and trait objects.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use super::harness::{Case, Expect, case, run_case};
use super::support::{Bypass, Effect, Event, Gain, event};

// ---- allocating, written in the body ----

pub fn box_event(event: Event) -> Box<Event> {
    Box::new(event)
}

pub fn gain_effect(gain: f32) -> Box<dyn Effect> {
    Box::new(Gain { gain })
}

pub fn shared_state(event: Event) -> Rc<Event> {
    Rc::new(event)
}

pub fn rc_unit() -> Rc<()> {
    Rc::new(())
}

pub fn shared_config(channels: u16) -> Arc<(u16, f32)> {
    Arc::new((channels, 48_000.0))
}

pub fn shared_name(name: &str) -> Arc<str> {
    Arc::from(name)
}

pub fn counter_cell() -> Rc<Cell<u32>> {
    Rc::default()
}

pub fn capturing_callback(scale: f32) -> Box<dyn Fn(f32) -> f32> {
    Box::new(move |x| x * scale)
}

pub fn boxed_literal() -> Box<str> {
    Box::from("default")
}

pub fn rc_from_slice(samples: &[f32]) -> Rc<[f32]> {
    Rc::from(samples)
}

// ---- allocating, but not by an obvious construct ----

pub fn boxed_name(name: &str) -> Box<str> {
    Box::from(name)
}

pub fn copy_on_write(shared: &mut Rc<Vec<u32>>) -> usize {
    Rc::make_mut(shared).push(1);
    shared.len()
}

// ---- not allocating ----

pub fn box_unit() -> Box<()> {
    Box::new(())
}

pub fn stateless_callback() -> Box<dyn Fn(f32) -> f32> {
    Box::new(|x| x * 0.5)
}

pub fn bypass_effect() -> Box<dyn Effect> {
    Box::new(Bypass)
}

pub fn empty_boxed_slice() -> Box<[f32]> {
    Box::default()
}

pub fn share_again(shared: &Rc<Vec<f32>>) -> Rc<Vec<f32>> {
    Rc::clone(shared)
}

pub fn arc_handle(shared: &Arc<str>) -> Arc<str> {
    shared.clone()
}

pub fn take_slot(slot: &mut Option<Box<Event>>) -> Option<Box<Event>> {
    slot.take()
}

pub fn apply_effect(effect: &dyn Effect, block: &mut [f32]) {
    for sample in block {
        *sample = effect.process(*sample);
    }
}

pub fn make_mut_unique(shared: &mut Rc<Vec<u32>>) -> usize {
    Rc::make_mut(shared)[0] += 1;
    shared.len()
}

pub fn default_arc_str() -> Arc<str> {
    Arc::default()
}

pub const CASES: &[Case] = &[
    case!(box_event, Body, [event()], |e| box_event(*e)),
    case!(gain_effect, Body, [0.5f32], |g| gain_effect(*g)),
    case!(shared_state, Body, [event()], |e| shared_state(*e)),
    case!(rc_unit, Body, [()], |()| rc_unit()),
    case!(shared_config, Body, [2u16], |c| shared_config(*c)),
    case!(shared_name, Body, ["main-bus"], |n| shared_name(n)),
    case!(counter_cell, Body, [()], |()| counter_cell()),
    case!(capturing_callback, Body, [0.25f32], |s| capturing_callback(
        *s
    )),
    case!(boxed_literal, Body, [()], |()| boxed_literal()),
    case!(rc_from_slice, Body, [vec![0.5f32; 8]], |s| rc_from_slice(s)),
    case!(boxed_name, Body, ["main-bus"], |n| boxed_name(n)),
    case!(
        copy_on_write,
        Body,
        [
            {
                let rc = Rc::new(vec![1u32, 2, 3]);
                (rc.clone(), Some(rc))
            },
            // The only owner, with room: no copy, no growth.
            (Rc::new(Vec::with_capacity(8)), None),
        ],
        |(a, _other_owner)| copy_on_write(a)
    ),
    case!(box_unit, Nothing, [()], |()| box_unit()),
    case!(stateless_callback, Nothing, [()], |()| stateless_callback()),
    case!(bypass_effect, Nothing, [()], |()| bypass_effect()),
    case!(empty_boxed_slice, Nothing, [()], |()| empty_boxed_slice()),
    case!(share_again, Nothing, [Rc::new(vec![0.5f32; 8])], |r| {
        share_again(r)
    }),
    case!(arc_handle, Nothing, [Arc::<str>::from("main-bus")], |a| {
        arc_handle(a)
    }),
    case!(
        take_slot,
        Nothing,
        [Some(Box::new(event()))],
        |s| take_slot(s)
    ),
    case!(apply_effect, Nothing, [vec![0.5f32; 8]], |b| apply_effect(
        &Gain { gain: 0.5 },
        b
    )),
    case!(make_mut_unique, Nothing, [Rc::new(vec![1u32, 2, 3])], |r| {
        make_mut_unique(r)
    }),
    case!(default_arc_str, Nothing, [()], |()| default_arc_str()),
];
