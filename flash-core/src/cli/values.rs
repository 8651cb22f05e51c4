//! The raw values of one command line.

use std::ffi::OsString;

/// The raw values of a command line, each with the index of its argument in
/// the command's arguments, in the order given; a flag given is an empty
/// value.
///
/// One list for all arguments, not a `Vec` per argument: parsing a command
/// line makes one allocation for its values, not one per argument.
pub type Values = Vec<(usize, OsString)>;

/// The value of an option with an optional value given with none
/// (`--color` of `--color[=<WHEN>]`): one NUL, which no command line can
/// hold.
pub const MISSING: &str = "\0";

/// Whether argument `index` was given on the command line.
#[inline(never)]
pub(crate) fn given(values: &Values, index: usize) -> bool {
    values.iter().any(|(i, _)| *i == index)
}

/// Whether `indices` holds `index`. Out of line: lists of argument
/// indices are searched at a dozen places, and each search inlined was
/// a vectorised loop of its own.
#[inline(never)]
pub(crate) fn holds(indices: &[usize], index: usize) -> bool {
    indices.contains(&index)
}
