//! argv → which command, and the raw values of its arguments and of the
//! app's globals.
//!
//! Hand-written: parsing is the product itself. It is table-driven (the tables
//! come from `#[cmd]`, `#[derive(Args)]` and `app!`), works on `OsString`s so
//! non-UTF-8 paths pass intact, and allocates only for the values it keeps.
//!
//! An option is looked up in the command's own arguments first, then in the
//! app's globals, then among flash's built-ins (`-v`, `-q`, `-h`, and the
//! runtime options before a command name): a command's own names always win.
//!
//! Every app links this code: the `#[inline(never)]`s below are each where
//! `benches/cli-cost.sh` measured the binary smaller without the inlining.

use std::ffi::OsString;

use crate::cli::arg::{check_value, ArgKind, ArgSpec};
use crate::cli::complete::{builtin, Builtin};
#[cfg(feature = "async")]
use crate::cli::exec::RUNTIME_FLAGS;
use crate::cli::spec::{find_child, AppSpec, CommandSpec, GroupSpec, Node};
use crate::cli::suggest::Closest;
use crate::cli::text::{concat, unexpected};
use crate::cli::values::{given, Values};
use crate::cli::vars::Vars;

mod checks;

/// What argv asks for.
#[derive(Debug)]
pub(crate) enum Action {
    /// Print help for a group or a command.
    Help {
        target: HelpTarget,
        /// `--help` (long) rather than `-h`.
        long: bool,
        /// Help shown because a subcommand is missing: stderr, exit 2.
        as_error: bool,
    },
    /// Print `name version`.
    Version,
    /// Run a command (the app adds the output streams).
    Run(Box<Run>),
    /// Run a built-in (`completions`, `__complete`) on the rest of argv.
    Builtin(Builtin),
}

/// A command to run, with everything argv gave it.
#[derive(Debug)]
pub(crate) struct Run {
    pub spec: &'static CommandSpec,
    pub parent: &'static GroupSpec,
    pub values: Values,
    /// Values of the app's globals.
    pub globals: Values,
    pub verbosity: i8,
    /// Where the config file set the command's own arguments: index, place.
    #[cfg(feature = "config")]
    pub places: Vec<(usize, String)>,
}

/// Whose help to print.
#[derive(Debug, Clone, Copy)]
pub(crate) enum HelpTarget {
    Group(&'static GroupSpec),
    Command {
        spec: &'static CommandSpec,
        parent: &'static GroupSpec,
    },
}

/// Where a usage error happened, for its usage line.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place {
    Group(&'static GroupSpec),
    Command {
        spec: &'static CommandSpec,
        parent: &'static GroupSpec,
    },
    /// A built-in command (`completions`), which has no table: its name
    /// and usage line.
    Builtin {
        parent: &'static GroupSpec,
        name: &'static str,
        usage: &'static str,
    },
}

/// A usage error: `error: {message}`, an optional tip, the usage line; exit 2.
#[derive(Debug)]
pub(crate) struct UsageError {
    pub message: String,
    pub tip: Option<String>,
    pub place: Place,
}

impl UsageError {
    fn new(place: Place, message: String) -> Self {
        UsageError {
            message,
            tip: None,
            place,
        }
    }

    fn tip(mut self, tip: Option<String>) -> Self {
        self.tip = tip;
        self
    }
}

/// Why a command line does not parse: a [`UsageError`] but for its place,
/// which the caller knows.
pub(crate) struct Failure {
    pub message: String,
    pub tip: Option<String>,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, tip: None }
    }
}

/// `a similar {what} exists: '{prefix}{near}'`, when there is a near name.
///
/// Out of line: a copy in each caller costs every app some 200 bytes.
#[inline(never)]
fn tip(what: &str, prefix: &str, near: Closest) -> Option<String> {
    near.get()
        .map(|near| concat(&["a similar ", what, " exists: '", prefix, near, "'"]))
}

/// What an option on the command line turned out to be.
#[derive(Clone, Copy)]
enum Target {
    /// The command's argument at this index.
    Own(usize),
    /// The app's global at this index.
    Global(usize),
    Verbose,
    Quiet,
    Help,
    Version,
    /// `--config <FILE>`, in an app with a config file (only with the
    /// `config` feature: without it, no app has one, and an app links no
    /// code for the option).
    #[cfg(feature = "config")]
    Config,
    /// A runtime option given before the command name.
    #[cfg(feature = "async")]
    Runtime(&'static str, bool),
}

/// Where options are looked up, and what the parse has gathered.
struct State<'a> {
    app: &'static AppSpec,
    vars: &'a Vars,
    /// The command, once its name was read.
    command: Option<&'static CommandSpec>,
    /// No group or command name read yet: `-V` is the app's.
    at_root: bool,
    values: Values,
    globals: Values,
    verbosity: i8,
    /// Runtime options given before the command name: long name, value.
    #[cfg(feature = "async")]
    pending: Vec<(&'static str, Option<OsString>)>,
    /// `--config FILE`.
    #[cfg(feature = "config")]
    config: Option<OsString>,
}

impl State<'_> {
    fn own(&self) -> &'static [ArgSpec] {
        self.command.map_or(&[], |c| c.args)
    }

    /// The target of `--name` (`name` without dashes, before any `=`), and
    /// whether it was written `--no-name`.
    fn long(&self, name: &[u8]) -> Option<(Target, bool)> {
        let find = |args: &'static [ArgSpec]| {
            args.iter()
                .position(|a| a.long.is_some_and(|l| l.as_bytes() == name))
        };
        let negated = |args: &'static [ArgSpec]| {
            let rest = name.strip_prefix(b"no-")?;
            args.iter()
                .position(|a| a.negate && a.long.is_some_and(|l| l.as_bytes() == rest))
        };
        if let Some(i) = find(self.own()) {
            return Some((Target::Own(i), false));
        }
        if let Some(i) = negated(self.own()) {
            return Some((Target::Own(i), true));
        }
        if let Some(i) = find(self.app.globals) {
            return Some((Target::Global(i), false));
        }
        if let Some(i) = negated(self.app.globals) {
            return Some((Target::Global(i), true));
        }
        // `-v`/`-q` are flash's only in an app with `logging: true`.
        let logging = self.app.logging.is_some();
        let builtin = match name {
            b"verbose" if logging => Target::Verbose,
            b"quiet" if logging => Target::Quiet,
            b"help" => Target::Help,
            b"version" if self.at_root => Target::Version,
            #[cfg(feature = "config")]
            b"config" if self.app.config.is_some() => Target::Config,
            // Only async commands have runtime options: without the
            // feature, none.
            #[cfg(feature = "async")]
            _ if self.command.is_none() => {
                let flag = RUNTIME_FLAGS.iter().find(|f| f.long.as_bytes() == name)?;
                Target::Runtime(flag.long, flag.value_name.is_some())
            }
            _ => return None,
        };
        Some((builtin, false))
    }

    /// The target of `-c`.
    fn short(&self, c: char) -> Option<Target> {
        let find = |args: &'static [ArgSpec]| args.iter().position(|a| a.short == Some(c));
        if let Some(i) = find(self.own()) {
            return Some(Target::Own(i));
        }
        if let Some(i) = find(self.app.globals) {
            return Some(Target::Global(i));
        }
        let logging = self.app.logging.is_some();
        match c {
            'v' if logging => Some(Target::Verbose),
            'q' if logging => Some(Target::Quiet),
            'h' if !self.command.is_some_and(|c| c.owns_short_help) => Some(Target::Help),
            'V' if self.at_root => Some(Target::Version),
            _ => None,
        }
    }

    /// The arguments and values a target of the command or the globals
    /// lives in.
    fn slot(&mut self, target: Target) -> Option<(&'static ArgSpec, usize, &mut Values)> {
        match target {
            Target::Own(i) => Some((self.own().get(i)?, i, &mut self.values)),
            Target::Global(i) => Some((self.app.globals.get(i)?, i, &mut self.globals)),
            _ => None,
        }
    }
}

/// What reading one option did.
enum Took {
    /// Nothing more to do.
    Done,
    /// It consumed the rest of a cluster of shorts (it took a value).
    Value,
    /// Help was asked for (`true`: long help).
    Help(bool),
    Version,
}

/// Parses a whole argv (program name first).
///
/// `args` is a `dyn Iterator`, read once, never peeked: `App::run` hands over
/// `std::env::args_os()` itself, with no `Vec` collected on the way (code
/// and an allocation in every run), and parsing is one copy of its code
/// whatever the caller's iterator.
///
/// Out of line, as [`command`] is: inlined into `main` it costs every
/// app some 300 bytes more.
#[inline(never)]
pub(crate) fn parse(
    app: &'static AppSpec,
    args: &mut dyn Iterator<Item = OsString>,
    vars: &Vars,
) -> Result<Action, UsageError> {
    args.next(); // the program name
    let mut state = State {
        app,
        vars,
        command: None,
        at_root: true,
        values: Values::new(),
        globals: Values::new(),
        verbosity: 0,
        #[cfg(feature = "async")]
        pending: Vec::new(),
        #[cfg(feature = "config")]
        config: None,
    };
    let mut group = app.root;
    loop {
        let place = Place::Group(group);
        let Some(arg) = args.next() else {
            return Ok(Action::Help {
                target: HelpTarget::Group(group),
                long: false,
                as_error: true,
            });
        };
        let bytes = arg.as_encoded_bytes();
        if bytes.len() > 1 && bytes[0] == b'-' && bytes != b"--" {
            match option(&mut state, &arg, args) {
                Ok(Took::Done | Took::Value) => continue,
                Ok(Took::Help(long)) => {
                    return Ok(Action::Help {
                        target: HelpTarget::Group(group),
                        long,
                        as_error: false,
                    })
                }
                Ok(Took::Version) => return Ok(Action::Version),
                Err(Failure { message, tip }) => {
                    return Err(UsageError::new(place, message).tip(tip))
                }
            }
        }
        let Some(text) = arg.to_str() else {
            return Err(UsageError::new(
                place,
                concat(&["unrecognized subcommand '", &arg.to_string_lossy(), "'"]),
            ));
        };
        match text {
            "help" => return help_for(group, args),
            name => match find_child(group, name) {
                Some(Node::Group(inner)) => {
                    group = inner;
                    state.at_root = false;
                }
                Some(Node::Command(spec)) => return command(state, spec, group, args),
                None => return not_found(state.at_root, group, name),
            },
        }
    }
}

/// Parses the rest of argv as `spec`'s, then checks what it must.
///
/// Out of line: inlined into `parse` (and so into `main`), the `State`
/// it takes by value and what it drops cost every app some 700 bytes.
#[inline(never)]
fn command(
    mut state: State,
    spec: &'static CommandSpec,
    parent: &'static GroupSpec,
    args: &mut dyn Iterator<Item = OsString>,
) -> Result<Action, UsageError> {
    let place = Place::Command { spec, parent };
    state.command = Some(spec);
    state.at_root = false;
    #[cfg(feature = "async")]
    let pending = apply_pending(&mut state);
    #[cfg(not(feature = "async"))]
    let pending = Ok(());
    #[cfg(feature = "config")]
    let mut places = Vec::new();
    let outcome = pending
        .and_then(|()| parse_args(&mut state, args))
        .and_then(|help| match help {
            Some(long) => Ok(Some(long)),
            None => {
                // Only with the `config` feature can an app have a file.
                #[cfg(feature = "config")]
                if let Some(load) = state.app.config {
                    places = apply_config(&mut state, load, spec, parent)?;
                }
                checks::check(&state).map(|()| None)
            }
        });
    match outcome {
        Ok(Some(long)) => Ok(Action::Help {
            target: HelpTarget::Command { spec, parent },
            long,
            as_error: false,
        }),
        Ok(None) => Ok(Action::Run(Box::new(Run {
            spec,
            parent,
            values: state.values,
            globals: state.globals,
            verbosity: state.verbosity,
            #[cfg(feature = "config")]
            places,
        }))),
        Err(Failure { message, tip }) => Err(UsageError::new(place, message).tip(tip)),
    }
}

/// The runtime options given before the command name go to the command's
/// arguments of the same long name; a command without them is an error.
#[cfg(feature = "async")]
fn apply_pending(state: &mut State) -> Result<(), Failure> {
    for (long, value) in std::mem::take(&mut state.pending) {
        let found = state.own().iter().position(|a| a.long == Some(long));
        let Some(i) = found else {
            let shown = concat(&["--", long]);
            return Err(Failure {
                message: unexpected(&shown),
                tip: Some(concat(&[
                    "'",
                    &shown,
                    "' is a runtime option of async commands, and this one is not",
                ])),
            });
        };
        let arg = &state.own()[i];
        match value {
            Some(value) => store(arg, &mut state.values, i, value)?,
            None => flag(arg, &mut state.values, i, false)?,
        }
    }
    Ok(())
}

/// How `--config` is shown in errors.
#[cfg(feature = "config")]
const CONFIG: &str = "--config <FILE>";

/// Reads the config file (`load`) and lays what it gives under the
/// command line; returns where it set the command's own arguments.
#[cfg(feature = "config")]
fn apply_config(
    state: &mut State,
    load: crate::cli::config::LoadConfig,
    spec: &'static CommandSpec,
    parent: &'static GroupSpec,
) -> Result<Vec<(usize, String)>, Failure> {
    load(crate::cli::config::Run {
        app: state.app,
        file: state.config.as_deref(),
        vars: state.vars,
        parent,
        command: spec,
        own: &mut state.values,
        globals: &mut state.globals,
    })
    .map_err(|e| Failure {
        message: e.message,
        tip: e.tip,
    })
}

/// Reads one option (`--name`, `--name=V`, `-abc`, `-nV`) at any level.
fn option(
    state: &mut State,
    arg: &OsString,
    args: &mut dyn Iterator<Item = OsString>,
) -> Result<Took, Failure> {
    let bytes = arg.as_encoded_bytes();
    if let Some(body) = bytes.strip_prefix(b"--") {
        let (name, attached) = match body.iter().position(|&b| b == b'=') {
            Some(eq) => (&body[..eq], Some(&body[eq + 1..])),
            None => (body, None),
        };
        let Some((target, negated)) = state.long(name) else {
            return Err(unknown_long(state, arg, name));
        };
        if let Target::Help = target {
            return Ok(Took::Help(true));
        }
        return take(state, target, negated, attached, args);
    }
    // A cluster of short flags, `-lq`, or `-nVALUE` / `-n VALUE` / `-n=V`.
    // Borrowed, not copied, when it is UTF-8 (as it nearly always is).
    let cluster = String::from_utf8_lossy(bytes.get(1..).unwrap_or_default());
    for (at, c) in cluster.char_indices() {
        let Some(target) = state.short(c) else {
            return Err(unknown_short(arg, c));
        };
        let rest = bytes.get(1 + at + c.len_utf8()..).unwrap_or_default();
        // `-n=V` (and `-n=`, an empty value) or `-nV`; nothing after `-n`
        // means the value is the next argument.
        let attached = match rest.strip_prefix(b"=") {
            Some(value) => Some(value),
            None => (!rest.is_empty()).then_some(rest),
        };
        let takes_value = match target {
            Target::Own(_) | Target::Global(_) => {
                state.slot(target).is_some_and(|(a, _, _)| a.takes_value())
            }
            #[cfg(feature = "async")]
            Target::Runtime(_, value) => value,
            _ => false,
        };
        let attached = if takes_value { attached } else { None };
        if !takes_value && rest.first() == Some(&b'=') {
            let (a, _, _) = state
                .slot(target)
                .ok_or_else(|| unexpected(&arg.to_string_lossy()))?;
            return Err(takes_no_value(a).into());
        }
        match take(state, target, false, attached, args)? {
            Took::Done => {}
            Took::Value => break,
            other => return Ok(other),
        }
    }
    Ok(Took::Done)
}

/// Takes `target` as found on the command line, with its value `attached`
/// (`--name=V`, `-nV`) or in the next argument.
fn take(
    state: &mut State,
    target: Target,
    negated: bool,
    attached: Option<&[u8]>,
    args: &mut dyn Iterator<Item = OsString>,
) -> Result<Took, Failure> {
    match target {
        // `--help` returns before this: here it is `-h`.
        Target::Help => return Ok(Took::Help(false)),
        Target::Version => return Ok(Took::Version),
        #[cfg(feature = "config")]
        Target::Config => {
            if state.config.is_some() {
                return Err(
                    concat(&["the argument '", CONFIG, "' cannot be used multiple times"]).into(),
                );
            }
            state.config = Some(match attached {
                Some(v) => os_from_bytes(v),
                None => take_value(CONFIG, args)?,
            });
            return Ok(Took::Value);
        }
        Target::Verbose => state.verbosity = state.verbosity.saturating_add(1),
        Target::Quiet => state.verbosity = state.verbosity.saturating_sub(1),
        #[cfg(feature = "async")]
        Target::Runtime(long, takes_value) => {
            let value = if takes_value {
                Some(match attached {
                    Some(v) => os_from_bytes(v),
                    None => take_value(&concat(&["--", long]), args)?,
                })
            } else {
                None
            };
            state.pending.push((long, value));
            return Ok(if takes_value { Took::Value } else { Took::Done });
        }
        Target::Own(_) | Target::Global(_) => {
            let Some((arg, index, values)) = state.slot(target) else {
                return Ok(Took::Done);
            };
            if !arg.takes_value() {
                if attached.is_some() {
                    return Err(takes_no_value(arg).into());
                }
                flag(arg, values, index, negated)?;
                return Ok(Took::Done);
            }
            let value = match attached {
                // The bytes after `--name=` or `-n` come from an `OsString`
                // split at an ASCII byte, so they are valid encoded bytes.
                Some(value) => os_from_bytes(value),
                None => take_value(arg.display, args)?,
            };
            store(arg, values, index, value)?;
            return Ok(Took::Value);
        }
    }
    Ok(Took::Done)
}

/// Records a flag: `--x` (an empty value) or `--no-x` (`no`). A plain
/// flag given twice is an error, as clap has it: repeating is for `count`,
/// and for a flag that `--no-x` can turn back off.
fn flag(arg: &ArgSpec, values: &mut Values, index: usize, negated: bool) -> Result<(), String> {
    if arg.kind == ArgKind::Flag && !arg.negate && given(values, index) {
        return Err(used_twice(arg));
    }
    let value = if negated {
        OsString::from("no")
    } else {
        OsString::new()
    };
    values.push((index, value));
    Ok(())
}

/// Reads a command's own arguments and positionals, and options of any
/// level; `Some(long)` when they ask for help.
fn parse_args(
    state: &mut State,
    args: &mut dyn Iterator<Item = OsString>,
) -> Result<Option<bool>, Failure> {
    let spec = state.command.expect("a command was found");
    let mut positional = 0;
    let mut only_positionals = false;
    let digits = |args: &[ArgSpec]| {
        args.iter()
            .any(|a| a.short.is_some_and(|c| c.is_ascii_digit()))
    };
    let digit_shorts = digits(spec.args) || digits(state.app.globals);
    while let Some(arg) = args.next() {
        let bytes = arg.as_encoded_bytes();
        let is_negative_number = !digit_shorts && looks_like_number(bytes);
        if only_positionals || bytes.len() < 2 || bytes[0] != b'-' || is_negative_number {
            positional =
                push_positional(spec, &mut state.values, positional, only_positionals, arg)?;
            continue;
        }
        if bytes == b"--" {
            only_positionals = true;
            continue;
        }
        match option(state, &arg, args)? {
            Took::Done | Took::Value => {}
            Took::Help(long) => return Ok(Some(long)),
            // `-V` is the app's alone; `state.short` never gives it here.
            Took::Version => return Err(unexpected(&arg.to_string_lossy()).into()),
        }
    }
    Ok(None)
}

/// Stores `arg` as the next positional from `positional` on (a variadic one
/// stays); after `--`, a `last` argument takes everything. Returns where the
/// next positional starts.
fn push_positional(
    spec: &CommandSpec,
    values: &mut Values,
    positional: usize,
    after_dashes: bool,
    arg: OsString,
) -> Result<usize, Failure> {
    let args = spec.args.iter().enumerate();
    let found = match args.clone().find(|(_, a)| a.last) {
        Some(last) if after_dashes => Some(last),
        _ => args
            .skip(positional)
            .find(|(_, a)| a.kind == ArgKind::Positional && !a.last),
    };
    let Some((index, arg_spec)) = found else {
        return Err(extra_argument(&arg, after_dashes));
    };
    store(arg_spec, values, index, arg)?;
    Ok(if arg_spec.multiple { index } else { index + 1 })
}

/// A positional nothing takes; for `-5`, clap's tip to write `-- -5`.
#[cold]
fn extra_argument(arg: &OsString, after_dashes: bool) -> Failure {
    let text = arg.to_string_lossy();
    let tip = (!after_dashes && text.starts_with('-'))
        .then(|| concat(&["to pass '", &text, "' as a value, use '-- ", &text, "'"]));
    Failure {
        message: unexpected(&text),
        tip,
    }
}

fn is_visible(arg: &&ArgSpec) -> bool {
    !arg.hidden
}

/// `--name` that nothing takes (`name` is what follows `--`, up to any `=`).
fn unknown_long(state: &State, arg: &OsString, name: &[u8]) -> Failure {
    let name = String::from_utf8_lossy(name);
    let shown = if name.is_empty() {
        arg.to_string_lossy()
    } else {
        concat(&["--", &name]).into()
    };
    let mut near = Closest::new(&name);
    let args = state
        .own()
        .iter()
        .chain(state.app.globals)
        .filter(is_visible);
    for a in args {
        if let Some(l) = a.long {
            near.offer(l);
        }
    }
    near.offer("help");
    if state.app.logging.is_some() {
        near.offer("verbose");
        near.offer("quiet");
    }
    if state.at_root {
        near.offer("version");
    }
    Failure {
        message: unexpected(&shown),
        tip: tip("argument", "--", near),
    }
}

/// `-c` that nothing takes (`arg` is the cluster it was in).
#[cold]
fn unknown_short(arg: &OsString, c: char) -> Failure {
    let mut buf = [0u8; 4];
    let shown = concat(&["-", c.encode_utf8(&mut buf)]);
    // `-5` where a number was meant (the command has digit flags): it is
    // not one of them.
    let tip = looks_like_number(arg.as_encoded_bytes()).then(|| {
        let text = arg.to_string_lossy();
        concat(&["to pass '", &text, "' as a value, use '-- ", &text, "'"])
    });
    Failure {
        message: unexpected(&shown),
        tip,
    }
}

#[cold]
fn unknown_subcommand(group: &'static GroupSpec, name: &str) -> UsageError {
    let mut near = Closest::new(name);
    for node in group.children.iter().filter(|n| !n.hidden()) {
        near.offer(node.name());
        if let Node::Command(c) = node {
            c.aliases.iter().for_each(|a| near.offer(a));
        }
    }
    near.offer("help");
    UsageError::new(
        Place::Group(group),
        concat(&["unrecognized subcommand '", name, "'"]),
    )
    .tip(tip("subcommand", "", near))
}

/// A name `group` does not have: one of flash's built-ins at the top (the
/// app's own names win over them), else an unknown subcommand.
fn not_found(at_root: bool, group: &'static GroupSpec, name: &str) -> Result<Action, UsageError> {
    match builtin(name) {
        Some(builtin) if at_root => Ok(Action::Builtin(builtin)),
        _ => Err(unknown_subcommand(group, name)),
    }
}

/// `help [NAME...]`: help for the named group or command.
fn help_for(
    mut group: &'static GroupSpec,
    args: &mut dyn Iterator<Item = OsString>,
) -> Result<Action, UsageError> {
    while let Some(arg) = args.next() {
        let name = arg.to_string_lossy();
        if name == "-h" || name == "--help" {
            break;
        }
        match find_child(group, &name) {
            Some(Node::Group(inner)) => group = inner,
            Some(Node::Command(spec)) => {
                if let Some(extra) = args.next() {
                    return Err(UsageError::new(
                        Place::Command {
                            spec,
                            parent: group,
                        },
                        unexpected(&extra.to_string_lossy()),
                    ));
                }
                return Ok(Action::Help {
                    target: HelpTarget::Command {
                        spec,
                        parent: group,
                    },
                    long: true,
                    as_error: false,
                });
            }
            // `help help`: the help of the level it was asked at.
            None if name == "help" && args.next().is_none() => break,
            None => return Err(unknown_subcommand(group, &name)),
        }
    }
    Ok(Action::Help {
        target: HelpTarget::Group(group),
        long: true,
        as_error: false,
    })
}

/// `unexpected value for '{display}': it is a flag and takes none`.
fn takes_no_value(arg: &ArgSpec) -> String {
    concat(&[
        "unexpected value for '",
        arg.display,
        "': it is a flag and takes none",
    ])
}

fn used_twice(arg: &ArgSpec) -> String {
    concat(&[
        "the argument '",
        arg.display,
        "' cannot be used multiple times",
    ])
}

fn os_from_bytes(bytes: &[u8]) -> OsString {
    // The bytes are a suffix of an `OsString`'s encoded bytes starting after an
    // ASCII character, which is a valid split point; go through the safe path
    // on Unix and a lossy one elsewhere.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(bytes).to_os_string()
    }
    #[cfg(not(unix))]
    {
        OsString::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[inline(never)]
fn looks_like_number(bytes: &[u8]) -> bool {
    bytes.len() > 1
        && bytes[0] == b'-'
        && bytes[1].is_ascii_digit()
        && bytes[1..]
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b'e' || *b == b'_')
}

/// The value after an option shown as `display`. A next argument that looks
/// like a flag is not taken as the value; it is an error, so reading it past
/// is harmless.
#[inline(never)]
fn take_value(display: &str, args: &mut dyn Iterator<Item = OsString>) -> Result<OsString, String> {
    if let Some(next) = args.next() {
        let bytes = next.as_encoded_bytes();
        if bytes.len() <= 1 || bytes[0] != b'-' || looks_like_number(bytes) {
            return Ok(next);
        }
    }
    Err(concat(&[
        "a value is required for '",
        display,
        "' but none was supplied",
    ]))
}

fn store(arg: &ArgSpec, values: &mut Values, index: usize, value: OsString) -> Result<(), String> {
    if !arg.multiple && given(values, index) {
        return Err(used_twice(arg));
    }
    check_value(arg, &value)?;
    values.push((index, value));
    Ok(())
}
