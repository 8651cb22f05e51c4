//! What a command line must satisfy once it is read: required arguments,
//! then the relations between arguments, where a table has any (see
//! [`crate::cli::relations`]).

use crate::cli::arg::ArgSpec;
use crate::cli::relations::{has, not_provided};
use crate::cli::values::Values;
use crate::cli::vars::Vars;

use super::{Failure, State};

/// Every check, in the order clap makes them: conflicts, then missing
/// arguments (required ones and those a given argument requires), then
/// `one_of`.
pub(super) fn check(state: &State) -> Result<(), Failure> {
    let app = state.app;
    let mut message = String::new();
    missing(state.own(), &state.values, state.vars, &mut message);
    missing(app.globals, &state.globals, state.vars, &mut message);
    if let Some(relations) = app.global_relations {
        relations(app.globals, &state.globals, state.vars, &[], &mut message)?;
    }
    if let Some(spec) = state.command {
        if let Some(relations) = spec.relations {
            relations(
                spec.args,
                &state.values,
                state.vars,
                spec.one_of,
                &mut message,
            )?;
        }
    }
    if !message.is_empty() {
        return Err(message.into());
    }
    Ok(())
}

/// `the following required arguments were not provided:` and a line per
/// argument, added to `message`.
fn missing(args: &[ArgSpec], values: &Values, vars: &Vars, message: &mut String) {
    for (index, arg) in args.iter().enumerate() {
        // A value the terminal will be asked for is not missing yet.
        let asked = arg.prompt.is_some() && !vars.embedded() && crate::cli::prompt::can_prompt();
        if arg.required && !has(args, values, vars, index) && !asked {
            not_provided(message, arg.display);
        }
    }
}
