//! Filters and gain math in an audio callback: biquad, libm, num-traits.

use biquad::{Biquad, Coefficients, DirectForm1, DirectForm2Transposed, ToHertz, Type};
use num_traits::Float;

use super::harness::{Case, Expect, case, run_case};
use super::support::{RATE, coefficients, df1, df2t, signal};

// ---- not allocating ----

pub fn lowpass_block(filter: &mut DirectForm1<f32>, block: &mut [f32]) {
    for x in block.iter_mut() {
        *x = filter.run(*x);
    }
}

pub fn retune(filter: &mut DirectForm2Transposed<f32>, cutoff: f32) -> bool {
    match Coefficients::<f32>::from_params(
        Type::LowPass,
        RATE.hz(),
        cutoff.hz(),
        biquad::Q_BUTTERWORTH_F32,
    ) {
        Ok(coefficients) => {
            filter.update_coefficients(coefficients);
            true
        }
        Err(_) => false,
    }
}

pub fn design_peaking(cutoff: f32, gain_db: f32) -> Option<DirectForm1<f32>> {
    let coefficients =
        Coefficients::<f32>::from_params(Type::PeakingEQ(gain_db), RATE.hz(), cutoff.hz(), 0.7)
            .ok()?;
    Some(DirectForm1::<f32>::new(coefficients))
}

pub fn cascade(stages: &mut [DirectForm1<f32>], block: &mut [f32]) {
    for stage in stages.iter_mut() {
        for x in block.iter_mut() {
            *x = stage.run(*x);
        }
    }
}

pub fn run_stages(stages: &mut [&mut dyn Biquad<f32>], block: &mut [f32]) {
    for x in block.iter_mut() {
        for stage in stages.iter_mut() {
            *x = stage.run(*x);
        }
    }
}

pub fn soft_clip(block: &mut [f32]) {
    for x in block.iter_mut() {
        *x = libm::tanhf(*x * 1.5);
    }
}

pub fn db_to_gain(db: f32) -> f32 {
    libm::powf(10.0, db / 20.0)
}

pub fn rms<T: Float>(block: &[T]) -> T {
    let sum = block.iter().fold(T::zero(), |acc, &x| acc + x * x);
    (sum / T::from(block.len()).unwrap_or_else(T::one)).sqrt()
}

// ---- allocating, written in the body ----

pub fn filter_bank(cutoffs: &[f32]) -> Vec<DirectForm1<f32>> {
    cutoffs
        .iter()
        .map(|&cutoff| DirectForm1::<f32>::new(coefficients(cutoff)))
        .collect()
}

pub fn filtered_copy(filter: &mut DirectForm1<f32>, block: &[f32]) -> Vec<f32> {
    block.iter().map(|&x| filter.run(x)).collect()
}

pub fn gain_curve(points: usize) -> Vec<f32> {
    let mut curve = vec![0.0; points];
    for (i, gain) in curve.iter_mut().enumerate() {
        *gain = libm::powf(10.0, -(i as f32) / 20.0);
    }
    curve
}

pub fn describe_filter(coefficients: &Coefficients<f32>) -> String {
    format!("{coefficients:?}")
}

pub fn boxed_stage(cutoff: f32) -> Box<dyn Biquad<f32>> {
    Box::new(DirectForm2Transposed::<f32>::new(coefficients(cutoff)))
}

/// Allocates only when the cutoff is rejected.
pub fn design_error(cutoff: f32) -> Option<String> {
    match Coefficients::<f32>::from_params(
        Type::HighPass,
        RATE.hz(),
        cutoff.hz(),
        biquad::Q_BUTTERWORTH_F32,
    ) {
        Ok(_) => None,
        Err(e) => Some(format!("cannot design a {cutoff} Hz high-pass: {e:?}")),
    }
}

// ---- allocating in a crate-local helper ----

fn octave_bank(lowest: f32, bands: usize) -> Vec<DirectForm1<f32>> {
    (0..bands)
        .map(|band| df1(lowest * libm::powf(2.0, band as f32)))
        .collect()
}

pub fn equalizer(bands: usize) -> usize {
    octave_bank(31.25, bands).len()
}

pub const CASES: &[Case] = &[
    case!(
        lowpass_block,
        Nothing,
        [(df1(1_000.0), signal(256))],
        |(f, b)| { lowpass_block(f, b) }
    ),
    case!(retune, Nothing, [df2t(1_000.0)], |f| retune(f, 2_500.0)),
    case!(design_peaking, Nothing, [(1_000.0f32, 6.0f32)], |(c, g)| {
        design_peaking(*c, *g).is_some()
    }),
    case!(
        cascade,
        Nothing,
        [(vec![df1(500.0), df1(2_000.0)], signal(256))],
        |(s, b)| cascade(s, b)
    ),
    case!(
        run_stages,
        Nothing,
        [(df1(500.0), df2t(4_000.0), signal(256))],
        |(a, b, block)| run_stages(&mut [a, b], block)
    ),
    case!(soft_clip, Nothing, [signal(256)], |b| soft_clip(b)),
    case!(db_to_gain, Nothing, [-6.0f32], |db| db_to_gain(*db)),
    case!(rms, Nothing, [vec![0.5f64; 256]], |b| rms(b)),
    case!(
        filter_bank,
        Body,
        [vec![100.0f32, 1_000.0, 10_000.0]],
        |c| { filter_bank(c) }
    ),
    case!(filtered_copy, Body, [(df1(1_000.0), signal(256))], |(
        f,
        b,
    )| {
        filtered_copy(f, b)
    }),
    case!(gain_curve, Body, [64usize], |n| gain_curve(*n)),
    case!(describe_filter, Body, [coefficients(1_000.0)], |c| {
        describe_filter(c)
    }),
    case!(boxed_stage, Body, [1_000.0f32], |c| boxed_stage(*c)),
    case!(
        design_error,
        Body,
        [1_000.0f32, 30_000.0],
        |c| design_error(*c)
    ),
    case!(equalizer, Helper, [10usize], |n| equalizer(*n)),
];
