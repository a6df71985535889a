//! Progress: what the pipeline says about work under way, and the one
//! updating line that shows it on a terminal, as cargo's does.
//!
//! The line is drawn on stderr only when stderr is a terminal, only once the
//! work has taken longer than [`DELAY`] (quick runs show none), and at most
//! every [`INTERVAL`]. It is cleared before anything else is written, so it
//! never ends up in the output. In a pipe nothing is drawn.

use std::time::{Duration, Instant};

/// How long work runs before the line appears.
pub const DELAY: Duration = Duration::from_millis(1000);
/// How often the line is redrawn.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// What the pipeline tells about its work. Stages call [`Progress::step`]
/// often; how much of that is shown is the implementation's business.
pub trait Progress {
    /// A line that stays, as cargo prints them: `    Checking name (..)`.
    fn status(&mut self, verb: &str, text: &str);
    /// Step `done` of `total` (when known) of the stage `verb`, now at
    /// `what` (a package, a function).
    fn step(&mut self, verb: &str, done: usize, total: Option<usize>, what: &str);
}

/// Shows nothing: for tests, benchmarks and the survey.
pub struct Silent;

impl Progress for Silent {
    fn status(&mut self, _: &str, _: &str) {}
    fn step(&mut self, _: &str, _: usize, _: Option<usize>, _: &str) {}
}

/// The state of the updating line on a terminal.
#[derive(Debug)]
pub struct ProgressLine {
    started: Instant,
    last: Option<Instant>,
    /// Whether a line is on the screen (and must be cleared).
    drawn: bool,
    width: usize,
}

impl ProgressLine {
    /// A line for work started at `now`, as wide as the terminal.
    pub fn new(now: Instant) -> ProgressLine {
        ProgressLine::with_width(now, terminal_width().unwrap_or(80))
    }

    fn with_width(now: Instant, width: usize) -> ProgressLine {
        ProgressLine {
            started: now,
            last: None,
            drawn: false,
            width: width.clamp(20, 200),
        }
    }

    /// The text that redraws the line, when it is time to.
    pub fn update(
        &mut self,
        now: Instant,
        verb: &str,
        done: usize,
        total: Option<usize>,
        what: &str,
        color: bool,
    ) -> Option<String> {
        if now.saturating_duration_since(self.started) < DELAY
            || self
                .last
                .is_some_and(|last| now.saturating_duration_since(last) < INTERVAL)
        {
            return None;
        }
        self.last = Some(now);
        self.drawn = true;
        Some(format!(
            "\r\x1b[K{}",
            render(verb, done, total, what, self.width, color)
        ))
    }

    /// The text that removes the line; empty when none is drawn.
    pub fn clear(&mut self) -> String {
        if std::mem::take(&mut self.drawn) {
            "\r\x1b[K".to_owned()
        } else {
            String::new()
        }
    }
}

/// `    Checking [=====>       ] 12/40: name`, or `    Checking 12: name`
/// when the total is not known; at most `width - 1` columns, so that the
/// terminal never wraps it (a wrapped line cannot be redrawn in place).
fn render(
    verb: &str,
    done: usize,
    total: Option<usize>,
    what: &str,
    width: usize,
    color: bool,
) -> String {
    let verb_text = format!("{verb:>12}");
    let mut plain = verb_text.clone();
    let mut line = if color {
        format!("\x1b[1m\x1b[36m{verb_text}\x1b[0m")
    } else {
        verb_text
    };
    let count = match total {
        Some(total) => {
            let done = done.min(total);
            const BAR: usize = 25;
            let filled = (BAR * done).checked_div(total).unwrap_or(BAR);
            let bar = if filled >= BAR {
                "=".repeat(BAR)
            } else {
                format!("{}>{}", "=".repeat(filled), " ".repeat(BAR - filled - 1))
            };
            format!(" [{bar}] {done}/{total}")
        }
        None => format!(" {done}"),
    };
    plain.push_str(&count);
    line.push_str(&count);
    let room = width
        .saturating_sub(1)
        .saturating_sub(plain.chars().count() + 2);
    if !what.is_empty() && room > 3 {
        let what: String = if what.chars().count() > room {
            let mut cut: String = what.chars().take(room - 3).collect();
            cut.push_str("...");
            cut
        } else {
            what.to_owned()
        };
        line.push_str(": ");
        line.push_str(&what);
    }
    line
}

/// Columns of the terminal on stderr.
fn terminal_width() -> Option<usize> {
    #[cfg(unix)]
    {
        // SAFETY: `winsize` is plain data, and `TIOCGWINSZ` writes one into
        // the pointer it is given, which points to a live local.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        // SAFETY: as above; on failure `size` is left untouched.
        let status = unsafe { libc::ioctl(2, libc::TIOCGWINSZ, &mut size) };
        if status == 0 && size.ws_col > 0 {
            return Some(usize::from(size.ws_col));
        }
    }
    std::env::var("COLUMNS").ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_after_the_delay_then_throttled() {
        let start = Instant::now();
        let mut line = ProgressLine::with_width(start, 80);
        let at = |ms| start + Duration::from_millis(ms);
        // Quick work shows nothing, and there is nothing to clear.
        assert_eq!(
            line.update(at(500), "Walking", 1, Some(4), "a", false),
            None
        );
        assert_eq!(line.clear(), "");
        let drawn = line
            .update(at(1000), "Walking", 1, Some(4), "mix", false)
            .unwrap();
        assert_eq!(
            drawn,
            "\r\x1b[K     Walking [======>                  ] 1/4: mix"
        );
        assert_eq!(
            line.update(at(1050), "Walking", 2, Some(4), "b", false),
            None
        );
        assert!(
            line.update(at(1100), "Walking", 2, Some(4), "b", false)
                .is_some()
        );
        assert_eq!(line.clear(), "\r\x1b[K");
        assert_eq!(line.clear(), "", "cleared once");
    }

    #[test]
    fn fits_the_terminal() {
        let text = render("Loading", 3, None, &"x".repeat(300), 40, false);
        assert_eq!(text.chars().count(), 39, "{text}");
        assert!(text.starts_with("     Loading 3: xxx") && text.ends_with("..."));
        let full = render("Walking", 9, Some(9), "", 80, false);
        assert_eq!(full, "     Walking [=========================] 9/9");
        let empty = render("Walking", 0, Some(0), "", 80, false);
        assert_eq!(empty, "     Walking [=========================] 0/0");
    }
}
