//! Help text. Command help is a static string made by `#[cmd]`; group and app
//! help are rendered here by `const fn`s, at compile time, from the tables
//! `app!` builds. At run time printing help is a handful of writes.

use std::io::Write;

use crate::cli::output::Output;
use crate::cli::spec::{CommandSpec, GroupSpec, Node};
use crate::cli::style::{
    mark, unmark, HEADING, KIND_HEADING, KIND_LITERAL, KIND_RESET, LITERAL, RESET,
};
use crate::cli::text::concat;

/// What `render_group` needs to know about a group.
#[derive(Debug)]
pub struct GroupInfo {
    /// First paragraph of the doc comment (the app's `about` for the root).
    pub about: &'static str,
    /// `demo` or `demo remote`.
    pub path: &'static str,
    /// The entries to list.
    pub children: &'static [Node],
    /// The app itself: lists global options and `--version`.
    pub root: bool,
}

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

/// A `const` writer of plain text and its style marks: counts when `out`
/// or `marks` is too small, so one function both measures and fills.
struct Writer<'a> {
    out: &'a mut [u8],
    len: usize,
    marks: &'a mut [u32],
    marks_len: usize,
}

impl Writer<'_> {
    const fn put(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.len < self.out.len() {
                self.out[self.len] = bytes[i];
            }
            self.len += 1;
            i += 1;
        }
    }

    const fn mark(&mut self, kind: u32) {
        if self.marks_len < self.marks.len() {
            self.marks[self.marks_len] = mark(self.len, kind);
        }
        self.marks_len += 1;
    }

    /// `text` between a style ([`KIND_HEADING`], [`KIND_LITERAL`]) and a
    /// reset.
    const fn styled(&mut self, kind: u32, text: &str) {
        self.mark(kind);
        self.put(text);
        self.mark(KIND_RESET);
    }

    const fn pad(&mut self, n: usize) {
        let mut i = 0;
        while i < n {
            self.put(" ");
            i += 1;
        }
    }
}

/// Display width of a name (chars, not bytes).
const fn width(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Count every byte that does not continue a UTF-8 sequence.
        if bytes[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

const GLOBAL_OPTIONS: [(&str, &str, &str); 4] = [
    (
        "-v, --verbose...",
        "",
        "More output per occurrence (-vv for debug)",
    ),
    ("-q, --quiet", "", "Less output (errors only)"),
    ("-h, --help", "", "Print help"),
    ("-V, --version", "", "Print version"),
];

/// Renders a group's help, plain, into `out` and its style marks into
/// `marks`, and returns both lengths; call it with empty slices to measure,
/// then with buffers of those lengths to fill.
pub const fn render_group(info: &GroupInfo, out: &mut [u8], marks: &mut [u32]) -> (usize, usize) {
    let mut w = Writer {
        out,
        len: 0,
        marks,
        marks_len: 0,
    };
    if !info.about.is_empty() {
        w.put(info.about);
        w.put("\n\n");
    }
    w.styled(KIND_HEADING, "Usage:");
    w.put(" ");
    w.styled(KIND_LITERAL, info.path);
    w.put(if info.root {
        " [OPTIONS] <COMMAND>\n\n"
    } else {
        " <COMMAND>\n\n"
    });

    // The name column fits the longest name, `help` included.
    let mut col = width("help");
    let mut i = 0;
    while i < info.children.len() {
        let n = width(info.children[i].name());
        if n > col {
            col = n;
        }
        i += 1;
    }
    w.styled(KIND_HEADING, "Commands:");
    w.put("\n");
    let mut i = 0;
    while i < info.children.len() {
        let node = &info.children[i];
        w.put("  ");
        w.styled(KIND_LITERAL, node.name());
        w.pad(col - width(node.name()) + 2);
        w.put(node.about());
        if let Node::Command(spec) = node {
            if !spec.aliases.is_empty() {
                w.put(" [aliases: ");
                let mut a = 0;
                while a < spec.aliases.len() {
                    if a > 0 {
                        w.put(", ");
                    }
                    w.put(spec.aliases[a]);
                    a += 1;
                }
                w.put("]");
            }
        }
        w.put("\n");
        i += 1;
    }
    w.put("  ");
    w.styled(KIND_LITERAL, "help");
    w.pad(col - width("help") + 2);
    w.put("Print this message or the help of the given subcommand(s)\n\n");

    w.styled(KIND_HEADING, "Options:");
    w.put("\n");
    // Only `--help` below the app; the column fits the longest flag shown.
    let col = if info.root { 16 } else { 10 };
    let mut i = 0;
    while i < GLOBAL_OPTIONS.len() {
        let (flags, _, about) = GLOBAL_OPTIONS[i];
        let global = i != 2;
        if info.root || !global {
            w.put("  ");
            w.styled(KIND_LITERAL, flags);
            w.pad(col + 2 - width(flags));
            w.put(about);
            w.put("\n");
        }
        i += 1;
    }
    (w.len, w.marks_len)
}

/// A rendered help buffer as text (the renderer only writes UTF-8).
pub const fn as_str(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("help text is UTF-8 by construction"),
    }
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

/// Prints a command's help: about, usage line, body.
pub(crate) fn print_command(spec: &CommandSpec, parent: &GroupSpec, long: bool, mut out: Output) {
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
        " ",
        spec.usage,
        "\n\n",
        body,
    ]);
    let _ = out.write_all(text.as_bytes());
    if color {
        write_styled(&mut out, help.body, help.styles);
    }
}
