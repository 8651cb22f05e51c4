//! Printing help. Every help text is rendered at compile time (see
//! `render`): printing is a few writes of static bytes, styled on a
//! terminal by the marks stored beside them.

use std::io::Write;

use crate::cli::output::Output;
use crate::cli::spec::{CommandSpec, GroupSpec};
use crate::cli::style::{unmark, HEADING, LITERAL, RESET};
use crate::cli::text::concat;

/// Writes `text` to `out` with the styles its `marks` say (none: as is),
/// piece by piece: the same bytes as one write, without a buffer.
fn write_styled(out: &mut Output, text: &str, marks: &[u32]) {
    let text = text.as_bytes();
    let mut at = 0;
    for &m in marks {
        let (next, style) = unmark(m);
        let next = next.min(text.len());
        let _ = out.write_all(text.get(at..next).unwrap_or_default());
        let _ = out.write_all(style.as_bytes());
        at = next;
    }
    // A closed pipe (`demo --help | head -1`) is not an error worth reporting.
    let _ = out.write_all(text.get(at..).unwrap_or_default());
}

/// Prints a group's help.
pub(crate) fn print_group(group: &GroupSpec, mut out: Output) {
    let marks = if out.wants_color() {
        group.help_styles
    } else {
        &[]
    };
    write_styled(&mut out, group.help, marks);
}

/// Prints a command's help: about, usage line, body, and the app's
/// `Global Options:` (`globals`: the rendered text and its marks).
pub(crate) fn print_command(
    spec: &CommandSpec,
    parent: &GroupSpec,
    long: bool,
    globals: (&'static str, &'static [u32]),
    mut out: Output,
) {
    let color = out.wants_color();
    let help = if long {
        &spec.help_long
    } else {
        &spec.help_short
    };
    // Plain, the body goes in the one write; on a terminal, styled after it.
    let (heading, literal, reset, body) = if color {
        (HEADING, LITERAL, RESET, "")
    } else {
        ("", "", "", help.body)
    };
    let (gap, global) = if globals.0.is_empty() || color {
        ("", "")
    } else {
        ("\n", globals.0)
    };
    // Built from pieces, not `format!` (see `text::concat`).
    let text = concat(&[
        help.about,
        heading,
        "Usage:",
        reset,
        " ",
        literal,
        parent.path,
        " ",
        spec.name,
        reset,
        if spec.usage.is_empty() { "" } else { " " },
        spec.usage,
        "\n\n",
        body,
        gap,
        global,
    ]);
    let _ = out.write_all(text.as_bytes());
    if color {
        write_styled(&mut out, help.body, help.styles);
        if !globals.0.is_empty() {
            let _ = out.write_all(b"\n");
            write_styled(&mut out, globals.0, globals.1);
        }
    }
}
