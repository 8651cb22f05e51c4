//! `#[arg(prompt = "Title")]`: a value no source gave is asked for on the
//! terminal (`secret`: without echo). Off a terminal nothing is asked and
//! the argument is missing as usual.
//!
//! A table names [`read`] only for an argument with a prompt, so an app
//! without one links none of this.
//!
//! Hidden input turns the terminal's echo off with termios, by hand: the
//! maintained crate for it (`rpassword`) brings an `impl Into<SafeString>
//! for &str` that rustc then quotes in every flash user's type errors about
//! `default = "..."` (seen in the ui suite), for some twenty lines of libc.

use std::ffi::OsString;
use std::io::{BufRead, Write};

use crate::cli::arg::{check_value, ArgSpec};
use crate::cli::text::concat;

pub use crate::cli::arg::{Prompt, ReadPrompt};

/// Whether a prompt would be shown: stdin is a terminal.
///
/// Asked of fd 0 itself, not of `std::io::stdin()`: the parser asks it for
/// every required argument with a prompt, and `stdin()` would link its
/// buffered handle's lazy set-up into every app, prompts or not.
pub fn can_prompt() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: `isatty` only inspects the descriptor; fd 0 may be
        // closed, which it reports as not a terminal.
        unsafe { libc::isatty(libc::STDIN_FILENO) == 1 }
    }
    #[cfg(not(unix))]
    {
        use std::io::IsTerminal;
        std::io::stdin().is_terminal()
    }
}

/// The [`ReadPrompt`] of every prompt.
pub fn read(arg: &ArgSpec, allow_empty: bool) -> Result<Option<OsString>, String> {
    let Some(prompt) = &arg.prompt else {
        return Ok(None);
    };
    match ask(prompt, allow_empty) {
        Ok(Some(answer)) => {
            let raw = OsString::from(answer);
            check_value(arg, &raw)?;
            Ok(Some(raw))
        }
        Ok(None) => Ok(None),
        Err(e) => Err(concat(&[
            "cannot read '",
            arg.display,
            "' from the terminal: ",
            &e.to_string(),
        ])),
    }
}

fn ask(prompt: &Prompt, allow_empty: bool) -> std::io::Result<Option<String>> {
    if !can_prompt() {
        return Ok(None);
    }
    let title = format!("{}: ", prompt.title);
    loop {
        let answer = {
            let mut err = std::io::stderr().lock();
            err.write_all(title.as_bytes())?;
            err.flush()?;
            // Echo off for a secret, until this block ends however it ends.
            let _echo = if prompt.secret {
                Some(NoEcho::start()?)
            } else {
                None
            };
            let mut line = String::new();
            let read = std::io::stdin().lock().read_line(&mut line)?;
            if prompt.secret || read == 0 {
                // The Enter that was not echoed, or the end of input: leave
                // the prompt's line.
                let _ = err.write_all(b"\n");
            }
            if read == 0 {
                return Ok(None);
            }
            line.truncate(line.trim_end_matches(['\r', '\n']).len());
            line
        };
        if !answer.is_empty() || allow_empty {
            return Ok((!answer.is_empty()).then_some(answer));
        }
    }
}

/// The terminal on stdin with its echo off; on again when dropped.
struct NoEcho {
    #[cfg(unix)]
    saved: libc::termios,
}

impl NoEcho {
    #[cfg(unix)]
    fn start() -> std::io::Result<NoEcho> {
        // SAFETY: `termios` is plain data, filled in by `tcgetattr` before
        // it is read; fd 0 is the terminal (`can_prompt` checked it).
        unsafe {
            let mut term: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut term) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let saved = term;
            term.c_lflag &= !libc::ECHO;
            if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSAFLUSH, &term) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(NoEcho { saved })
        }
    }

    /// Elsewhere the answer is read as it is typed.
    #[cfg(not(unix))]
    fn start() -> std::io::Result<NoEcho> {
        Ok(NoEcho {})
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        // SAFETY: restores the settings `start` read from the same fd.
        #[cfg(unix)]
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSAFLUSH, &self.saved);
        }
    }
}
