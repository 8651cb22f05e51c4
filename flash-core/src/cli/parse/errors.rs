//! The parser's usage errors, in clap's words.

use std::ffi::OsStr;

use super::{Opt, Parser, Target, UsageLine};
use crate::cli::arg::{not_one_of, ArgKind, ArgSpec};
use crate::cli::relations::given_order;
use crate::cli::spec::{AppSpec, GroupSpec, Node};
use crate::cli::suggest::Closest;
use crate::cli::text::concat;

/// A usage error: `error: {message}`, an optional tip, the usage line
/// where clap shows one; exit 2.
#[derive(Debug)]
pub(crate) struct UsageError {
    pub message: String,
    pub tip: Option<String>,
    /// `None` where clap shows no usage line (an invalid value).
    pub usage: Option<UsageLine>,
}

/// Why a command line does not parse: a [`UsageError`] but for its place,
/// which the caller knows.
#[derive(Debug)]
pub(crate) struct Failure {
    pub message: String,
    pub tip: Option<String>,
    /// Whether the error shows the usage line.
    pub usage: bool,
    /// The arguments (of the command's table) its usage line shows as
    /// given: clap's "smart usage", where clap has one.
    pub used: Option<Vec<usize>>,
}

impl Failure {
    /// The usage error this is at `target` (whose usage line is `path`'s).
    pub(crate) fn at(self, target: Target, path: &str) -> UsageError {
        let used = self.used;
        UsageError {
            message: self.message,
            tip: self.tip,
            usage: self.usage.then(|| UsageLine {
                target,
                path: path.to_owned(),
                used,
            }),
        }
    }

    fn tip(mut self, tip: Option<String>) -> Self {
        self.tip = tip;
        self
    }
}

/// A message from an argument's check or accessor: an invalid value,
/// which clap shows without a usage line.
impl From<String> for Failure {
    /// Out of line and cold: every `?` on a check's result is a call.
    #[cold]
    #[inline(never)]
    fn from(message: String) -> Self {
        let usage = !message_is_invalid_value(&message);
        Failure {
            message,
            tip: None,
            usage,
            used: None,
        }
    }
}

impl UsageError {
    /// The usage error of a message from an accessor or check, at
    /// `target`.
    pub(crate) fn of_message(message: String, target: Target, path: &str) -> Self {
        Failure::from(message).at(target, path)
    }
}

/// Whether `message` is about a value (clap shows those with no usage
/// line).
fn message_is_invalid_value(message: &str) -> bool {
    message.starts_with("invalid value '") || message.starts_with("a value is required for '")
}

pub(crate) fn with_usage(message: String) -> Failure {
    Failure {
        message,
        tip: None,
        usage: true,
        used: None,
    }
}

/// `a similar {what} exists: '{prefix}{near}'`, when there is a near name.
fn similar(what: &str, prefix: &str, near: Closest) -> Option<String> {
    near.get()
        .map(|near| concat(&["a similar ", what, " exists: '", prefix, near, "'"]))
}

/// `unexpected argument '{text}' found`.
pub(crate) fn unexpected(text: &str) -> String {
    crate::cli::text::unexpected(text)
}

/// `a value is required for '--x <X>' but none was supplied`, and the
/// possible values.
pub(crate) fn no_value(arg: Option<&ArgSpec>, display: &str) -> Failure {
    let mut message = concat(&[
        "a value is required for '",
        display,
        "' but none was supplied",
    ]);
    if let Some(arg) = arg.filter(|a| !a.possible.is_empty()) {
        // The list alone: there is no typed value to be near.
        let list = not_one_of("\u{0}", arg.possible.iter().map(|p| p.name));
        message.push_str(&list);
    }
    Failure {
        message,
        tip: None,
        usage: false,
        used: None,
    }
}

/// `--name` that nothing takes (`name` is what follows `--`, up to any `=`).
#[cold]
pub(crate) fn unknown_long(parser: &Parser, word: &OsStr, name: &[u8]) -> Failure {
    let name = String::from_utf8_lossy(name);
    let shown = if name.is_empty() {
        word.to_string_lossy()
    } else {
        concat(&["--", &name]).into()
    };
    let mut near = Closest::new(&name);
    // What help lists: not hidden, and not a runtime option the app does
    // not offer.
    let offered = parser.app.settings.runtime_flags;
    let visible = |a: &&ArgSpec| !a.hidden && (a.runtime == 0 || a.runtime & offered != 0);
    for a in parser
        .own()
        .iter()
        .chain(parser.app.globals.iter())
        .filter(visible)
    {
        if let Some(l) = a.long {
            near.offer(l);
        }
    }
    for builtin in ["help", "version", "verbose", "quiet", "config"] {
        if parser
            .find_long(builtin.as_bytes())
            .is_some_and(|(t, _)| !matches!(t, Opt::Own(_) | Opt::Global(_)))
        {
            near.offer(builtin);
        }
    }
    // clap's usage line for a near miss: as if it had been given (the
    // arguments given so far, and it).
    let near = near.get();
    let own = parser.own();
    let used = near.and_then(|near| {
        let at = own.indexed().find(|(_, a)| a.long == Some(near))?.0;
        let mut used = given_order(own, &parser.values, parser.vars());
        used.push(at);
        Some(used)
    });
    // clap's second tip: where a positional could have been meant, how to
    // pass the word as one (also beside a near miss, when a positional
    // takes raw values after `--`).
    let near = near.map(|near| concat(&["a similar argument exists: '--", near, "'"]));
    let raw = parser
        .own()
        .iter()
        .any(|a| a.kind == ArgKind::Positional && a.last);
    let as_value = (near.is_none() || raw)
        .then(|| takes_positionals(parser))
        .filter(|&p| p)
        .map(|_| pass_as_value(&shown));
    let tip = match (near, as_value) {
        (Some(near), Some(value)) => Some(concat(&[&near, "\n  tip: ", &value])),
        (near, value) => near.or(value),
    };
    Failure {
        used,
        ..with_usage(unexpected(&shown)).tip(tip)
    }
}

/// Whether the command being parsed has positionals: a word that looks
/// like an option may have been meant as one of their values.
fn takes_positionals(parser: &Parser) -> bool {
    parser.own().iter().any(|a| a.kind == ArgKind::Positional)
}

/// `-c` that nothing takes.
#[cold]
pub(crate) fn unknown_short(parser: &Parser, c: char) -> Failure {
    let mut buf = [0u8; 4];
    let shown = concat(&["-", c.encode_utf8(&mut buf)]);
    // As clap: where the command has positionals, it may have been meant
    // as a value (clap names the flag, not the whole word).
    let tip = takes_positionals(parser).then(|| pass_as_value(&shown));
    with_usage(unexpected(&shown)).tip(tip)
}

/// clap's tip for a word that looks like an option but was meant as a
/// value.
fn pass_as_value(text: &str) -> String {
    concat(&["to pass '", text, "' as a value, use '-- ", text, "'"])
}

/// A positional nothing takes; for `-5`, clap's tip to write `-- -5`.
#[cold]
pub(crate) fn extra_argument(word: &OsStr, after_dashes: bool) -> Failure {
    let text = word.to_string_lossy();
    let tip = (!after_dashes && text.starts_with('-')).then(|| pass_as_value(&text));
    with_usage(unexpected(&text)).tip(tip)
}

/// A flag given a value: `--loud=x`.
pub(crate) fn takes_no_value(arg: Option<&ArgSpec>, value: &OsStr) -> Failure {
    let display = arg.map_or("", |a| a.display);
    with_usage(concat(&[
        "unexpected value '",
        &value.to_string_lossy(),
        "' for '",
        display,
        "' found; no more were expected",
    ]))
}

/// `the argument '--x' cannot be used multiple times`.
pub(crate) fn used_twice(arg: &ArgSpec) -> String {
    used_twice_named(arg.display)
}

/// See [`used_twice`].
pub(crate) fn used_twice_named(display: &str) -> String {
    concat(&["the argument '", display, "' cannot be used multiple times"])
}

/// How `--config` is shown in errors.
pub(crate) const CONFIG: &str = "--config <FILE>";

/// How a built-in option that takes a value is shown in errors.
pub(crate) fn builtin_display(opt: Opt) -> &'static str {
    match opt {
        Opt::Config => CONFIG,
        Opt::Runtime(bit) => crate::cli::exec::runtime_flag(bit).map_or("", |f| f.display),
        _ => "",
    }
}

/// `unrecognized subcommand '{name}'`.
pub(crate) fn unrecognized(name: &str) -> String {
    concat(&["unrecognized subcommand '", name, "'"])
}

/// A name that is no command of `group` (at the top, nor a built-in).
#[cold]
pub(crate) fn unknown_subcommand(
    app: &AppSpec,
    group: &'static GroupSpec,
    word: &OsStr,
) -> Failure {
    let name = word.to_string_lossy();
    let mut near = Closest::new(&name);
    for node in group.children.iter().filter(|n| !n.hidden()) {
        near.offer(node.name());
        node.aliases().iter().for_each(|a| near.offer(a));
    }
    if app.has_commands() {
        near.offer("help");
    }
    with_usage(unrecognized(&name)).tip(similar("subcommand", "", near))
}

/// A group's level ended with no command named.
pub(crate) fn missing_subcommand(app: &AppSpec, group: &'static GroupSpec, path: &str) -> Failure {
    let mut names: Vec<&str> = group
        .children
        .iter()
        .filter(|n| !n.hidden())
        .map(Node::name)
        .collect();
    if std::ptr::eq(group, app.commands)
        && app.has_completions_command()
        && app.settings.completions == crate::cli::spec::Listing::Listed
    {
        names.push("completions");
    }
    names.push("help");
    with_usage(concat(&[
        "'",
        path,
        "' requires a subcommand but one was not provided\n  [subcommands: ",
        &names.join(", "),
        "]",
    ]))
}

/// An argument of the root command, then a command's name: the root will
/// not run, so what was given to it would be lost.
pub(crate) fn root_arg_with_command(name: &str, display: &str) -> Failure {
    with_usage(concat(&[
        "the subcommand '",
        name,
        "' cannot be used with '",
        display,
        "'",
    ]))
}

/// A runtime option given before the name of a command that has none.
pub(crate) fn not_async(bit: u8) -> Failure {
    let shown = crate::cli::exec::runtime_flag(bit).map_or("", |f| f.long);
    let shown = concat(&["--", shown]);
    with_usage(unexpected(&shown)).tip(Some(concat(&[
        "'",
        &shown,
        "' is a runtime option of async commands, and this one is not",
    ])))
}
