//! Line, word and byte counts exactly as GNU `wc` prints them under
//! `LC_ALL=C`, at memory speed, and the reading that feeds them: a regular
//! file split across the command's CPU pool, a pipe read on one thread.
//!
//! Written by hand rather than taken from a crate because the rule is GNU
//! `wc`'s exact one in the C locale, which no crate implements (they count
//! Unicode or ASCII whitespace-separated runs, which differ on control bytes
//! and on bytes >= 0x80). The rule, checked against coreutils 9.1 with
//! random bytes:
//!
//! - C `isspace` bytes (space, `\t`, `\n`, `\v`, `\f`, `\r`) end a word;
//! - a printable byte `0x21..=0x7e` outside a word starts one;
//! - every other byte (NUL, other control bytes, `0x7f..=0xff`, so every
//!   UTF-8 lead and continuation byte) is *transparent*: it neither starts
//!   nor ends a word. So `"\xff\xfe x"` is one word, `"a\x00b"` is one word,
//!   and a lone `"é"` (`c3 a9`) is no word at all.
//!
//! Lines are the `\n` bytes, bytes the length.
//!
//! # How it is fast
//!
//! Each 64-byte block is classified into three bitmasks, `S` (space), `G`
//! (printable) and `N` (newline), with AVX2 (detected at run time, once),
//! SSE2 (baseline on x86_64) or SWAR on `u64`s (every other target). The
//! transparent bytes `T = !(S | G)` are then made to inherit the class of
//! the last non-transparent byte before them with one carry-propagating
//! addition (see `step`), so a word start is simply a `G` bit whose
//! predecessor is (inherited) space, and a block costs a handful of scalar
//! operations and two popcounts whatever its bytes are: UTF-8 text takes the
//! same branch-free path as ASCII.
//!
//! A range of the input can be counted on its own into a [`Partial`], and
//! partials combine in order ([`Partial::then`]) into the exact counts of
//! the concatenation, so a file can be split across threads at any byte
//! ([`count_file`]).

// `fl wc` counts files with `count_file`; the incremental counter and the
// choice of kernel are what the unit tests check every kernel through.
#![cfg_attr(not(test), allow(dead_code, unused_imports))]

use std::ops::AddAssign;

mod counter;
mod kernels;
mod read;
#[cfg(test)]
mod tests;

pub use counter::{Partial, WcCounter};
pub use kernels::Kernel;
pub use read::count_file;

/// Line, word and byte counts, as GNU `wc` prints them under `LC_ALL=C`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WcCounts {
    /// Number of `\n` bytes.
    pub lines: u64,
    /// Number of words: runs between C-locale whitespace that hold at least
    /// one printable byte (see the module documentation).
    pub words: u64,
    /// Number of bytes.
    pub bytes: u64,
}

impl AddAssign for WcCounts {
    fn add_assign(&mut self, other: WcCounts) {
        self.lines += other.lines;
        self.words += other.words;
        self.bytes += other.bytes;
    }
}

/// The column width GNU `wc` uses: the digits of the summed sizes of the
/// regular files among the inputs, at least 1, and at least 7 when any input
/// is not a regular file (a pipe, a terminal, a directory). `None` marks an
/// input that could not be `stat`ed; it is left out, as `wc` does.
pub fn wc_width(inputs: &[Option<std::fs::Metadata>]) -> usize {
    let mut minimum = 1;
    let mut total: u64 = 0;
    for meta in inputs.iter().flatten() {
        if meta.is_file() {
            total = total.saturating_add(meta.len());
        } else {
            minimum = 7;
        }
    }
    let mut width = 1;
    while total >= 10 {
        total /= 10;
        width += 1;
    }
    width.max(minimum)
}

/// One line of `wc` output: the three counts right-aligned to `width`, then
/// the name if any, then `\n`.
pub fn format_wc_line(counts: &WcCounts, width: usize, name: Option<&str>) -> String {
    let mut line = format!(
        "{:>w$} {:>w$} {:>w$}",
        counts.lines,
        counts.words,
        counts.bytes,
        w = width
    );
    if let Some(name) = name {
        line.push(' ');
        line.push_str(name);
    }
    line.push('\n');
    line
}
