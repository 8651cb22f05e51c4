//! How an error reaches the user: `error: …` and its causes on stderr.

use std::io::Write;

use crate::cli::error::{write_error_report, Error, Result};
use crate::cli::output::Output;

/// `error:`, in bold red on a terminal.
pub(crate) fn error_label(out: &Output) -> &'static str {
    if out.wants_color() {
        "\x1b[1m\x1b[31merror:\x1b[0m"
    } else {
        "error:"
    }
}

/// Prints `error` with its cause chain on `out`.
pub(crate) fn print_error(error: &Error, mut out: Output) {
    let mut text = String::from(error_label(&out));
    write_error_report(error, &mut text);
    let _ = out.write_all(text.as_bytes());
}

/// How a command's generated `run` failed, for the app to finish.
///
/// Generated code reports a handler's error itself, through [`finish`],
/// rather than handing it back: there the optimiser sees which errors the
/// handler can return, and an app whose handlers cannot fail (or fail only
/// with usage errors) links no error report and no `Display` of [`Error`].
#[derive(Debug)]
pub enum Failed {
    /// A usage error's message: the app prints it with the command's usage
    /// line and exits 2.
    Usage(String),
    /// An error already printed on stderr; the exit code.
    Reported(u8),
}

/// Finishes a run with the handler's `result`: an error other than a usage
/// error is printed on `stderr` here.
#[inline]
pub fn finish(stderr: &Output, result: Result<()>) -> std::result::Result<(), Failed> {
    match result {
        Ok(()) => Ok(()),
        Err(error) => Err(report(stderr, error)),
    }
}

#[cold]
#[inline(never)]
fn report(stderr: &Output, error: Error) -> Failed {
    match error {
        Error::Usage(message) => Failed::Usage(message),
        // The reader of stdout is gone (`… | head`): quietly, like `cat`.
        error if ended_by_closed_stdout(&error) => Failed::Reported(STDOUT_CLOSED_CODE),
        error => {
            print_error(&error, stderr.clone());
            Failed::Reported(error.exit_code())
        }
    }
}

/// The exit code of a command whose stdout was closed under it: what a
/// shell shows for `cat` killed by `SIGPIPE` (128 + 13).
pub const STDOUT_CLOSED_CODE: u8 = 141;

/// Whether `error` is a write to the process's stdout that found it closed.
fn ended_by_closed_stdout(error: &Error) -> bool {
    if !crate::cli::output::stdout_closed() {
        return false;
    }
    let first: &(dyn std::error::Error + 'static) = match error {
        Error::Any(inner) => inner.as_ref(),
        other => other,
    };
    let mut cause = Some(first);
    while let Some(e) = cause {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        cause = e.source();
    }
    false
}
