//! A small synthesizer engine, the kind of code `#[no_alloc]` is written
//! for: the `pub` methods of `Engine` run in the audio callback and are the
//! cases; the private methods and the other types' `pub(crate)` fns are the
//! crate's own helpers they call.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;

use super::harness::{Case, Expect, case, run_case};
use super::support::{Effect, Gain, signal};

const DELAY_LINE: usize = 512;

struct Voice {
    note: u8,
    velocity: f32,
    phase: f32,
    releasing: bool,
    delay: Vec<f32>,
}

impl Voice {
    /// A voice owns its delay line.
    pub(crate) fn new(note: u8, velocity: f32) -> Voice {
        Voice {
            note,
            velocity,
            phase: 0.0,
            releasing: false,
            delay: Vec::with_capacity(DELAY_LINE),
        }
    }

    pub(crate) fn render(&mut self, out: &mut [f32], step: f32) {
        for sample in out {
            self.phase = (self.phase + step).fract();
            *sample += (self.phase * 2.0 - 1.0) * self.velocity;
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Patch {
    name: String,
    cutoff: f32,
    resonance: f32,
}

impl Patch {
    pub(crate) fn rename(&mut self, name: impl Into<String>) {
        self.name = name.into();
    }
}

pub struct Preset {
    name: &'static str,
    cutoff: f32,
}

impl Preset {
    pub(crate) fn to_patch(&self) -> Patch {
        Patch {
            name: self.name.to_owned(),
            cutoff: self.cutoff,
            resonance: 0.1,
        }
    }
}

#[derive(Debug)]
pub struct EngineError {
    message: String,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

struct Wavetable {
    samples: Vec<f32>,
}

impl Wavetable {
    pub(crate) fn build(note: u8) -> Wavetable {
        let mut samples = vec![0.0f32; 2048];
        let step = note as f32 / 2048.0;
        for (i, s) in samples.iter_mut().enumerate() {
            *s = (i as f32 * step).fract();
        }
        Wavetable { samples }
    }
}

struct Scene {
    patch: Patch,
}

#[derive(Clone, Copy)]
pub struct ScheduledEvent {
    note: u8,
}

pub struct EngineState {
    gains: Vec<f32>,
    patch: Patch,
}

impl EngineState {
    pub(crate) fn capture(engine: &Engine) -> EngineState {
        EngineState {
            gains: engine.gains.to_vec(),
            patch: engine.patch.clone(),
        }
    }
}

/// Formats a label with the engine's prefix.
macro_rules! label {
    ($($arg:tt)*) => {
        format!("[synth] {}", format_args!($($arg)*))
    };
}

pub struct Engine {
    voices: Vec<Voice>,
    gains: Vec<f32>,
    log: Vec<String>,
    events: VecDeque<u8>,
    patch: Patch,
    scenes: Vec<Scene>,
    effects: Vec<Box<dyn Effect>>,
    tables: HashMap<u8, Wavetable>,
    timeline: BTreeMap<u64, ScheduledEvent>,
    sysex: Vec<Vec<u8>>,
    spare: Vec<f32>,
    sample_rate: f32,
    bpm: f32,
    tuning: f32,
    peak: f32,
}

impl Engine {
    pub(crate) fn for_tests() -> Engine {
        let mut tables = HashMap::with_capacity(16);
        tables.insert(60, Wavetable::build(60));
        Engine {
            voices: Vec::with_capacity(16),
            gains: signal(16),
            log: Vec::with_capacity(64),
            events: VecDeque::with_capacity(64),
            patch: Patch {
                name: String::from("init"),
                cutoff: 0.5,
                resonance: 0.1,
            },
            scenes: vec![
                Scene {
                    patch: Patch::default(),
                },
                Scene {
                    patch: Patch::default(),
                },
            ],
            effects: Vec::with_capacity(8),
            tables,
            timeline: BTreeMap::from([
                (0, ScheduledEvent { note: 60 }),
                (960, ScheduledEvent { note: 64 }),
            ]),
            sysex: Vec::with_capacity(8),
            spare: Vec::with_capacity(1024),
            sample_rate: 48_000.0,
            bpm: 120.0,
            tuning: 440.0,
            peak: 0.5,
        }
    }

    pub(crate) fn with_voices() -> Engine {
        let mut engine = Engine::for_tests();
        for note in [60, 64, 67] {
            engine.voices.push(Voice::new(note, 0.5));
        }
        engine
    }

    // ---- cases: allocating inside the engine's own helpers ----

    pub fn note_on(&mut self, note: u8, velocity: f32) {
        self.allocate_voice(note, velocity);
    }

    pub fn handle_midi(&mut self, bytes: &[u8]) {
        if let [status, note, velocity] = *bytes
            && status & 0xf0 == 0x90
        {
            self.note_on(note, velocity as f32 / 127.0);
        }
    }

    pub fn process_and_report(&mut self, out: &mut [f32]) -> usize {
        self.process(out);
        self.report_level().len()
    }

    pub fn set_param(&mut self, id: u32, value: f32) -> Result<(), EngineError> {
        self.check_param(id)?;
        self.patch.cutoff = value;
        Ok(())
    }

    pub fn param_name_len(&self, id: u32) -> usize {
        self.describe_param(id).len()
    }

    pub fn load_preset(&mut self, preset: &Preset) {
        self.patch = preset.to_patch();
    }

    pub fn log_xrun(&mut self, frames: usize) {
        self.log_message(frames);
    }

    pub fn active_count(&self) -> usize {
        self.active_notes().len()
    }

    pub fn tempo_text_len(&self) -> usize {
        Self::format_bpm(self.bpm).len()
    }

    pub fn export_state(&self) -> EngineState {
        EngineState::capture(self)
    }

    pub fn banner_len(&self) -> usize {
        label!("{} voices", self.voices.len()).len()
    }

    pub fn apply_automation(&mut self, points: &[(u32, f32)]) {
        let sorted = self.sorted_points(points);
        if let Some(&(_, value)) = sorted.last() {
            self.patch.cutoff = value;
        }
    }

    pub fn set_patch_name(&mut self, name: &str) {
        self.patch.rename(name);
    }

    pub fn insert_gain_stage(&mut self, gain: f32) {
        let effect = self.make_effect(gain);
        self.effects.push(effect);
    }

    pub fn warm_table(&mut self, note: u8) -> usize {
        self.table_for(note).samples.len()
    }

    pub fn patch_copy_len(&self) -> usize {
        self.patch_snapshot().name.len()
    }

    // ---- cases: allocating in the body ----

    pub fn store_sysex(&mut self, bytes: &[u8]) {
        self.sysex.push(bytes.to_vec());
    }

    pub fn debug_patch_len(&self) -> usize {
        format!("{:?}", self.patch).len()
    }

    pub fn voice_count_text(&self) -> String {
        self.voices.len().to_string()
    }

    // ---- cases: not allocating ----

    /// `rename` takes `impl Into<String>`: a `String` is moved in, not copied.
    pub fn adopt_patch_name(&mut self, name: &mut String) {
        self.patch.rename(std::mem::take(name));
    }

    /// A field of `Copy` type: `to_owned` copies the number.
    pub fn cutoff_copy(&self) -> f32 {
        self.patch.cutoff.to_owned()
    }

    /// A struct that derives `Clone` but owns no heap buffer.
    pub fn event_note(&self, event: &ScheduledEvent) -> u8 {
        event.clone().note
    }

    pub fn process(&mut self, out: &mut [f32]) {
        out.fill(0.0);
        let step = self.tuning / self.sample_rate;
        for voice in &mut self.voices {
            voice.render(out, step);
        }
        self.peak = Self::peak_of(out);
    }

    pub fn note_off(&mut self, note: u8) {
        for voice in &mut self.voices {
            if voice.note == note {
                voice.releasing = true;
            }
        }
    }

    pub fn queue_note(&mut self, note: u8) {
        self.events.push_back(note);
    }

    pub fn drain_notes(&mut self) -> usize {
        let mut count = 0;
        while let Some(note) = self.events.pop_front() {
            self.note_off(note);
            count += 1;
        }
        count
    }

    pub fn reset(&mut self) {
        self.clear_voices();
        self.peak = 0.0;
    }

    pub fn retune(&mut self, cents: f32) {
        self.tuning = 440.0 * (cents / 1200.0).exp2();
    }

    pub fn peak_db(&self) -> f32 {
        Self::to_db(self.peak)
    }

    pub fn switch_scene(&mut self, scene: usize) {
        std::mem::swap(&mut self.patch, &mut self.scenes[scene].patch);
    }

    pub fn schedule(&mut self, at: u64, note: u8) {
        self.timeline.insert(at, ScheduledEvent { note });
    }

    pub fn render_spare(&mut self, frames: usize) -> f32 {
        let mut buffer = self.take_spare(frames);
        for voice in &mut self.voices {
            voice.render(&mut buffer, 0.01);
        }
        let peak = Self::peak_of(&buffer);
        self.spare = buffer;
        peak
    }

    pub fn cached_table(&mut self, note: u8) -> f32 {
        self.tables.get(&note).map_or(0.0, |t| t.samples[0])
    }

    pub fn last_error_len(&self) -> usize {
        self.log.last().map_or(0, String::len)
    }

    // ---- the engine's own helpers ----

    fn allocate_voice(&mut self, note: u8, velocity: f32) {
        if let Some(voice) = self.voices.iter_mut().find(|v| v.releasing) {
            voice.note = note;
            voice.velocity = velocity;
            voice.releasing = false;
            voice.delay.clear();
        } else {
            self.voices.push(Voice::new(note, velocity));
        }
    }

    fn report_level(&self) -> String {
        format!("peak {:.1} dB", Self::to_db(self.peak))
    }

    fn check_param(&self, id: u32) -> Result<(), EngineError> {
        if id < 8 {
            Ok(())
        } else {
            Err(EngineError {
                message: format!("no parameter {id}"),
            })
        }
    }

    fn describe_param(&self, id: u32) -> String {
        match id {
            0 => "cutoff".to_string(),
            1 => "resonance".to_string(),
            _ => format!("param {id}"),
        }
    }

    fn log_message(&mut self, frames: usize) {
        let line = format!("xrun: {frames} frames late");
        self.log.push(line);
    }

    fn active_notes(&self) -> Vec<u8> {
        self.voices
            .iter()
            .filter(|v| !v.releasing)
            .map(|v| v.note)
            .collect::<Vec<_>>()
    }

    fn format_bpm(bpm: f32) -> String {
        bpm.to_string()
    }

    fn sorted_points(&self, points: &[(u32, f32)]) -> Vec<(u32, f32)> {
        let mut sorted = points.to_vec();
        sorted.sort_unstable_by_key(|p| p.0);
        sorted
    }

    fn make_effect(&self, gain: f32) -> Box<dyn Effect> {
        Box::new(Gain { gain })
    }

    fn table_for(&mut self, note: u8) -> &Wavetable {
        self.tables
            .entry(note)
            .or_insert_with(|| Wavetable::build(note))
    }

    fn patch_snapshot(&self) -> Patch {
        self.patch.clone()
    }

    fn clear_voices(&mut self) {
        self.voices.clear();
    }

    fn take_spare(&mut self, frames: usize) -> Vec<f32> {
        let mut buffer = std::mem::take(&mut self.spare);
        buffer.clear();
        buffer.resize(frames, 0.0);
        buffer
    }

    fn peak_of(block: &[f32]) -> f32 {
        block.iter().fold(0.0f32, |m, x| m.max(x.abs()))
    }

    fn to_db(gain: f32) -> f32 {
        20.0 * gain.max(1e-9).log10()
    }
}

fn engine() -> Engine {
    Engine::for_tests()
}

/// An engine whose wavetable for `note` is built already.
fn warmed_engine(note: u8) -> Engine {
    let mut engine = engine();
    engine.warm_table(note);
    engine
}

fn voiced() -> Engine {
    Engine::with_voices()
}

const PRESET: Preset = Preset {
    name: "warm pad",
    cutoff: 0.3,
};

pub const CASES: &[Case] = &[
    case!(note_on, Helper, [engine()], |e| e.note_on(60, 0.8)),
    case!(handle_midi, Helper, [engine()], |e| e
        .handle_midi(&[0x90, 60, 100])),
    case!(
        process_and_report,
        Helper,
        [(voiced(), vec![0.0f32; 64])],
        |(e, o)| { e.process_and_report(o) }
    ),
    case!(
        set_param,
        Helper,
        [(engine(), 2u32), (engine(), 9u32)],
        |(e, id)| { e.set_param(*id, 0.5) }
    ),
    case!(param_name_len, Helper, [engine()], |e| e.param_name_len(0)),
    case!(load_preset, Helper, [engine()], |e| e.load_preset(&PRESET)),
    case!(log_xrun, Helper, [engine()], |e| e.log_xrun(64)),
    case!(active_count, Helper, [voiced()], |e| e.active_count()),
    case!(tempo_text_len, Helper, [engine()], |e| e.tempo_text_len()),
    case!(export_state, Helper, [voiced()], |e| e.export_state()),
    case!(banner_len, Helper, [voiced()], |e| e.banner_len()),
    case!(
        apply_automation,
        Helper,
        [(engine(), vec![(3u32, 0.1f32), (1, 0.2)])],
        |(e, p)| { e.apply_automation(p) }
    ),
    case!(set_patch_name, Helper, [engine()], |e| e
        .set_patch_name("bright lead")),
    case!(insert_gain_stage, Helper, [engine()], |e| e
        .insert_gain_stage(0.5)),
    case!(warm_table, Helper, [engine(), warmed_engine(62)], |e| {
        e.warm_table(62)
    }),
    case!(patch_copy_len, Helper, [engine()], |e| e.patch_copy_len()),
    case!(store_sysex, Body, [engine()], |e| e
        .store_sysex(&[0xf0, 0x7e, 0xf7])),
    case!(debug_patch_len, Body, [engine()], |e| e.debug_patch_len()),
    case!(voice_count_text, Body, [voiced()], |e| e.voice_count_text()),
    case!(process, Nothing, [(voiced(), vec![0.0f32; 64])], |(
        e,
        o,
    )| e
        .process(o)),
    case!(note_off, Nothing, [voiced()], |e| e.note_off(64)),
    case!(queue_note, Nothing, [engine()], |e| e.queue_note(60)),
    case!(
        drain_notes,
        Nothing,
        [{
            let mut e = voiced();
            e.queue_note(60);
            e.queue_note(67);
            e
        }],
        |e| e.drain_notes()
    ),
    case!(reset, Nothing, [voiced()], |e| e.reset()),
    case!(retune, Nothing, [engine()], |e| e.retune(-50.0)),
    case!(peak_db, Nothing, [engine()], |e| e.peak_db()),
    case!(switch_scene, Nothing, [engine()], |e| e.switch_scene(1)),
    case!(schedule, Nothing, [engine()], |e| e.schedule(480, 62)),
    case!(render_spare, Nothing, [voiced()], |e| e.render_spare(256)),
    case!(cached_table, Nothing, [engine()], |e| e.cached_table(60)),
    case!(last_error_len, Nothing, [engine()], |e| e.last_error_len()),
    case!(
        adopt_patch_name,
        Nothing,
        [(engine(), String::from("lead"))],
        |(e, name)| { e.adopt_patch_name(name) }
    ),
    case!(cutoff_copy, Nothing, [engine()], |e| e.cutoff_copy()),
    case!(
        event_note,
        Nothing,
        [(engine(), ScheduledEvent { note: 61 })],
        |(e, event)| { e.event_note(event) }
    ),
];
