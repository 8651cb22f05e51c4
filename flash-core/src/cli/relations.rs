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
/// empty.
pub type Relations = fn(
    args: Table,
    values: &Values,
    vars: &Vars,
    one_of: &'static [&'static str],
    message: &mut String,
) -> Result<(), String>;

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

/// The [`Relations`] check: an argument given with one it conflicts with
/// is an error at once; arguments that a given one requires and that are
/// missing join `message`; then, if nothing is missing, exactly one of
/// `one_of`.
pub fn check_relations(
    args: Table,
    values: &Values,
    vars: &Vars,
    one_of: &'static [&'static str],
    message: &mut String,
) -> Result<(), String> {
    let has = |i: usize| has(args, values, vars, i);
    let find = |name: &str| args.position(|a| a.name == name);
    let at = |i: usize| args.get(i).expect("an index of the table");
    for (index, arg) in args.indexed() {
        if !has(index) {
            continue;
        }
        for name in arg.conflicts {
            if let Some(other) = find(name).filter(|&o| has(o)) {
                return Err(cannot_be_used_with(arg, at(other)));
            }
        }
    }
    for (index, arg) in args.indexed() {
        if !has(index) {
            continue;
        }
        for name in arg.requires {
            if let Some(other) = find(name).filter(|&o| !has(o)) {
                if !message.contains(at(other).display) {
                    let by = concat(&[at(other).display, " (required by '", arg.display, "')"]);
                    not_provided(message, &by);
                }
            }
        }
    }
    if one_of.is_empty() || !message.is_empty() {
        return Ok(());
    }
    let members: Vec<usize> = one_of.iter().filter_map(|n| find(n)).collect();
    let present: Vec<usize> = members.iter().copied().filter(|&i| has(i)).collect();
    match present.as_slice() {
        [_] => Ok(()),
        [] => {
            let mut list = String::from("<");
            for (n, &i) in members.iter().enumerate() {
                if n > 0 {
                    list.push('|');
                }
                list.push_str(at(i).display);
            }
            list.push('>');
            not_provided(message, &list);
            Ok(())
        }
        [first, second, ..] => Err(cannot_be_used_with(at(*second), at(*first))),
    }
}

fn cannot_be_used_with(arg: &ArgSpec, other: &ArgSpec) -> String {
    concat(&[
        "the argument '",
        arg.display,
        "' cannot be used with '",
        other.display,
        "'",
    ])
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
