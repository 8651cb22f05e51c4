//! What a command line must satisfy once it is read: required arguments,
//! then the relations between arguments, where a table has any (see
//! [`crate::cli::relations`]).

use crate::cli::arg::ArgSpec;
use crate::cli::relations::{conflict_message, has, missing_lines, not_provided};
use crate::cli::values::Values;
use crate::cli::vars::Vars;

use super::{Failure, State};

/// Every check, in the order clap makes them: conflicts (the command's,
/// then the globals'), then missing arguments (required ones, those a
/// given argument requires, a `one_of` none of which is given), each
/// missing argument named once.
pub(super) fn check(state: &State) -> Result<(), Failure> {
    let app = state.app;
    let own = state.command.and_then(|spec| {
        let relations = spec.relations?;
        Some((
            spec,
            relations(spec.args, &state.values, state.vars, spec.one_of),
        ))
    });
    let globals = app
        .global_relations
        .map(|relations| relations(app.globals, &state.globals, state.vars, &[]));
    if let Some((spec, violations)) = &own {
        if let Some(message) = conflict_message(spec.args, violations) {
            return Err(message.into());
        }
    }
    if let Some(violations) = &globals {
        if let Some(message) = conflict_message(app.globals, violations) {
            return Err(message.into());
        }
    }
    let mut message = String::new();
    let mut listed = missing(state.own(), &state.values, state.vars, &mut message);
    let mut listed_globals = missing(app.globals, &state.globals, state.vars, &mut message);
    if let Some(violations) = &globals {
        missing_lines(
            app.globals,
            &[],
            violations,
            &mut listed_globals,
            &mut message,
        );
    }
    if let Some((spec, violations)) = &own {
        missing_lines(
            spec.args,
            spec.one_of,
            violations,
            &mut listed,
            &mut message,
        );
    }
    if !message.is_empty() {
        return Err(message.into());
    }
    Ok(())
}

/// `the following required arguments were not provided:` and a line per
/// argument, added to `message`; returns the indices named.
fn missing(args: &[ArgSpec], values: &Values, vars: &Vars, message: &mut String) -> Vec<usize> {
    let mut listed = Vec::new();
    for (index, arg) in args.iter().enumerate() {
        // A value the terminal will be asked for is not missing yet.
        let asked = arg.prompt.is_some() && crate::cli::prompt::can_prompt();
        if arg.required && !has(args, values, vars, index) && !asked {
            not_provided(message, arg.display);
            listed.push(index);
        }
    }
    listed
}
