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
//! Echo goes off before the prompt is written (what is typed once the
//! prompt shows is never echoed, nor discarded by the switch), and comes
//! back on every way out: the answer read, an error, and a signal that
//! would end the process (SIGINT, SIGTERM, SIGHUP, SIGQUIT and the other
//! default-fatal ones), whose handler turns echo back on and then lets the
//! signal end the process as it would have. Scripts and parents without
//! job control do not repair a terminal left silent.

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
        crate::cli::output::is_terminal(libc::STDIN_FILENO)
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
            // Echo off for a secret, before the prompt shows and until
            // this block ends however it ends.
            let _echo = if prompt.secret {
                Some(NoEcho::start()?)
            } else {
                None
            };
            let mut err = std::io::stderr().lock();
            err.write_all(title.as_bytes())?;
            err.flush()?;
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

/// The terminal on stdin with its echo off; on again when dropped, or
/// when a signal ends the process meanwhile.
struct NoEcho {
    #[cfg(unix)]
    saved: libc::termios,
    /// The signals caught meanwhile, and their actions before.
    #[cfg(unix)]
    caught: Vec<(libc::c_int, libc::sigaction)>,
}

impl NoEcho {
    #[cfg(unix)]
    fn start() -> std::io::Result<NoEcho> {
        // SAFETY: `termios` is plain data, filled in by `tcgetattr` before
        // it is read; fd 0 is the terminal (`can_prompt` checked it).
        let saved = unsafe {
            let mut term: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut term) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            term
        };
        let mut quiet = saved;
        quiet.c_lflag &= !libc::ECHO;
        let mut no_echo = NoEcho {
            saved,
            caught: Vec::new(),
        };
        if saved.c_lflag & libc::ECHO != 0 {
            // Caught before echo goes off: a signal from here on puts it
            // back.
            no_echo.caught = restore_on_signals();
        }
        // TCSAFLUSH: what was typed before the prompt is not taken for
        // the answer.
        // SAFETY: a termios read from the same fd, with ECHO cleared.
        if unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSAFLUSH, &quiet) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(no_echo)
    }

    /// Elsewhere the answer is read as it is typed.
    #[cfg(not(unix))]
    fn start() -> std::io::Result<NoEcho> {
        Ok(NoEcho {})
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            // TCSANOW: what was typed after the answer stays for the next
            // read.
            // SAFETY: restores the settings `start` read from the same fd.
            unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &self.saved) };
            for (sig, prev) in self.caught.drain(..) {
                // SAFETY: the action sigaction(2) gave back.
                unsafe { libc::sigaction(sig, &prev, std::ptr::null_mut()) };
            }
        }
    }
}

/// The signals whose default action ends the process and that a user or
/// the system may send while a prompt waits.
#[cfg(unix)]
const FATAL: [libc::c_int; 12] = [
    libc::SIGINT,
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGQUIT,
    libc::SIGALRM,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGPIPE,
    libc::SIGVTALRM,
    libc::SIGPROF,
    libc::SIGXCPU,
    libc::SIGXFSZ,
];

/// Catches every signal of [`FATAL`] that has its default action with
/// [`echo_back`]; returns them with their actions before. A signal the
/// app handles or ignores is left to it.
#[cfg(unix)]
fn restore_on_signals() -> Vec<(libc::c_int, libc::sigaction)> {
    let mut caught = Vec::new();
    for sig in FATAL {
        // SAFETY: all-zero is a valid sigaction (SIG_DFL, no flags, an
        // empty mask on Linux; emptied below elsewhere).
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = echo_back as *const () as libc::sighandler_t;
        // SAFETY: a valid sigset_t to initialise.
        unsafe { libc::sigemptyset(&mut action.sa_mask) };
        // SAFETY: as above; the old action is written by the kernel.
        let mut prev: libc::sigaction = unsafe { std::mem::zeroed() };
        // SAFETY: a valid action whose handler is async-signal-safe.
        if unsafe { libc::sigaction(sig, &action, &mut prev) } != 0 {
            continue;
        }
        if prev.sa_sigaction == libc::SIG_DFL {
            caught.push((sig, prev));
        } else {
            // The app's own: put back at once.
            // SAFETY: the action sigaction(2) just gave back.
            unsafe { libc::sigaction(sig, &prev, std::ptr::null_mut()) };
        }
    }
    caught
}

/// Turns the terminal's echo back on, then ends the process by `sig` as its
/// default action would have. Async-signal-safe: `tcgetattr`/`tcsetattr`
/// (ioctls), then [`crate::cli::signal::die_by`].
#[cfg(unix)]
extern "C" fn echo_back(sig: libc::c_int) {
    // SAFETY: plain data filled in by tcgetattr; called from `sig`'s
    // handler, as its last step.
    unsafe {
        let mut term: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut term) == 0 {
            term.c_lflag |= libc::ECHO;
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &term);
        }
        crate::cli::signal::die_by(sig);
    }
}
