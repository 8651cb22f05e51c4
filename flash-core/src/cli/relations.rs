//! The relations between the arguments of one table: `conflicts_with`,
//! `requires` and `one_of`.
//!
//! A table names [`check_relations`] only where `#[cmd]` saw a relation,
//! or a group that may have some: an app that declares none links none of
//! this code.
//!
//! The check returns what is broken as values ([`Violation`]), with
//! clap's words for them ([`Broken`]): the parser shows those, and the
//! config file sets aside a value of its own that a violation involves.
//! The words are reached only through what the check returns, so they
//! are linked with it or not at all.

use std::ffi::OsString;

use crate::cli::arg::{ArgSpec, Table};
use crate::cli::text::concat;
use crate::cli::values::{given, holds, Values};
use crate::cli::vars::Vars;

/// A relation that the arguments given break. Indices are into the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Violation {
    /// `arg` and `other` are both given and cannot be used together (one
    /// `conflicts_with` the other, or both are of `one_of`); `arg` is the
    /// one given first, which clap's message names first.
    Conflict {
        /// The argument given first.
        arg: usize,
        /// The one given after it.
        other: usize,
    },
    /// `arg` is not given, and `by`, which is, `requires` it.
    Missing {
        /// The missing argument.
        arg: usize,
        /// The first argument (in the table's order) that requires it.
        by: usize,
    },
    /// None of the `one_of` arguments is given.
    NoneOf,
}

/// Checks the relations of one table of arguments, given on the command
/// line as `values` or by their `env` variables in `vars`; `one_of` names
/// the arguments of which exactly one must be given. Returns what is
/// broken, in the order clap reports it (see [`check_relations`]).
pub type Relations =
    fn(args: Table, values: &Values, vars: &Vars, one_of: &'static [&'static str]) -> Broken;

/// What the relations of a table found broken, and clap's words for it.
#[derive(Debug, Default)]
pub struct Broken {
    /// What is broken, in the order clap reports it.
    pub violations: Vec<Violation>,
    /// Says it: set by [`check_relations`], so that an app none of whose
    /// tables has relations links none of the words.
    words: Option<&'static Words>,
}

/// clap's words for violations.
#[derive(Debug)]
struct Words {
    conflict: ConflictMessage,
    missing: MissingLines,
}

/// [`conflict_message`]'s signature.
type ConflictMessage = fn(Table, &[Violation]) -> Option<(String, Vec<usize>)>;

/// [`missing_lines`]'s signature.
type MissingLines = fn(Table, &[&str], &[Violation], &mut Vec<usize>, &mut String);

static WORDS: Words = Words {
    conflict: conflict_message,
    missing: missing_lines,
};

impl Broken {
    /// clap's words for the first conflict, if any (see
    /// [`conflict_message`]), and the arguments it conflicts with.
    pub(crate) fn conflict(&self, args: Table) -> Option<(String, Vec<usize>)> {
        self.words
            .and_then(|words| (words.conflict)(args, &self.violations))
    }

    /// Adds the lines of the missing arguments to `message` (see
    /// [`missing_lines`]).
    pub(crate) fn missing_lines(
        &self,
        args: Table,
        one_of: &[&str],
        listed: &mut Vec<usize>,
        message: &mut String,
    ) {
        if let Some(words) = self.words {
            (words.missing)(args, one_of, &self.violations, listed, message);
        }
    }
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

/// The [`Relations`] check. Its violations come in clap's order:
/// 1. every pair of given arguments that conflict, the arguments taken in
///    the order they were given (the command line's, then those given by
///    their `env` variable in the table's order): clap reports the first
///    argument with a conflict, naming the others;
/// 2. every argument that a given one requires and that is missing, once
///    per missing argument (with the first argument that requires it), in
///    the table's order of those that require;
/// 3. none of `one_of` given.
pub fn check_relations(
    args: Table,
    values: &Values,
    vars: &Vars,
    one_of: &'static [&'static str],
) -> Broken {
    let find = |name: &str| args.position(|a| a.name == name);
    let at = |i: usize| args.get(i).expect("an index of the table");
    let in_one_of = |i: usize| one_of.contains(&at(i).name);
    let conflict = |a: usize, b: usize| {
        at(a).conflicts.contains(&at(b).name)
            || at(b).conflicts.contains(&at(a).name)
            || (in_one_of(a) && in_one_of(b))
    };
    let order = given_order(args, values, vars);
    let mut out = Vec::new();
    for (at, &arg) in order.iter().enumerate() {
        for &other in &order[at + 1..] {
            if conflict(arg, other) {
                out.push(Violation::Conflict { arg, other });
            }
        }
    }
    let has = |i: usize| holds(&order, i);
    let mut missing: Vec<usize> = Vec::new();
    for (by, spec) in args.indexed().filter(|&(i, _)| has(i)) {
        for arg in spec.requires.iter().filter_map(|name| find(name)) {
            if !has(arg) && !holds(&missing, arg) {
                missing.push(arg);
                out.push(Violation::Missing { arg, by });
            }
        }
    }
    if !one_of.is_empty() && !one_of.iter().filter_map(|n| find(n)).any(has) {
        out.push(Violation::NoneOf);
    }
    Broken {
        violations: out,
        words: Some(&WORDS),
    }
}

/// The arguments given, each once, in the order given: the command line's
/// first, then those given by their `env` variable, in the table's order.
pub(crate) fn given_order(args: Table, values: &Values, vars: &Vars) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    for &(i, _) in values {
        if !holds(&order, i) {
            order.push(i);
        }
    }
    for (i, arg) in args.indexed() {
        if !holds(&order, i) && env_value(arg, vars).is_some() {
            order.push(i);
        }
    }
    order
}

/// The first conflict of `violations`, if any, as clap reports it: the
/// argument given first that conflicts with others, and those others.
fn first_conflict(violations: &[Violation]) -> Option<(usize, Vec<usize>)> {
    let first = violations.iter().find_map(|v| match v {
        Violation::Conflict { arg, .. } => Some(*arg),
        _ => None,
    })?;
    let others = violations
        .iter()
        .filter_map(|v| match v {
            Violation::Conflict { arg, other } if *arg == first => Some(*other),
            _ => None,
        })
        .collect();
    Some((first, others))
}

/// clap's words for the first conflict of `violations`, if any: `the
/// argument '--a' cannot be used with '--b'`, or `... cannot be used
/// with:` and a line for each argument when the first conflicts with
/// several; and those arguments.
fn conflict_message(args: Table, violations: &[Violation]) -> Option<(String, Vec<usize>)> {
    let (first, others) = first_conflict(violations)?;
    let display = |i: usize| args.get(i).map_or("", |a| a.display);
    let head = concat(&["the argument '", display(first), "' cannot be used with"]);
    let message = match others.as_slice() {
        [one] => concat(&[&head, " '", display(*one), "'"]),
        many => {
            let mut message = concat(&[&head, ":"]);
            for &other in many {
                message.push_str(&concat(&["\n  ", display(other)]));
            }
            message
        }
    };
    Some((message, others))
}

/// The lines of the missing arguments of `violations` that `listed` (the
/// indices already named, as required) does not hold, added to `message`
/// and to `listed`: `--out <FILE> (required by '--force')`, then
/// `<--body <BODY>|--file <PATH>>` for a `one_of` none of which is given.
fn missing_lines(
    args: Table,
    one_of: &[&str],
    violations: &[Violation],
    listed: &mut Vec<usize>,
    message: &mut String,
) {
    for violation in violations {
        match *violation {
            Violation::Missing { arg, by } if !holds(listed, arg) => {
                listed.push(arg);
                let display = |i: usize| args.get(i).map_or("", |a| a.display);
                let line = concat(&[display(arg), " (required by '", display(by), "')"]);
                not_provided(message, &line);
            }
            Violation::NoneOf => {
                let mut group = String::from("<");
                let members = one_of.iter().filter_map(|n| args.named(n));
                for (n, (_, member)) in members.enumerate() {
                    if n > 0 {
                        group.push('|');
                    }
                    // A positional is named by its value, as in usage lines.
                    group.push_str(if member.is_positional() {
                        member.value_name
                    } else {
                        member.display
                    });
                }
                group.push('>');
                not_provided(message, &group);
            }
            _ => {}
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::arg::ArgKind;

    const fn flag(name: &'static str, display: &'static str) -> ArgSpec {
        let mut spec = ArgSpec::EMPTY;
        spec.name = name;
        spec.display = display;
        spec.kind = ArgKind::Flag;
        spec
    }

    static ARGS: [ArgSpec; 6] = {
        let mut a = flag("a", "--a");
        a.conflicts = &["b"];
        let b = flag("b", "--b");
        let mut c = flag("c", "--c");
        c.conflicts = &["b"];
        let mut v = flag("v", "--v");
        v.requires = &["verbose_level"];
        let mut w = flag("w", "--w");
        w.requires = &["verbose_level", "v"];
        let level = flag("verbose_level", "--verbose-level");
        [a, b, c, v, w, level]
    };

    fn given(indices: &[usize]) -> Values {
        indices.iter().map(|&i| (i, OsString::new())).collect()
    }

    const TABLE: Table = Table(&[&ARGS]);

    fn check(indices: &[usize]) -> Vec<Violation> {
        check_relations(TABLE, &given(indices), &Vars::process(), &[]).violations
    }

    #[test]
    fn conflicts_come_in_the_order_given_and_name_the_first_first() {
        use Violation::Conflict;
        assert_eq!(check(&[0, 1]), [Conflict { arg: 0, other: 1 }]);
        assert_eq!(check(&[1, 0]), [Conflict { arg: 1, other: 0 }]);
        assert_eq!(
            check(&[1, 2, 0]),
            [Conflict { arg: 1, other: 2 }, Conflict { arg: 1, other: 0 }]
        );
        let (message, others) = conflict_message(TABLE, &check(&[1, 2, 0])).expect("a conflict");
        assert_eq!(
            message,
            "the argument '--b' cannot be used with:\n  --c\n  --a"
        );
        assert_eq!(others, [2, 0]);
        let (message, _) = conflict_message(TABLE, &check(&[0, 1])).expect("a conflict");
        assert_eq!(message, "the argument '--a' cannot be used with '--b'");
        // Through what the check returns, as the parser has them.
        let broken = check_relations(TABLE, &given(&[0, 1]), &Vars::process(), &[]);
        assert_eq!(broken.conflict(TABLE).map(|c| c.0), Some(message));
    }

    #[test]
    fn a_missing_argument_is_listed_once_by_its_index_not_its_name() {
        use Violation::Missing;
        // `--v` is missing while `--verbose-level` is missing too: both
        // are listed (a search of the message for `--v` would find it).
        let violations = check(&[4]);
        assert_eq!(
            violations,
            [Missing { arg: 5, by: 4 }, Missing { arg: 3, by: 4 }]
        );
        let mut message = String::new();
        missing_lines(TABLE, &[], &violations, &mut Vec::new(), &mut message);
        assert_eq!(
            message,
            "the following required arguments were not provided:\n  \
             --verbose-level (required by '--w')\n  --v (required by '--w')"
        );
        // Required by two: once, with the first.
        assert_eq!(check(&[4, 3]), [Missing { arg: 5, by: 3 }]);
        // Already listed as required: not again.
        let mut listed = vec![5];
        let mut message = String::new();
        missing_lines(TABLE, &[], &check(&[3]), &mut listed, &mut message);
        assert!(message.is_empty(), "{message}");
    }

    #[test]
    fn one_of_is_a_conflict_when_two_are_given_and_missing_when_none() {
        let one_of: &'static [&'static str] = &["a", "c"];
        let run =
            |i: &[usize]| check_relations(TABLE, &given(i), &Vars::process(), one_of).violations;
        assert_eq!(run(&[5]), [Violation::NoneOf]);
        assert!(run(&[2]).is_empty());
        assert!(run(&[2, 0]).contains(&Violation::Conflict { arg: 2, other: 0 }));
        let mut message = String::new();
        missing_lines(TABLE, one_of, &run(&[5]), &mut Vec::new(), &mut message);
        assert!(message.ends_with("\n  <--a|--c>"), "{message}");
    }
}
