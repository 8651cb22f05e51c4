//! What a command line must satisfy once it is read: required arguments,
//! then the relations between arguments, where a table has any (see
//! [`crate::cli::relations`]).

use crate::cli::arg::Table;
use crate::cli::relations::{given_order, has, not_provided, Broken};
use crate::cli::spec::CommandSpec;
use crate::cli::values::Values;
use crate::cli::vars::Vars;

use super::{Parser, UsageError, UsageLine};

/// Every check, in the order clap makes them: conflicts (the command's,
/// then the globals'), then missing arguments (required ones, those a
/// given argument requires, a `one_of` none of which is given), each
/// missing argument named once. Their usage lines are clap's "smart
/// usage": what is required and what was given.
pub(super) fn check(parser: &Parser, spec: &'static CommandSpec) -> Result<(), UsageError> {
    let app = parser.app;
    let vars = parser.vars();
    let usage = |used: Option<Vec<usize>>| UsageLine {
        target: parser.target(),
        path: parser.path.clone(),
        used,
    };
    // The arguments given, for the usage lines of errors only.
    let given = || given_order(spec.args, &parser.values, vars);
    let own: Broken = spec
        .relations
        .map(|r| r(spec.args, &parser.values, vars, spec.one_of))
        .unwrap_or_default();
    let globals: Broken = app
        .global_relations
        .map(|r| r(app.globals, &parser.globals, vars, &[]))
        .unwrap_or_default();
    if let Some((message, others)) = own.conflict(spec.args) {
        // What else was given, the others left out; nothing else: the
        // usage line of help.
        let used: Vec<usize> = given()
            .into_iter()
            .filter(|i| !others.contains(i))
            .collect();
        return Err(UsageError {
            message,
            tip: None,
            usage: Some(usage((!used.is_empty()).then_some(used))),
        });
    }
    if let Some((message, _)) = globals.conflict(app.globals) {
        let given = given();
        return Err(UsageError {
            message,
            tip: None,
            usage: Some(usage((!given.is_empty()).then_some(given))),
        });
    }
    let mut message = String::new();
    let mut listed = missing(spec.args, &parser.values, vars, &mut message);
    if !app.globals.is_empty() {
        let mut listed_globals = missing(app.globals, &parser.globals, vars, &mut message);
        globals.missing_lines(app.globals, &[], &mut listed_globals, &mut message);
    }
    own.missing_lines(spec.args, spec.one_of, &mut listed, &mut message);
    if message.is_empty() {
        return Ok(());
    }
    // Shown as required: what was given, what is required, and what a
    // given argument requires.
    let mut used = given();
    for i in listed {
        if !crate::cli::values::holds(&used, i) {
            used.push(i);
        }
    }
    Err(UsageError {
        message,
        tip: None,
        usage: Some(usage(Some(used))),
    })
}

/// `the following required arguments were not provided:` and a line per
/// argument, added to `message`; returns the indices named.
fn missing(args: Table, values: &Values, vars: &Vars, message: &mut String) -> Vec<usize> {
    let mut listed = Vec::new();
    for (index, arg) in args.indexed() {
        // A value the terminal will be asked for is not missing yet.
        let asked = arg.prompt.is_some() && !vars.embedded() && crate::cli::prompt::can_prompt();
        if arg.required && !has(args, values, vars, index) && !asked {
            not_provided(message, arg.display);
            listed.push(index);
        }
    }
    listed
}
