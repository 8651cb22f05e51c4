//! What generated code needs beyond the public tables: the `Command` trait,
//! the compile-time checks `app!` runs, and placeholders that keep one
//! mistake to one diagnostic.

use crate::cli::error::Error;
use crate::cli::invoke::{finish, Failed, Invocation};
use crate::cli::spec::{AppSpec, CommandSpec, GroupSpec, HelpText};

/// Implemented by the marker type `#[flash::cmd]` puts beside each command fn.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a flash command",
    label = "not a `#[flash::cmd]` function",
    note = "mark the function with `#[flash::cmd(run)]` or `#[flash::cmd(run_async)]`"
)]
pub trait Command {
    /// The command's tables.
    const SPEC: &'static CommandSpec;
    /// One message per name in `[name, aliases...]`, for when two commands
    /// of an app share it. Only `duplicate_name` reads it, at compile time,
    /// so it is a constant of the trait rather than a field of the spec,
    /// which would carry it into every binary.
    const DUPLICATE_MESSAGES: &'static [&'static str];
}

const fn str_eq(a: &str, b: &str) -> bool {
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

const fn name_at(spec: &CommandSpec, i: usize) -> &'static str {
    if i == 0 {
        spec.name
    } else {
        spec.aliases[i - 1]
    }
}

/// The message to fail compilation with when two sibling commands share a
/// name or alias (`messages` is the later command's
/// [`Command::DUPLICATE_MESSAGES`]), or `None`.
///
/// It returns the message rather than panicking itself: `app!` panics in
/// its own `const` item, at the user's token, so rustc's report does not
/// point into flash's source (or, with the `rust-src` component, quote
/// core's `panic.rs`).
pub const fn duplicate_name(
    earlier: &CommandSpec,
    later: &CommandSpec,
    messages: &'static [&'static str],
) -> Option<&'static str> {
    let mut j = 0;
    while j <= later.aliases.len() {
        let name = name_at(later, j);
        let mut i = 0;
        while i <= earlier.aliases.len() {
            if !name.is_empty() && str_eq(name_at(earlier, i), name) {
                return Some(messages[j]);
            }
            i += 1;
        }
        j += 1;
    }
    None
}

/// Whether a command answers to the name of a sibling group.
pub const fn named_like(spec: &CommandSpec, group: &str) -> bool {
    let mut i = 0;
    while i <= spec.aliases.len() {
        if str_eq(name_at(spec, i), group) {
            return true;
        }
        i += 1;
    }
    false
}

fn invalid_run(invocation: Invocation) -> std::result::Result<(), Failed> {
    finish(
        invocation.stderr(),
        Err(Error::msg("this command did not compile")),
    )
}

const NO_HELP: HelpText = HelpText {
    about: "",
    body: "",
    styles: &[],
};

/// Stands in for a command whose `#[cmd]` reported an error.
pub const INVALID_COMMAND: &CommandSpec = &CommandSpec {
    name: "",
    aliases: &[],
    about: "",
    help_short: NO_HELP,
    help_long: NO_HELP,
    usage: "",
    args: &[],
    owns_short_help: false,
    run: invalid_run,
};

/// Stands in for an app whose `app!` reported an error.
pub static INVALID_APP: AppSpec = AppSpec {
    name: "",
    version: "",
    about: "",
    root: &GroupSpec {
        name: "",
        about: "",
        path: "",
        usage: "",
        children: &[],
        help: "",
        help_styles: &[],
    },
};
