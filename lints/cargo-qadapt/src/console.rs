//! Everything `cargo qadapt` writes goes through here, and nothing here
//! panics: `print!` and `eprint!` panic when their stream cannot be
//! written (`2>/dev/full`), which made the checker exit 101.
//!
//! A write that fails, to a stream that was closed at start (see
//! [`crate::stdio`]), a full device or a closed pipe, is remembered, and
//! [`Console::exit_code`] turns any exit code into 2 then: the output the
//! user asked for was not delivered. A failed stdout is said on stderr when
//! stderr still works; after stderr fails, nothing more is written there.

use crate::progress::{Progress, ProgressLine};
use std::cell::{Cell, RefCell};
use std::io::{self, IsTerminal, Write};
use std::time::Instant;

/// The two output streams, their state and the terminal's progress line.
pub struct Console {
    color: bool,
    stdout_failed: Cell<bool>,
    stderr_failed: Cell<bool>,
    /// Drawn on stderr when it is a terminal; `None` when it is not shown.
    progress: RefCell<Option<ProgressLine>>,
}

impl Console {
    /// Colours when stderr is a terminal and `NO_COLOR` is unset or empty.
    pub fn new() -> Console {
        let color = io::stderr().is_terminal()
            && !crate::stdio::stderr_was_closed()
            && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
        Console {
            color,
            stdout_failed: Cell::new(false),
            stderr_failed: Cell::new(false),
            progress: RefCell::new(None),
        }
    }

    /// Whether stderr's text is coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether stderr is a terminal a progress line can be drawn on.
    pub fn stderr_is_terminal(&self) -> bool {
        io::stderr().is_terminal() && !crate::stdio::stderr_was_closed()
    }

    /// Whether stdout is a terminal.
    pub fn stdout_is_terminal(&self) -> bool {
        io::stdout().is_terminal() && !crate::stdio::stdout_was_closed()
    }

    /// Shows an updating progress line on stderr from now on (see
    /// [`ProgressLine`]).
    pub fn enable_progress(&self) {
        if self.stderr_is_terminal() {
            *self.progress.borrow_mut() = Some(ProgressLine::new(Instant::now()));
        }
    }

    /// Writes `text` to stdout.
    pub fn out(&self, text: &str) {
        if self.stdout_failed.get() {
            return;
        }
        let result = if crate::stdio::stdout_was_closed() {
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "it was closed"))
        } else {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
        };
        if let Err(err) = result {
            self.stdout_failed.set(true);
            self.error(&format!("could not write to stdout: {err}"));
        }
    }

    /// Writes `text` to stderr, below the progress line.
    pub fn err(&self, text: &str) {
        let clear = self
            .progress
            .borrow_mut()
            .as_mut()
            .map_or(String::new(), |line| line.clear());
        if clear.is_empty() {
            self.write_stderr(text);
        } else {
            self.write_stderr(&format!("{clear}{text}"));
        }
    }

    /// `error: message` on stderr, as cargo prints it.
    pub fn error(&self, message: &str) {
        self.labelled("error", "91", message);
    }

    /// `warning: message` on stderr.
    pub fn warning(&self, message: &str) {
        self.labelled("warning", "33", message);
    }

    /// `label: message`, the label in the ANSI colour `color` on a terminal.
    fn labelled(&self, label: &str, color: &str, message: &str) {
        let text = if self.color {
            format!("\x1b[1m\x1b[{color}m{label}\x1b[0m\x1b[1m: {message}\x1b[0m\n")
        } else {
            format!("{label}: {message}\n")
        };
        self.err(&text);
    }

    /// A cargo-style status line: `    Checking name (..)`.
    pub fn status(&self, verb: &str, text: &str) {
        self.err(&status_line(verb, text, self.color));
    }

    /// Redraws the progress line, when one is shown and it is time to.
    pub fn progress(&self, verb: &str, done: usize, total: Option<usize>, what: &str) {
        let drawn = match self.progress.borrow_mut().as_mut() {
            Some(line) => line.update(Instant::now(), verb, done, total, what, self.color),
            None => return,
        };
        if let Some(text) = drawn {
            self.write_stderr(&text);
        }
    }

    /// Removes the progress line, if it is drawn.
    pub fn clear_progress(&self) {
        let clear = self
            .progress
            .borrow_mut()
            .as_mut()
            .map_or(String::new(), |line| line.clear());
        if !clear.is_empty() {
            self.write_stderr(&clear);
        }
    }

    /// Records that stdout's output could not be delivered (it could not
    /// be made).
    pub fn out_failed(&self) {
        self.stdout_failed.set(true);
    }

    /// Whether some output could not be written.
    pub fn failed(&self) -> bool {
        self.stdout_failed.get() || self.stderr_failed.get()
    }

    /// `code`, or 2 when some output could not be written.
    pub fn exit_code(&self, code: i32) -> i32 {
        self.clear_progress();
        if self.failed() { 2 } else { code }
    }

    fn write_stderr(&self, text: &str) {
        if self.stderr_failed.get() {
            return;
        }
        if !write_stderr(text) {
            self.stderr_failed.set(true);
        }
    }
}

impl Default for Console {
    fn default() -> Console {
        Console::new()
    }
}

/// Writes `text` to stderr; `false` when it could not be written. For the
/// last words of a process that has no [`Console`] left.
pub fn write_stderr(text: &str) -> bool {
    if crate::stdio::stderr_was_closed() {
        return false;
    }
    let mut stderr = io::stderr().lock();
    stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush())
        .is_ok()
}

/// `    Checking name (..)`, the verb right-aligned in 12 columns, bold
/// green on a terminal.
pub fn status_line(verb: &str, text: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m\x1b[32m{verb:>12}\x1b[0m {text}\n")
    } else {
        format!("{verb:>12} {text}\n")
    }
}

/// The pipeline's [`Progress`], shown on a [`Console`]: status lines on
/// stderr unless quiet, and the updating line where the console shows one
/// ([`Console::enable_progress`]).
pub struct ConsoleProgress<'c> {
    pub console: &'c Console,
    pub quiet: bool,
}

impl Progress for ConsoleProgress<'_> {
    fn status(&mut self, verb: &str, text: &str) {
        if !self.quiet {
            self.console.status(verb, text);
        }
    }

    fn step(&mut self, verb: &str, done: usize, total: Option<usize>, what: &str) {
        self.console.progress(verb, done, total, what);
    }
}
