//! Usage lines, as clap writes them: `[OPTIONS]` where an optional option
//! exists, the required options, a required `one_of` group, the
//! positionals, and `<COMMAND>` or `[COMMAND]`.

use crate::cli::arg::{ArgKind, ArgSpec, Table};
use crate::cli::spec::{AppSpec, CommandSpec};

use super::style::Styler;

/// Which usage line an error shows.
#[derive(Debug)]
pub(crate) struct UsageLine {
    pub target: crate::cli::spec::Target,
    pub path: String,
    /// The arguments to show as given, clap's "smart usage" (`None`: the
    /// usage line of help).
    pub used: Option<Vec<usize>>,
}

/// What a usage line is about.
#[derive(Clone, Copy)]
pub(crate) struct UsageOf<'a> {
    pub app: &'static AppSpec,
    /// `notes tag add`.
    pub path: &'a str,
    /// The command whose arguments are shown (the root, at an app's top).
    pub command: Option<&'static CommandSpec>,
    /// Whether commands can follow, and whether one must (`<COMMAND>`) or
    /// may (`[COMMAND]`).
    pub subcommand: Option<bool>,
    /// clap's "smart usage" of errors: the arguments given (by index),
    /// shown as required; no `[OPTIONS]`.
    pub used: Option<&'a [usize]>,
    /// The built-in `help`, which takes no options.
    pub bare: bool,
}

/// Writes `Usage: …`'s text after `Usage: `.
pub(crate) fn write(s: &mut Styler, of: &UsageOf) {
    s.literal(of.path);
    let table = of.command.map_or(Table::EMPTY, |c| c.args);
    let offered = of.app.settings.runtime_flags;
    let shown = |a: &&'static ArgSpec| !a.hidden && (a.runtime == 0 || a.runtime & offered != 0);
    let used = |i: usize| of.used.is_some_and(|u| crate::cli::values::holds(u, i));
    let group: &[&str] = of.command.map_or(&[], |c| c.one_of);
    let in_group = |a: &ArgSpec| group.contains(&a.name);
    if of.used.is_none() && !of.bare && needs_options_tag(of.app, table, group) {
        s.plain(" [OPTIONS]");
    }
    // Required options (and, in errors, the options given), in order.
    for (i, arg) in table.indexed().filter(|(_, a)| shown(a)) {
        if arg.is_positional() || in_group(arg) {
            continue;
        }
        if arg.required || used(i) {
            s.plain(" ");
            option(s, arg);
        }
    }
    if !group.is_empty() {
        s.plain(" <");
        for (n, name) in group.iter().enumerate() {
            if n > 0 {
                s.plain("|");
            }
            if let Some((_, arg)) = table.named(name) {
                match arg.kind {
                    ArgKind::Positional => s.plain(arg.value_name),
                    _ => option(s, arg),
                }
            }
        }
        s.plain(">");
    }
    for (i, arg) in table.indexed().filter(|(_, a)| shown(a)) {
        if !arg.is_positional() || in_group(arg) {
            continue;
        }
        if arg.last && of.used.is_some() && !arg.required && !used(i) {
            continue;
        }
        s.plain(" ");
        positional(s, arg, arg.required || used(i));
    }
    match of.subcommand {
        Some(true) => s.plain(" <COMMAND>"),
        Some(false) => s.plain(" [COMMAND]"),
        None => {}
    }
}

/// `[OPTIONS]` is shown where an option that may be left out exists: not
/// hidden, not required, not in the required group; the globals and the
/// built-ins count, `-h` and `-V` do not.
fn needs_options_tag(app: &AppSpec, table: Table, group: &[&str]) -> bool {
    let offered = app.settings.runtime_flags;
    let optional = |a: &ArgSpec| {
        !a.is_positional()
            && !a.hidden
            && !a.required
            && !group.contains(&a.name)
            && (a.runtime == 0 || a.runtime & offered != 0)
    };
    table.iter().any(optional)
        || app.globals.iter().any(optional)
        || app.logging()
        || app.has_config()
}

/// `--name <NAME>`, `-n <NAME>`, `--flag`, `--color[=<WHEN>]`, `-v...`.
pub(crate) fn option(s: &mut Styler, arg: &ArgSpec) {
    match (arg.long, arg.short) {
        (Some(l), _) => {
            s.literal_parts(&["--", l]);
        }
        (None, Some(c)) => {
            let mut buf = [0u8; 4];
            s.literal_parts(&["-", c.encode_utf8(&mut buf)]);
        }
        (None, None) => {}
    }
    suffix(s, arg);
}

/// What follows an option's name: ` <NAME>`, `[=<NAME>]`, `...`.
pub(crate) fn suffix(s: &mut Styler, arg: &ArgSpec) {
    match arg.kind {
        ArgKind::Option if arg.optional_value => {
            s.placeholder_parts(&["[=<", arg.value_name, ">]"]);
        }
        ArgKind::Option => s.placeholder_parts(&[" <", arg.value_name, ">"]),
        ArgKind::Count => s.placeholder("..."),
        ArgKind::Flag | ArgKind::Positional => {}
    }
}

/// A positional in a usage line: `<NAME>`, `[NAME]`, `<FILES>...`,
/// `[-- <ARGS>...]`.
fn positional(s: &mut Styler, arg: &ArgSpec, required: bool) {
    if arg.last {
        if required {
            s.literal("--");
            s.plain(" ");
            placeholder(s, arg, true);
        } else {
            s.literal("[--");
            s.plain(" ");
            placeholder(s, arg, true);
            s.literal("]");
        }
        return;
    }
    placeholder(s, arg, required);
}

/// `<NAME>` or `[NAME]`, with `...` where it takes many.
pub(crate) fn placeholder(s: &mut Styler, arg: &ArgSpec, required: bool) {
    let (open, close) = if required { ("<", ">") } else { ("[", "]") };
    let many = if arg.multiple { "..." } else { "" };
    s.placeholder_parts(&[open, arg.value_name, close, many]);
}
