// On an impl block, a trait and an inline mod: every fn with a body, each named as the user
// knows it. An inner item with its own attribute uses its own options.
#![deny(deprecated)]

use qadapt::no_alloc;

struct Mixer {
    gain: f32,
}

#[no_alloc]
impl Mixer {
    fn process(&self, input: &[f32]) -> usize {
        let owned = input.to_vec(); //~
        owned.len() + self.gain as usize
    }

    #[no_alloc(allow(format))]
    fn describe(&self) -> usize {
        format!("gain {}", self.gain).len()
    }
}

trait Render {
    fn name(&self) -> &str;

    #[no_alloc]
    fn title(&self) -> usize {
        self.name().to_uppercase().len() + self.name().to_string().len() //~
    }
}

impl Render for Mixer {
    fn name(&self) -> &str {
        "mixer"
    }
}

#[no_alloc]
mod dsp {
    pub fn gain(samples: &[f32]) -> usize {
        Box::new(samples.len()).leading_zeros() as usize //~
    }

    pub mod deeper {
        pub fn label() -> usize {
            String::from("deep").len() //~
        }
    }
}

fn main() {
    let m = Mixer { gain: 1.0 };
    let _ = m.process(&[1.0]) + m.describe() + m.title() + dsp::gain(&[]) + dsp::deeper::label();
}
