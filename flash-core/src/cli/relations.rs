//! The relations between the arguments of one table: `conflicts_with`,
//! `requires` and `one_of`.
//!
//! A table names [`check_relations`] only where `#[cmd]` saw a relation,
//! or a group that may have some: an app that declares none links none of
//! this code.

use std::ffi::OsString;

use crate::cli::arg::{ArgSpec, Table};
use crate::cli::text::concat;
use crate::cli::values::{given, Values};
use crate::cli::vars::Vars;

/// Checks the relations of one table of arguments, given on the command
/// line as `values` or by their `env` variables in `vars`; `one_of` names
/// the arguments of which exactly one must be given. A missing required
/// argument is added to `message`, which an error returns when it is not
/// empty; two arguments given together that must not be are a
/// [`Conflict`].
pub type Relations = fn(
    args: Table,
    values: &Values,
    vars: &Vars,
    one_of: &'static [&'static str],
    message: &mut String,
) -> Result<(), Conflict>;

/// Arguments given together that must not be, as clap reports them: the
/// first given (in command-line order) that conflicts with others, and
/// those others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Its index in the table.
    pub arg: usize,
    /// The given arguments it conflicts with, by index.
    pub with: Vec<usize>,
}

impl Conflict {
    /// clap's words: `the argument '--a' cannot be used with '--b'` (with
    /// several, one per line).
    pub fn message(&self, args: Table) -> String {
        let display = |i: usize| args.get(i).map_or("", |a| a.display);
        let mut text = concat(&["the argument '", display(self.arg), "' cannot be used with"]);
        match self.with.as_slice() {
            [one] => text.push_str(&concat(&[" '", display(*one), "'"])),
            many => {
                text.push(':');
                for i in many {
                    text.push_str(&concat(&["\n  ", display(*i)]));
                }
            }
        }
        text
    }
}

/// The arguments of `args` given on the command line, in the order first
/// given, then those their `env` variable gives, in table order.
pub(crate) fn present(args: Table, values: &Values, vars: &Vars) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for (i, _) in values {
        if !out.contains(i) {
            out.push(*i);
        }
    }
    for (i, arg) in args.indexed() {
        if !out.contains(&i) && env_value(arg, vars).is_some() {
            out.push(i);
        }
    }
    out
}

/// Whether argument `i` of `args` was given on the command line (`values`)
/// or by its `env` variable.
pub(crate) fn has(args: Table, values: &Values, vars: &Vars, i: usize) -> bool {
    given(values, i) || args.get(i).is_some_and(|a| env_value(a, vars).is_some())
}

/// The value of `arg`'s `env` variable in `vars`, if it has one and it
/// is set.
pub(crate) fn env_value(arg: &ArgSpec, vars: &Vars) -> Option<OsString> {
    arg.env
        .zip(arg.read_env)
        .and_then(|(name, read)| read(vars, name))
}

/// The [`Relations`] check: the first argument given (in command-line
/// order) with one it conflicts with (`conflicts_with` either way, or
/// another of the `one_of` group) is a [`Conflict`] at once; arguments that
/// a given one requires and that are missing join `message`; then, if
/// nothing is missing, one of `one_of` must be there.
pub fn check_relations(
    args: Table,
    values: &Values,
    vars: &Vars,
    one_of: &'static [&'static str],
    message: &mut String,
) -> Result<(), Conflict> {
    let present = present(args, values, vars);
    let at = |i: usize| args.get(i).expect("an index of the table");
    let grouped = |i: usize| one_of.contains(&at(i).name);
    for &i in &present {
        let arg = at(i);
        let with: Vec<usize> = present
            .iter()
            .copied()
            .filter(|&o| o != i)
            .filter(|&o| {
                arg.conflicts.contains(&at(o).name)
                    || at(o).conflicts.contains(&arg.name)
                    || grouped(i) && grouped(o)
            })
            .collect();
        if !with.is_empty() {
            return Err(Conflict { arg: i, with });
        }
    }
    let mut missing: Vec<usize> = Vec::new();
    for &i in &present {
        let arg = at(i);
        for name in arg.requires {
            if let Some((other, _)) = args.named(name) {
                if !present.contains(&other) && !missing.contains(&other) {
                    missing.push(other);
                    let by = concat(&[at(other).display, " (required by '", arg.display, "')"]);
                    not_provided(message, &by);
                }
            }
        }
    }
    if one_of.is_empty() || !message.is_empty() {
        return Ok(());
    }
    let members: Vec<usize> = one_of
        .iter()
        .filter_map(|n| args.named(n).map(|(i, _)| i))
        .collect();
    if !members.iter().any(|i| present.contains(i)) {
        let mut list = String::from("<");
        for (n, &i) in members.iter().enumerate() {
            if n > 0 {
                list.push('|');
            }
            let arg = at(i);
            // A positional is named by its value, as in the usage line.
            list.push_str(if arg.is_positional() {
                arg.value_name
            } else {
                arg.display
            });
        }
        list.push('>');
        not_provided(message, &list);
    }
    Ok(())
}

pub(crate) fn not_provided(message: &mut String, display: &str) {
    let head = if message.is_empty() {
        "the following required arguments were not provided:"
    } else {
        ""
    };
    // One `push_str` of pieces joined out of line: each `push_str` is its
    // own growing code.
    message.push_str(&concat(&[head, "\n  ", display]));
}
