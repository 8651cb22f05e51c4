//! One argument of a command, as the parser reads it, and the checks a
//! value must pass as it is parsed.

use std::ffi::{OsStr, OsString};

use crate::cli::suggest::Closest;
use crate::cli::text::concat;
use crate::cli::vars::Vars;

/// How an argument takes values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// `--name`: no value; given at most once.
    Flag,
    /// `-v`, `-vvv`: no value; counted (`count`).
    Count,
    /// `--name <VALUE>` or `-n <VALUE>`.
    Option,
    /// A positional `<VALUE>`.
    Positional,
}

/// What [`ArgSpec::check`] holds: `Err` is the usage error's message.
pub type CheckValue = fn(&ArgSpec, &OsStr) -> Result<(), String>;

/// What [`ArgSpec::read_env`] holds: the value of an environment variable
/// in one run's [`Vars`] (set but empty counts as unset).
pub type ReadEnv = fn(&Vars, &str) -> Option<OsString>;

/// One argument of a command (or of the app's globals).
#[derive(Debug, Clone, Copy)]
pub struct ArgSpec {
    /// The Rust name of its parameter or field, as `conflicts_with`,
    /// `requires` and `one_of` name it.
    pub name: &'static str,
    /// Flag, count, option or positional.
    pub kind: ArgKind,
    /// `--long` name, without dashes.
    pub long: Option<&'static str>,
    /// `-s` short name.
    pub short: Option<char>,
    /// `--no-LONG` turns a flag off (`negate`, or `default = true`).
    pub negate: bool,
    /// How the argument is shown in errors: `--times <N>`, `<NAME>`, `--loud`.
    pub display: &'static str,
    /// Takes many values (a `Vec`).
    pub multiple: bool,
    /// Must be given (or come from `env`).
    pub required: bool,
    /// Takes everything after `--`, as it is (`last`).
    pub last: bool,
    /// Parsed, but not shown in help, completions or suggestions.
    pub hidden: bool,
    /// Its values are paths (a `PathBuf` or `OsString`): completed as
    /// file names.
    pub path: bool,
    /// Environment variable used when the argument is absent.
    pub env: Option<&'static str>,
    /// Reads [`ArgSpec::env`] (set with it: [`read_env`]). `Some` only
    /// where there is an `env`, so that an app that uses none links no
    /// environment look-up.
    pub read_env: Option<ReadEnv>,
    /// The only accepted values, if any (`possible`, or a `ValueEnum`'s
    /// names and aliases).
    pub possible: &'static [&'static str],
    /// Checks each value as it is parsed (that it is one of `possible`).
    /// `Some` only where there are possible values, so that an app that
    /// uses none links no check.
    pub check: Option<CheckValue>,
    /// Arguments that must not be given with this one (Rust names).
    pub conflicts: &'static [&'static str],
    /// Arguments that must be given with this one (Rust names).
    pub requires: &'static [&'static str],
    /// Asks for the value on the terminal when no source gave it
    /// (`prompt`, `secret`).
    pub prompt: Option<Prompt>,
}

impl ArgSpec {
    /// An argument with every optional part empty: generated tables start
    /// from it (`..ArgSpec::EMPTY`).
    pub const EMPTY: ArgSpec = ArgSpec {
        name: "",
        kind: ArgKind::Flag,
        long: None,
        short: None,
        negate: false,
        display: "",
        multiple: false,
        required: false,
        last: false,
        hidden: false,
        path: false,
        env: None,
        read_env: None,
        possible: &[],
        check: None,
        conflicts: &[],
        requires: &[],
        prompt: None,
    };

    /// Whether it takes a value.
    pub fn takes_value(&self) -> bool {
        matches!(self.kind, ArgKind::Option | ArgKind::Positional)
    }
}

/// `a` and `b` are the same text (in `const` code, where `==` on `str` is
/// not available).
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The table of one command: `parts` (its own arguments, its flattened
/// `Args`, the runtime options), end to end, in a `const` array of `N`.
pub const fn concat_args<const N: usize>(parts: &[&[ArgSpec]]) -> [ArgSpec; N] {
    let mut out = [ArgSpec::EMPTY; N];
    let mut n = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[n] = parts[p][i];
            n += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(n == N, "the argument table has the length it was given");
    out
}

/// The total length of `parts`.
pub const fn total_len(parts: &[&[ArgSpec]]) -> usize {
    let mut n = 0;
    let mut p = 0;
    while p < parts.len() {
        n += parts[p].len();
        p += 1;
    }
    n
}

/// Runs the argument's [`ArgSpec::check`], if it has one.
pub(crate) fn check_value(arg: &ArgSpec, value: &OsStr) -> Result<(), String> {
    match arg.check {
        Some(check) => check(arg, value),
        None => Ok(()),
    }
}

/// The [`ReadEnv`] of an argument with an `env`.
pub fn read_env(vars: &Vars, name: &str) -> Option<OsString> {
    vars.get(name)
}

/// The value must be one of [`ArgSpec::possible`]. Reached only through
/// [`ArgSpec::check`], which is set where there are possible values.
pub fn check_possible(arg: &ArgSpec, value: &OsStr) -> Result<(), String> {
    if arg.possible.is_empty() {
        return Ok(());
    }
    let text = value.to_string_lossy();
    if arg.possible.contains(&&*text) {
        return Ok(());
    }
    let mut message = concat(&[
        "invalid value '",
        &text,
        "' for '",
        arg.display,
        "'\n  [possible values: ",
    ]);
    let mut near = Closest::new(&text);
    for (i, possible) in arg.possible.iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(possible);
        near.offer(possible);
    }
    message.push(']');
    if let Some(near) = near.get() {
        message.push_str("\n\n  tip: a similar value exists: '");
        message.push_str(near);
        message.push('\'');
    }
    Err(message)
}

/// How an argument asks for its value.
#[derive(Debug, Clone, Copy)]
pub struct Prompt {
    /// Shown before the answer: `Title: `.
    pub title: &'static str,
    /// Read without echo.
    pub secret: bool,
    /// Asks; see `cli::prompt::read`.
    pub read: ReadPrompt,
}

/// Asks for the value of `arg` (whose prompt this is): `Ok(None)` when
/// stdin is not a terminal, at the end of input, or for an empty answer
/// where one is allowed (`allow_empty`: the argument has a default or may
/// be absent); an empty answer to a required one asks again. `Err` is a
/// usage error's message (an answer not among the possible values, a
/// terminal that cannot be read).
pub type ReadPrompt = fn(&ArgSpec, allow_empty: bool) -> Result<Option<OsString>, String>;
