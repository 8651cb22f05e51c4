//! How help text is styled on a terminal: the ANSI styles, and the marks
//! that say where they go in the plain text. `#[cmd]` writes the marks at
//! compile time and the runtime reads them, both through this module.

/// ANSI style for section headings (bold, underlined), as clap does.
pub const HEADING: &str = "\x1b[1m\x1b[4m";
/// ANSI style for literals: command and flag names (bold).
pub const LITERAL: &str = "\x1b[1m";
/// ANSI reset.
pub const RESET: &str = "\x1b[0m";

/// Mark kind: a heading starts.
pub const KIND_HEADING: u32 = 0;
/// Mark kind: a literal starts.
pub const KIND_LITERAL: u32 = 1;
/// Mark kind: the style ends.
pub const KIND_RESET: u32 = 2;

/// The styles a help text's marks insert, by kind.
const STYLES: [&str; 3] = [HEADING, LITERAL, RESET];

/// A mark of a help text: insert style `kind` ([`KIND_HEADING`],
/// [`KIND_LITERAL`], [`KIND_RESET`]) before byte `at` of the plain text.
///
/// Help is stored plain, with these marks, rather than in a second,
/// coloured copy: the marks of a command's help are a few dozen bytes, the
/// copy was the whole text again (for `-h` and `--help`, every command and
/// group, in every binary), and the plain text, which is what is printed
/// when the output is not a terminal, needs no work at all.
pub const fn mark(at: usize, kind: u32) -> u32 {
    ((at as u32) << 2) | kind
}

/// Where mark `m` goes, and the style it inserts.
pub const fn unmark(m: u32) -> (usize, &'static str) {
    ((m >> 2) as usize, STYLES[(m & 3) as usize % 3])
}

/// The longest help text marks can address.
pub const MAX_STYLED_LEN: usize = (u32::MAX >> 2) as usize;
