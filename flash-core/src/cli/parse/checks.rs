//! What a command line must satisfy once it is read: required arguments,
//! then the relations between arguments, where a table has any (see
//! [`crate::cli::relations`]).

use crate::cli::arg::Table;
use crate::cli::relations::{has, not_provided};
use crate::cli::spec::CommandSpec;
use crate::cli::values::Values;
use crate::cli::vars::Vars;

use super::{Parser, UsageError, UsageLine};

/// Every check, in the order clap makes them: conflicts, then missing
/// arguments (required ones and those a given argument requires), then
/// `one_of`.
pub(super) fn check(parser: &Parser, spec: &'static CommandSpec) -> Result<(), UsageError> {
    let app = parser.app;
    let vars = parser.vars();
    let mut message = String::new();
    // clap's usage line of an error: what is required, what was given.
    let usage = |used: Vec<usize>| UsageLine {
        target: parser.target(),
        path: parser.path.clone(),
        used: Some(used),
    };
    // A conflict shows what else was given; nothing else: help's usage.
    let conflict_usage = |used: Vec<usize>| UsageLine {
        used: (!used.is_empty()).then_some(used),
        ..usage(Vec::new())
    };
    let given = crate::cli::relations::present(spec.args, &parser.values, vars);
    missing(spec.args, &parser.values, vars, &mut message);
    missing(app.globals, &parser.globals, vars, &mut message);
    if let Some(relations) = app.global_relations {
        relations(app.globals, &parser.globals, vars, &[], &mut message).map_err(|c| {
            UsageError {
                message: c.message(app.globals),
                tip: None,
                usage: Some(conflict_usage(given.clone())),
            }
        })?;
    }
    if let Some(relations) = spec.relations {
        relations(spec.args, &parser.values, vars, spec.one_of, &mut message).map_err(|c| {
            let used = given
                .iter()
                .copied()
                .filter(|i| !c.with.contains(i))
                .collect();
            UsageError {
                message: c.message(spec.args),
                tip: None,
                usage: Some(conflict_usage(used)),
            }
        })?;
    }
    if !message.is_empty() {
        let mut used = given.clone();
        let mut add = |i: usize| {
            if !used.contains(&i) {
                used.push(i);
            }
        };
        for (i, arg) in spec.args.indexed() {
            if arg.required {
                add(i);
            }
        }
        // What a given argument requires is shown as required too.
        for &i in &given {
            for name in spec.args.get(i).map_or(&[][..], |a| a.requires) {
                if let Some((other, _)) = spec.args.named(name) {
                    add(other);
                }
            }
        }
        return Err(UsageError {
            message,
            tip: None,
            usage: Some(usage(used)),
        });
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
