//! What a command line must satisfy once it is read: required arguments,
//! then the relations between arguments, where a table has any (see
//! [`crate::cli::relations`]).

use crate::cli::arg::Table;
use crate::cli::relations::{has, not_provided};
use crate::cli::spec::CommandSpec;
use crate::cli::values::Values;
use crate::cli::vars::Vars;

use super::{Parser, Target, UsageError, UsageLine};

/// Every check, in the order clap makes them: conflicts, then missing
/// arguments (required ones and those a given argument requires), then
/// `one_of`.
pub(super) fn check(parser: &Parser, spec: &'static CommandSpec) -> Result<(), UsageError> {
    let app = parser.app;
    let vars = parser.vars();
    let mut message = String::new();
    let usage = |used: bool| UsageLine {
        target: Target::Command(spec),
        path: parser.path.clone(),
        used: used.then(|| parser.values.iter().map(|(i, _)| *i).collect()),
    };
    let fail = |message: String, used: bool| UsageError {
        message,
        tip: None,
        usage: Some(usage(used)),
    };
    let target_usage = |message: String| match parser.target() {
        Target::Group { .. } => UsageError {
            message,
            tip: None,
            usage: Some(UsageLine {
                target: parser.target(),
                path: parser.path.clone(),
                used: Some(parser.values.iter().map(|(i, _)| *i).collect()),
            }),
        },
        Target::Command(_) => fail(message, true),
    };
    missing(spec.args, &parser.values, vars, &mut message);
    missing(app.globals, &parser.globals, vars, &mut message);
    if let Some(relations) = app.global_relations {
        relations(app.globals, &parser.globals, vars, &[], &mut message)
            .map_err(|m| fail(m, false))?;
    }
    if let Some(relations) = spec.relations {
        relations(spec.args, &parser.values, vars, spec.one_of, &mut message)
            .map_err(|m| fail(m, false))?;
    }
    if !message.is_empty() {
        return Err(target_usage(message));
    }
    Ok(())
}

/// `the following required arguments were not provided:` and a line per
/// argument, added to `message`.
fn missing(args: Table, values: &Values, vars: &Vars, message: &mut String) {
    for (index, arg) in args.indexed() {
        // A value the terminal will be asked for is not missing yet.
        let asked = arg.prompt.is_some() && crate::cli::prompt::can_prompt();
        if arg.required && !has(args, values, vars, index) && !asked {
            not_provided(message, arg.display);
        }
    }
}
