//! Help, rendered at compile time: `const fn`s that turn the rows of a
//! command (`#[cmd]`'s, its flattened `Args`', the runtime options) and
//! the entries of a group into text, in `const` items the macros emit.
//! At run time printing help is a few writes of static bytes.
//!
//! Every renderer takes an output buffer and a marks buffer and returns
//! both lengths, counting past the end of a buffer that is too small: call
//! it with empty slices to measure, then with buffers of those lengths.

use crate::cli::row::{HelpRow, Section};
use crate::cli::spec::Node;
use crate::cli::style::{mark, KIND_HEADING, KIND_LITERAL, KIND_RESET};

/// A `const` writer of plain text and its style marks.
pub(crate) struct Writer<'a> {
    out: &'a mut [u8],
    len: usize,
    marks: &'a mut [u32],
    marks_len: usize,
}

impl<'a> Writer<'a> {
    pub(crate) const fn new(out: &'a mut [u8], marks: &'a mut [u32]) -> Self {
        Writer {
            out,
            len: 0,
            marks,
            marks_len: 0,
        }
    }

    /// The lengths written (or needed) so far.
    pub(crate) const fn lens(&self) -> (usize, usize) {
        (self.len, self.marks_len)
    }

    pub(crate) const fn put(&mut self, text: &str) {
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

    const fn put_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        self.put(s);
    }

    const fn mark(&mut self, kind: u32) {
        if self.marks_len < self.marks.len() {
            self.marks[self.marks_len] = mark(self.len, kind);
        }
        self.marks_len += 1;
    }

    /// `text` between a style ([`KIND_HEADING`], [`KIND_LITERAL`]) and a
    /// reset.
    pub(crate) const fn styled(&mut self, kind: u32, text: &str) {
        self.mark(kind);
        self.put(text);
        self.mark(KIND_RESET);
    }

    pub(crate) const fn pad(&mut self, n: usize) {
        let mut i = 0;
        while i < n {
            self.put(" ");
            i += 1;
        }
    }
}

/// Display width of `text` (chars, not bytes).
pub(crate) const fn width(text: &str) -> usize {
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

/// The rows of `parts` that are shown, in order, one at a time.
struct Rows<'a> {
    parts: &'a [&'a [HelpRow]],
    part: usize,
    at: usize,
}

impl<'a> Rows<'a> {
    const fn new(parts: &'a [&'a [HelpRow]]) -> Self {
        Rows {
            parts,
            part: 0,
            at: 0,
        }
    }

    const fn next(&mut self) -> Option<&'a HelpRow> {
        while self.part < self.parts.len() {
            let part = self.parts[self.part];
            if self.at < part.len() {
                let row = &part[self.at];
                self.at += 1;
                if !row.hidden {
                    return Some(row);
                }
            } else {
                self.part += 1;
                self.at = 0;
            }
        }
        None
    }
}

/// Writes a row's left column (`-s, --long <VALUE>`, `<NAME>`), styled.
const fn write_left(w: &mut Writer, row: &HelpRow) {
    if row.section as u8 == Section::Arguments as u8 {
        w.put(row.placeholder);
        return;
    }
    match (row.short, row.long) {
        (Some(s), Some(l)) => {
            w.mark(KIND_LITERAL);
            w.put("-");
            w.put_char(s);
            w.mark(KIND_RESET);
            w.put(", ");
            write_long(w, l, row.negate);
        }
        (Some(s), None) => {
            w.mark(KIND_LITERAL);
            w.put("-");
            w.put_char(s);
            w.mark(KIND_RESET);
        }
        (None, Some(l)) => {
            w.put("    ");
            write_long(w, l, row.negate);
        }
        (None, None) => {}
    }
    if let Some(v) = row.value {
        w.put(" <");
        w.put(v);
        w.put(">");
    }
    if row.repeats {
        w.put("...");
    }
}

const fn write_long(w: &mut Writer, long: &str, negate: bool) {
    w.mark(KIND_LITERAL);
    w.put(if negate { "--[no-]" } else { "--" });
    w.put(long);
    w.mark(KIND_RESET);
}

/// The width of a row's left column.
const fn left_width(row: &HelpRow) -> usize {
    let mut w = Writer::new(&mut [], &mut []);
    write_left(&mut w, row);
    width_of_written(row, w.lens().0)
}

/// Bytes written by `write_left` are chars except in names that are not
/// ASCII; count those exactly.
const fn width_of_written(row: &HelpRow, bytes: usize) -> usize {
    let mut extra = 0;
    if let Some(l) = row.long {
        extra += l.len() - width(l);
    }
    if let Some(v) = row.value {
        extra += v.len() - width(v);
    }
    if let Some(s) = row.short {
        extra += s.len_utf8() - 1;
    }
    extra += row.placeholder.len() - width(row.placeholder);
    bytes - extra
}

/// What the help of a command says about its own `-h`/`--help`.
#[derive(Debug, Clone, Copy)]
pub struct HelpFlags {
    /// `--help` (long help) rather than `-h`.
    pub long: bool,
    /// The command has a long help distinct from its short one.
    pub has_long: bool,
    /// The command declares `-h` itself.
    pub owns_short: bool,
    /// The command declares `--help` itself.
    pub owns_long: bool,
}

/// The row for `-h, --help`, if the command leaves either to flash.
const fn help_row(flags: HelpFlags) -> Option<HelpRow> {
    if flags.owns_short && flags.owns_long {
        return None;
    }
    let mut row = HelpRow::EMPTY;
    row.short = if flags.owns_short { None } else { Some('h') };
    row.long = if flags.owns_long { None } else { Some("help") };
    row.help = match (flags.has_long, flags.long) {
        (false, _) => "Print help",
        (true, false) => "Print help (see more with '--help')",
        (true, true) => "Print help (see a summary with '-h')",
    };
    Some(row)
}

/// The widest left column among the shown rows of `parts` (and `extra`).
const fn column(parts: &[&[HelpRow]], extra: Option<HelpRow>) -> usize {
    let mut col = 0;
    let mut rows = Rows::new(parts);
    while let Some(row) = rows.next() {
        let n = left_width(row);
        if n > col {
            col = n;
        }
    }
    if let Some(row) = extra {
        let n = left_width(&row);
        if n > col {
            col = n;
        }
    }
    col
}

/// One row: two spaces, the left column padded to `col`, the help with its
/// suffixes; in long help, a `ValueEnum`'s values one per line below.
const fn write_row(w: &mut Writer, row: &HelpRow, col: usize, long: bool) {
    w.put("  ");
    write_left(w, row);
    let shown_values = long && has_value_help(row);
    let help_empty = row.help.is_empty()
        && row.default.is_none()
        && row.env.is_none()
        && (row.possible.is_empty() || shown_values)
        && row.range.is_none();
    if !help_empty {
        w.pad(col - left_width(row) + 2);
        write_help(w, row, shown_values);
    }
    w.put("\n");
    if shown_values {
        w.pad(col + 4);
        w.put("Possible values:\n");
        let mut name_col = 0;
        let mut i = 0;
        while i < row.possible.len() {
            let n = width(row.possible[i].name);
            if n > name_col {
                name_col = n;
            }
            i += 1;
        }
        let mut i = 0;
        while i < row.possible.len() {
            let v = &row.possible[i];
            w.pad(col + 4);
            w.put("- ");
            w.styled(KIND_LITERAL, v.name);
            if !v.help.is_empty() {
                w.put(":");
                w.pad(name_col - width(v.name) + 1);
                w.put(v.help);
            }
            w.put("\n");
            i += 1;
        }
    }
}

const fn has_value_help(row: &HelpRow) -> bool {
    let mut i = 0;
    while i < row.possible.len() {
        if !row.possible[i].help.is_empty() {
            return true;
        }
        i += 1;
    }
    false
}

/// The help line and its `[default: …]`, `[env: …]`, `[possible values:
/// …]` and `[range: …]` suffixes.
const fn write_help(w: &mut Writer, row: &HelpRow, values_below: bool) {
    let mut first = row.help.is_empty();
    w.put(row.help);
    if let Some(d) = row.default {
        suffix(w, &mut first, "[default: ", d);
    }
    if let Some(e) = row.env {
        suffix(w, &mut first, "[env: ", e);
    }
    if !row.possible.is_empty() && !values_below {
        if !first {
            w.put(" ");
        }
        first = false;
        w.put("[possible values: ");
        let mut i = 0;
        while i < row.possible.len() {
            if i > 0 {
                w.put(", ");
            }
            w.put(row.possible[i].name);
            i += 1;
        }
        w.put("]");
    }
    if let Some(r) = row.range {
        suffix(w, &mut first, "[range: ", r);
    }
}

const fn suffix(w: &mut Writer, first: &mut bool, open: &str, text: &str) {
    if !*first {
        w.put(" ");
    }
    *first = false;
    w.put(open);
    w.put(text);
    w.put("]");
}

/// A section of rows (those of `section`, shown), with its heading;
/// `extra` goes last (the help row of `Options:`).
const fn write_section(
    w: &mut Writer,
    parts: &[&[HelpRow]],
    section: Section,
    extra: Option<HelpRow>,
    col: usize,
    long: bool,
    heading: &str,
) {
    let mut any = extra.is_some();
    let mut rows = Rows::new(parts);
    while let Some(row) = rows.next() {
        if row.section as u8 == section as u8 {
            any = true;
        }
    }
    if !any {
        return;
    }
    if w.lens().0 > 0 {
        w.put("\n");
    }
    w.styled(KIND_HEADING, heading);
    w.put("\n");
    let mut rows = Rows::new(parts);
    while let Some(row) = rows.next() {
        if row.section as u8 == section as u8 {
            write_row(w, row, col, long);
        }
    }
    if let Some(row) = extra {
        write_row(w, &row, col, long);
    }
}

/// A command's help after its usage line: `Arguments:`, `Options:` (with
/// `-h, --help`), `Runtime Options:`.
pub const fn render_command_body(
    parts: &[&[HelpRow]],
    flags: HelpFlags,
    out: &mut [u8],
    marks: &mut [u32],
) -> (usize, usize) {
    let mut w = Writer::new(out, marks);
    let help = help_row(flags);
    let col = column(parts, help);
    write_section(
        &mut w,
        parts,
        Section::Arguments,
        None,
        col,
        flags.long,
        "Arguments:",
    );
    write_section(
        &mut w,
        parts,
        Section::Options,
        help,
        col,
        flags.long,
        "Options:",
    );
    write_section(
        &mut w,
        parts,
        Section::Runtime,
        None,
        col,
        flags.long,
        "Runtime Options:",
    );
    w.lens()
}

/// A command's usage line after its name: `[OPTIONS]` when it has an
/// optional flag or option, the required options, the positionals.
pub const fn render_usage(parts: &[&[HelpRow]], out: &mut [u8]) -> usize {
    let mut w = Writer::new(out, &mut []);
    let mut rows = Rows::new(parts);
    let mut optional = false;
    while let Some(row) = rows.next() {
        if row.section as u8 != Section::Arguments as u8 && !row.required {
            optional = true;
        }
    }
    if optional {
        w.put("[OPTIONS]");
    }
    let mut rows = Rows::new(parts);
    while let Some(row) = rows.next() {
        if row.section as u8 == Section::Options as u8 && row.required {
            if w.lens().0 > 0 {
                w.put(" ");
            }
            match (row.long, row.short) {
                (Some(l), _) => {
                    w.put("--");
                    w.put(l);
                }
                (None, Some(s)) => {
                    w.put("-");
                    w.put_char(s);
                }
                (None, None) => {}
            }
            if let Some(v) = row.value {
                w.put(" <");
                w.put(v);
                w.put(">");
            }
        }
    }
    let mut rows = Rows::new(parts);
    while let Some(row) = rows.next() {
        if row.section as u8 == Section::Arguments as u8 {
            if w.lens().0 > 0 {
                w.put(" ");
            }
            w.put(row.placeholder);
        }
    }
    w.lens().0
}

/// The `Global Options:` section of every help: the app's globals, then,
/// in an app with `logging: true`, `-v`/`-q` where the globals leave them
/// to flash.
pub const fn render_globals(
    rows: &[&[HelpRow]],
    logging: bool,
    out: &mut [u8],
    marks: &mut [u32],
) -> (usize, usize) {
    let mut w = Writer::new(out, marks);
    let verbose = verbose_row();
    let quiet = quiet_row();
    let show_verbose = logging && !declares(rows, 'v', "verbose");
    let show_quiet = logging && !declares(rows, 'q', "quiet");
    let mut col = column(rows, None);
    if show_verbose && left_width(&verbose) > col {
        col = left_width(&verbose);
    }
    if show_quiet && left_width(&quiet) > col {
        col = left_width(&quiet);
    }
    let mut any = Rows::new(rows);
    if any.next().is_none() && !show_verbose && !show_quiet {
        // No globals and no logging: no section at all.
        return w.lens();
    }
    w.styled(KIND_HEADING, "Global Options:");
    w.put("\n");
    let mut all = Rows::new(rows);
    while let Some(row) = all.next() {
        write_row(&mut w, row, col, false);
    }
    if show_verbose {
        write_row(&mut w, &verbose, col, false);
    }
    if show_quiet {
        write_row(&mut w, &quiet, col, false);
    }
    w.lens()
}

/// Whether a row of `rows` (shown or not) is `-short` or `--long`.
const fn declares(rows: &[&[HelpRow]], short: char, long: &str) -> bool {
    let mut p = 0;
    while p < rows.len() {
        let mut i = 0;
        while i < rows[p].len() {
            let row = &rows[p][i];
            if let Some(s) = row.short {
                if s == short {
                    return true;
                }
            }
            if let Some(l) = row.long {
                if crate::cli::arg::str_eq(l, long) {
                    return true;
                }
            }
            i += 1;
        }
        p += 1;
    }
    false
}

const fn verbose_row() -> HelpRow {
    let mut row = HelpRow::EMPTY;
    row.short = Some('v');
    row.long = Some("verbose");
    row.repeats = true;
    row.help = "More output per occurrence (-vv for debug)";
    row
}

/// The row of `--config <FILE>` in an app with a config file; `default`
/// is where it is read from when not given.
pub const fn config_row(default: &'static str) -> HelpRow {
    let mut row = HelpRow::EMPTY;
    row.long = Some("config");
    row.value = Some("FILE");
    row.help = "Read options from this TOML file: its top-level keys set global options, a [command] table sets a command's options, by long name";
    row.default = Some(default);
    row
}

const fn quiet_row() -> HelpRow {
    let mut row = HelpRow::EMPTY;
    row.short = Some('q');
    row.long = Some("quiet");
    row.help = "Less output (errors only)";
    row
}

/// What `render_group` needs to know about a group.
#[derive(Debug)]
pub struct GroupInfo {
    /// First paragraph of the doc comment (the app's `about` for the root).
    pub about: &'static str,
    /// `demo` or `demo remote`.
    pub path: &'static str,
    /// The entries to list.
    pub children: &'static [Node],
    /// The app itself: lists `--version`.
    pub root: bool,
    /// The app's `Global Options:` section, rendered (see
    /// [`render_globals`]), and its style marks.
    pub globals: (&'static str, &'static [u32]),
}

/// A group's (or the app's) help.
pub const fn render_group(info: &GroupInfo, out: &mut [u8], marks: &mut [u32]) -> (usize, usize) {
    let mut w = Writer::new(out, marks);
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
    write_commands(&mut w, info.children, info.root);

    w.styled(KIND_HEADING, "Options:");
    w.put("\n");
    let col = if info.root { 13 } else { 10 };
    w.put("  ");
    w.styled(KIND_LITERAL, "-h");
    w.put(", ");
    w.styled(KIND_LITERAL, "--help");
    w.pad(col - 10 + 2);
    w.put("Print help\n");
    if info.root {
        w.put("  ");
        w.styled(KIND_LITERAL, "-V");
        w.put(", ");
        w.styled(KIND_LITERAL, "--version");
        w.pad(2);
        w.put("Print version\n");
    }
    if !info.globals.0.is_empty() {
        w.put("\n");
        // The globals' text is already rendered: copy it and its marks.
        let start = w.lens().0;
        w.put(info.globals.0);
        let mut i = 0;
        while i < info.globals.1.len() {
            let (at, kind) = (info.globals.1[i] >> 2, info.globals.1[i] & 3);
            if w.marks_len < w.marks.len() {
                w.marks[w.marks_len] = mark(start + at as usize, kind);
            }
            w.marks_len += 1;
            i += 1;
        }
    }
    w.lens()
}

/// `Commands:` with every entry that is not hidden, the built-in
/// `completions` at the `root` (unless the app has its own), and `help`.
const fn write_commands(w: &mut Writer, children: &[Node], root: bool) {
    let completions = root && !crate::cli::complete::claimed(children);
    // The name column fits the longest name, the built-ins' included.
    let mut col = width(if completions { "completions" } else { "help" });
    let mut i = 0;
    while i < children.len() {
        let n = width(children[i].name());
        if n > col && !children[i].hidden() {
            col = n;
        }
        i += 1;
    }
    w.styled(KIND_HEADING, "Commands:");
    w.put("\n");
    let mut i = 0;
    while i < children.len() {
        let node = &children[i];
        i += 1;
        if node.hidden() {
            continue;
        }
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
    }
    if completions {
        w.put("  ");
        w.styled(KIND_LITERAL, "completions");
        w.pad(col - width("completions") + 2);
        w.put(crate::cli::complete::ABOUT);
        w.put("\n");
    }
    w.put("  ");
    w.styled(KIND_LITERAL, "help");
    w.pad(col - width("help") + 2);
    w.put("Print this message or the help of the given subcommand(s)\n\n");
}

/// A rendered help buffer as text (the renderer only writes UTF-8).
pub const fn as_str(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("help text is UTF-8 by construction"),
    }
}
