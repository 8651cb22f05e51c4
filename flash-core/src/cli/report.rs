//! How an error reaches the user: `error: …` and its causes on stderr.

use std::io::Write;

use crate::cli::error::{write_error_report, Error};
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
