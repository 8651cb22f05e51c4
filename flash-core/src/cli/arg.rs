//! One argument of a command, as `#[cmd]` describes it, and the checks a
//! value must pass as it is parsed.

use std::ffi::OsStr;

use crate::cli::suggest::Closest;
use crate::cli::text::concat;

/// How an argument takes values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// `--name`: no value.
    Flag,
    /// `--name <VALUE>` or `-n <VALUE>`.
    Option,
    /// A positional `<VALUE>`.
    Positional,
}

/// What [`ArgSpec::check`] holds: `Err` is the usage error's message.
pub type CheckValue = fn(&ArgSpec, &OsStr) -> Result<(), String>;

/// One argument of a command.
#[derive(Debug)]
pub struct ArgSpec {
    /// Flag, option or positional.
    pub kind: ArgKind,
    /// `--long` name, without dashes.
    pub long: Option<&'static str>,
    /// `-s` short name.
    pub short: Option<char>,
    /// How the argument is shown in errors: `--times <N>`, `<NAME>`, `--loud`.
    pub display: &'static str,
    /// Takes many values (a `Vec`).
    pub multiple: bool,
    /// Must be given (or come from `env`).
    pub required: bool,
    /// Environment variable used when the argument is absent.
    pub env: Option<&'static str>,
    /// The only accepted values, if any.
    pub possible: &'static [&'static str],
    /// Checks each value as it is parsed (that it is one of `possible`).
    /// `Some` only where `possible` is given, so that an app that uses no
    /// `possible` links no check (1 KB in every binary).
    pub check: Option<CheckValue>,
}

/// Runs the argument's [`ArgSpec::check`], if it has one.
pub(crate) fn check_value(arg: &ArgSpec, value: &OsStr) -> Result<(), String> {
    match arg.check {
        Some(check) => check(arg, value),
        None => Ok(()),
    }
}

/// `possible = [...]`: the value must be one of them. Reached only through
/// [`ArgSpec::check`], which `#[cmd]` sets where `possible` is given.
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
