//! How an error reaches the user: `error: …` and its causes on stderr.

use std::io::Write;

use crate::cli::error::{write_error_report, Error, Result};
use crate::cli::output::{Output, Streams};
use crate::cli::text::concat;

/// `error:`, in bold red on a terminal.
pub(crate) fn error_label(out: &Output) -> &'static str {
    if out.wants_color() {
        "\x1b[1m\x1b[31merror:\x1b[0m"
    } else {
        "error:"
    }
}

/// Prints `error` with its cause chain on `out`: `error: ` and
/// [`Error::report`]'s text.
pub(crate) fn print_error(error: &Error, mut out: Output) {
    let mut text = String::from(error_label(&out));
    text.push(' ');
    write_error_report(error, &mut text);
    text.push('\n');
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

/// The error a panic of a command stands for: `println!`'s failure on the
/// run's stdout (noted by the panic hook), as a write through
/// `ctx.stdout()` would have failed, else [`Error::Panicked`].
pub fn panic_error(stdout: &Output, message: String) -> Error {
    match stdout.take_print_failure() {
        Some(failure) => Error::from(failure),
        None => Error::Panicked(message),
    }
}

/// Reports the panic of a run (its `message`) as [`panic_error`] sees it
/// and returns the exit code: `error: the command panicked: <message>`
/// and 101, or for `println!` on a closed stdout nothing and 141.
///
/// Written out rather than through `print_error`: an app whose handlers
/// cannot fail links no `Display` of [`Error`] for this.
#[cold]
#[inline(never)]
pub fn report_panic(streams: &Streams, message: &str) -> u8 {
    let mut err = streams.stderr.clone();
    let (text, code) = match streams.stdout.take_print_failure() {
        Some(_) if streams.stdout.closed() => return STDOUT_CLOSED_CODE,
        Some(failure) => (
            concat(&[error_label(&err), " ", &failure.to_string(), "\n"]),
            1,
        ),
        None => (
            concat(&[error_label(&err), " the command panicked: ", message, "\n"]),
            101,
        ),
    };
    let _ = err.write_all(text.as_bytes());
    code
}

/// The exit code of a command whose stdout was closed under it: what a
/// shell shows for `cat` killed by `SIGPIPE` (128 + 13).
pub const STDOUT_CLOSED_CODE: u8 = 141;

/// Whether `error` is a write to the process's stdout that found it
/// closed: an `io::Error` named `stdout` (see `cli::output`) of kind
/// `BrokenPipe`, as the error itself or in its cause chain. Told from the
/// error alone, so no state outside the run is asked.
fn ended_by_closed_stdout(error: &Error) -> bool {
    let first: &(dyn std::error::Error + 'static) = match error {
        Error::Io { source, .. } => return crate::cli::output::is_closed_stdout(source),
        Error::Retryable(inner) => return ended_by_closed_stdout(inner),
        Error::Any(inner) => inner.as_ref(),
        Error::Network { source, .. } | Error::Other { source, .. } => match source {
            Some(source) => source.as_ref(),
            None => return false,
        },
        _ => return false,
    };
    let mut cause = Some(first);
    while let Some(e) = cause {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(crate::cli::output::is_closed_stdout)
        {
            return true;
        }
        cause = e.source();
    }
    false
}

/// The exit code once what is left of stdout is written. A stdout that
/// could not take what was written (`> /dev/full`), even by a command that
/// ignored the error, is an error at exit, as for coreutils; a closed one
/// (`… | head`) ends quietly, with the code a shell shows for `cat` there.
/// A command that failed keeps its code (its error was shown).
pub(crate) fn finish_stdout(code: u8, stdout: &Output) -> u8 {
    let _ = stdout.clone().flush();
    if code != 0 {
        return code;
    }
    if stdout.closed() {
        return STDOUT_CLOSED_CODE;
    }
    match stdout.failure() {
        Some(message) => {
            let mut err = Output::stderr();
            let text = concat(&[error_label(&err), " ", &message, "\n"]);
            let _ = err.write_all(text.as_bytes());
            1
        }
        None => 0,
    }
}
