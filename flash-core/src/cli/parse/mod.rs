//! argv → what to do: a command and the raw values of its arguments and of
//! the app's globals; or help, the version.
//!
//! Hand-written: parsing is the product itself. It is table-driven (the
//! tables come from `#[cmd]`, `#[derive(Args)]` and `app!`), reads words
//! through [`crate::cli::lex`], works on `OsString`s so non-UTF-8 paths pass
//! intact, and allocates only for the values it keeps.
//!
//! It is a state machine fed one word at a time ([`Parser::word`]), so the
//! completion engine runs the very same parser over the words before the
//! cursor and asks it what may come next.
//!
//! An option is looked up in the arguments of the command being parsed
//! first, then in the app's globals, then among flash's built-ins (`-h`,
//! `-V`, `-v`/`-q` with `logging: true`, `--config`, the runtime options
//! before a command name): a name the app declares always wins.

use std::ffi::{OsStr, OsString};

use crate::cli::arg::{check_value, ArgKind, ArgSpec, Table};
use crate::cli::lex::{lex, Shorts, Word};
use crate::cli::spec::{find_child, AppSpec, CommandSpec, GroupSpec, Node, Target};
use crate::cli::values::{given, Values};
use crate::cli::vars::Vars;

mod checks;
mod errors;

pub(crate) use crate::cli::help::UsageLine;
pub(crate) use errors::{Failure, UsageError};

/// What argv asks for.
#[derive(Debug)]
pub(crate) enum Action {
    /// Print help.
    Help(Help),
    /// Print `name version` (`name` as the version line shows it).
    Version(String),
    /// Run a command.
    Run(Run),
    /// Fail before the command runs, for a reason that is not the command
    /// line's (the default config file cannot be read): `error: {0}`,
    /// exit 1.
    #[cfg(feature = "config")]
    Fail(String),
}

/// Help to print.
#[derive(Debug)]
pub(crate) struct Help {
    /// Whose.
    pub target: Target,
    /// The path usage lines show: `notes tag`, or `true` for a multicall
    /// applet.
    pub path: String,
    /// `--help` (or `help NAME`) rather than `-h`.
    pub long: bool,
    /// Shown because something is missing: on stderr, exit 2.
    pub to_stderr: bool,
}

/// A command to run, with everything argv gave it.
#[derive(Debug)]
pub(crate) struct Run {
    pub spec: &'static CommandSpec,
    /// The path usage lines show (`notes tag add`).
    pub path: String,
    pub values: Values,
    /// Values of the app's globals.
    pub globals: Values,
    /// `-v` (+1 each) and `-q` (-1 each), with `logging: true`.
    pub verbosity: i8,
    /// Where the config file set the command's own arguments: index, place.
    #[cfg(feature = "config")]
    pub places: Vec<(usize, String)>,
}

/// Where the words so far lead.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At {
    /// A group of commands; at the top, the app's root command runs when
    /// no command is named.
    Group {
        group: &'static GroupSpec,
        top: bool,
    },
    /// A command (its name was read, or it is the root and a word of its
    /// own was).
    Command(&'static CommandSpec),
    /// The app's `external` command: every word from here is its own, raw.
    External(&'static CommandSpec),
    /// After the built-in `help`: names of commands to show the help of.
    HelpFor(&'static GroupSpec),
    /// After `help NAME…` named a command (or `help` itself): nothing more.
    HelpOf(&'static CommandSpec),
}

/// An option that takes its value from the next word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pending {
    pub target: Opt,
    /// As errors name it: `--times <N>`.
    pub display: &'static str,
}

/// What an option on the command line turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opt {
    /// The argument at this index of the command being parsed (the root
    /// command's at the top).
    Own(usize),
    /// The app's global at this index.
    Global(usize),
    Help,
    Version,
    Verbose,
    Quiet,
    /// `--config <FILE>`, in an app with a config file.
    Config,
    /// A runtime option given before the command name: its bit.
    Runtime(u8),
}

/// The parser's state, one word at a time.
pub(crate) struct Parser<'a> {
    pub(crate) app: &'static AppSpec,
    vars: &'a Vars,
    pub(crate) at: At,
    /// What usage lines show before the command's own part.
    pub(crate) path: String,
    /// The values of the command being parsed (the root's at the top).
    pub(crate) values: Values,
    pub(crate) globals: Values,
    verbosity: i8,
    pub(crate) pending: Option<Pending>,
    /// Positional values given to the command being parsed.
    pub(crate) positionals: usize,
    /// After `--`: only positionals.
    pub(crate) dashes: bool,
    /// Words read since the current level was entered.
    pub(crate) words_here: usize,
    /// Words read in all.
    words: usize,
    /// An argument of the root command given at the top: a command named
    /// after it is an error, since the root will not run.
    root_arg: Option<&'static str>,
    /// Runtime options given before the command name: bit, value.
    runtime: Vec<(u8, Option<OsString>)>,
    /// `--config FILE`.
    config: Option<OsString>,
    /// Asked for: help (`Some(long)`) or the version.
    asked: Option<Asked>,
}

#[derive(Debug, Clone, Copy)]
enum Asked {
    Help(bool),
    Version,
}

impl<'a> Parser<'a> {
    /// A parser at the app's top level. `argv0` is the program's name:
    /// under `multicall: true`, a name that names a command selects it.
    pub(crate) fn new(app: &'static AppSpec, vars: &'a Vars, argv0: Option<&OsStr>) -> Self {
        let mut parser = Parser {
            app,
            vars,
            at: At::Group {
                group: app.commands,
                top: true,
            },
            // Room for a command's name or two: entering one does not
            // move it.
            path: String::with_capacity(app.name.len() + 24),
            values: Values::new(),
            globals: Values::new(),
            verbosity: 0,
            pending: None,
            positionals: 0,
            dashes: false,
            words_here: 0,
            words: 0,
            root_arg: None,
            runtime: Vec::new(),
            config: None,
            asked: None,
        };
        parser.path.push_str(app.name);
        if app.settings.multicall {
            let name = argv0
                .map(std::path::Path::new)
                .and_then(|p| p.file_name())
                .and_then(OsStr::to_str)
                .unwrap_or_default();
            if let Some(node) = find_child(app.commands, name) {
                parser.path.clear();
                parser.enter(node, name);
            }
        }
        parser
    }

    /// The table of the command being parsed: the root's at the top.
    pub(crate) fn own(&self) -> Table {
        match self.at {
            At::Command(spec) | At::External(spec) => spec.args,
            At::Group { top: true, .. } => self.app.root.map_or(Table::EMPTY, |r| r.args),
            _ => Table::EMPTY,
        }
    }

    /// The command being parsed: the root's at the top.
    pub(crate) fn command(&self) -> Option<&'static CommandSpec> {
        match self.at {
            At::Command(spec) | At::External(spec) => Some(spec),
            At::Group { top: true, .. } => self.app.root,
            _ => None,
        }
    }

    /// Whether `-5` is a value here: no short flag of the command or the
    /// globals is a digit.
    pub(crate) fn numbers_are_values(&self) -> bool {
        let digit = |a: &ArgSpec| a.short.is_some_and(|c| c.is_ascii_digit());
        !self.own().iter().any(digit) && !self.app.globals.iter().any(digit)
    }

    /// [`Parser::numbers_are_values`] as [`lex`] needs it for `word`:
    /// asked only of a word that is a negative number, the only words
    /// whose reading depends on it.
    fn numbers_for(&self, word: &OsStr) -> bool {
        crate::cli::lex::is_negative_number(word) && self.numbers_are_values()
    }

    /// Reads one word; `Some` when it settles what to do (help, the
    /// version).
    pub(crate) fn word(&mut self, word: OsString) -> Result<Option<Action>, UsageError> {
        self.words += 1;
        self.words_here += 1;
        let result = self.read(word);
        match result {
            Ok(()) => Ok(self.asked.take().map(|asked| self.answer(asked))),
            Err(failure) => Err(self.failed(failure)),
        }
    }

    fn read(&mut self, word: OsString) -> Result<(), Failure> {
        if let Some(pending) = self.pending.take() {
            return self.pending_value(pending, word);
        }
        match self.at {
            At::External(spec) => return self.positional(spec, word),
            At::HelpFor(group) => return self.help_for(group, word),
            At::HelpOf(_) => {
                return Err(errors::with_usage(errors::unrecognized(
                    &word.to_string_lossy(),
                )))
            }
            _ => {}
        }
        if self.dashes {
            return self.value(word);
        }
        match lex(&word, self.numbers_for(&word)) {
            Word::Escape => {
                self.dashes = true;
                Ok(())
            }
            Word::Long { name, value } => self.long(&word, name, value),
            Word::Shorts(shorts) => self.shorts(shorts),
            Word::Value(_) => self.value(word),
        }
    }

    /// The value of an option that took the next word: an option-looking
    /// word is not a value (it is an error, so reading it past is
    /// harmless).
    fn pending_value(&mut self, pending: Pending, word: OsString) -> Result<(), Failure> {
        if crate::cli::lex::is_option(&word, self.numbers_for(&word)) {
            return Err(errors::no_value(
                self.arg_of(pending.target),
                pending.display,
            ));
        }
        self.store(pending.target, word)
    }

    /// The argument a target of the command or the globals is.
    pub(crate) fn arg_of(&self, target: Opt) -> Option<&'static ArgSpec> {
        match target {
            Opt::Own(i) => self.own().get(i),
            Opt::Global(i) => self.app.globals.get(i),
            _ => None,
        }
    }

    /// `--name` or `--name=value`.
    fn long(&mut self, word: &OsStr, name: &[u8], value: Option<&OsStr>) -> Result<(), Failure> {
        if let Some(node) = self.flag_command(|c| c.long_flag.is_some_and(|l| l.as_bytes() == name))
        {
            if value.is_some() {
                return Err(errors::unexpected(&word.to_string_lossy()).into());
            }
            return self.select(node);
        }
        let Some((target, negated)) = self.find_long(name) else {
            return Err(errors::unknown_long(self, word, name));
        };
        self.take(target, negated, value, true)
    }

    /// `-abc`: each flag in turn; one that takes a value takes the rest.
    fn shorts(&mut self, mut shorts: Shorts) -> Result<(), Failure> {
        while let Some(c) = shorts.next_flag() {
            if let Some(node) = self.flag_command(|cmd| cmd.short_flag == Some(c)) {
                self.select(node)?;
                continue;
            }
            let Some(target) = self.find_short(c) else {
                return Err(errors::unknown_short(self, c));
            };
            let takes_value = self.takes_value(target);
            if !takes_value && shorts.at_equals() {
                let value = shorts.value().unwrap_or_default();
                return Err(errors::takes_no_value(self.arg_of(target), value));
            }
            let value = if takes_value { shorts.value() } else { None };
            self.take(target, false, value, false)?;
            if self.asked.is_some() || shorts.is_empty() {
                break;
            }
        }
        Ok(())
    }

    /// A child command of the current group selected by `matches` on its
    /// `short_flag`/`long_flag`.
    fn flag_command(&self, matches: impl Fn(&CommandSpec) -> bool) -> Option<Node> {
        let At::Group { group, .. } = self.at else {
            return None;
        };
        if self.positionals > 0 {
            return None;
        }
        group
            .children
            .iter()
            .copied()
            .find(|n| matches!(n, Node::Command(c) if matches(c)))
    }

    /// Whether an option takes a value.
    fn takes_value(&self, target: Opt) -> bool {
        match target {
            Opt::Own(_) | Opt::Global(_) => self.arg_of(target).is_some_and(|a| a.takes_value()),
            Opt::Config => true,
            Opt::Runtime(bit) => {
                crate::cli::exec::runtime_flag(bit).is_some_and(|f| f.value_name.is_some())
            }
            _ => false,
        }
    }

    /// The target of `--name`, and whether it was written `--no-name`.
    pub(crate) fn find_long(&self, name: &[u8]) -> Option<(Opt, bool)> {
        let long = |a: &ArgSpec| a.long.is_some_and(|l| l.as_bytes() == name);
        let negated = |a: &ArgSpec| {
            a.negate
                && name
                    .strip_prefix(b"no-")
                    .is_some_and(|rest| a.long.is_some_and(|l| l.as_bytes() == rest))
        };
        let runtime = self.runtime_offered();
        let own = self.own();
        let visible = |a: &ArgSpec| a.runtime == 0 || a.runtime & runtime != 0;
        if let Some(i) = own.position(|a| long(a) && visible(a)) {
            return Some((Opt::Own(i), false));
        }
        if let Some(i) = own.position(|a| negated(a) && visible(a)) {
            return Some((Opt::Own(i), true));
        }
        if let Some(i) = self.app.globals.position(long) {
            return Some((Opt::Global(i), false));
        }
        if let Some(i) = self.app.globals.position(negated) {
            return Some((Opt::Global(i), true));
        }
        let builtin = match name {
            b"help" => Opt::Help,
            b"version" if self.version_here() => Opt::Version,
            b"verbose" if self.app.logging() => Opt::Verbose,
            b"quiet" if self.app.logging() => Opt::Quiet,
            b"config" if self.app.has_config() => Opt::Config,
            _ if self.before_command() => {
                let flag = crate::cli::exec::RUNTIME_FLAGS
                    .iter()
                    .zip(crate::cli::exec::RUNTIME_BITS)
                    .find(|(f, bit)| f.long.as_bytes() == name && runtime & bit != 0)?;
                Opt::Runtime(flag.1)
            }
            _ => return None,
        };
        Some((builtin, false))
    }

    /// The target of `-c`.
    pub(crate) fn find_short(&self, c: char) -> Option<Opt> {
        let runtime = self.runtime_offered();
        let own = self.own();
        let short =
            |a: &ArgSpec| a.short == Some(c) && (a.runtime == 0 || a.runtime & runtime != 0);
        if let Some(i) = own.position(short) {
            return Some(Opt::Own(i));
        }
        if let Some(i) = self.app.globals.position(|a| a.short == Some(c)) {
            return Some(Opt::Global(i));
        }
        match c {
            'h' => Some(Opt::Help),
            'V' if self.version_here() => Some(Opt::Version),
            'v' if self.app.logging() => Some(Opt::Verbose),
            'q' if self.app.logging() => Some(Opt::Quiet),
            _ => None,
        }
    }

    /// Whether `-V`/`--version` answer here: at the top, or in any command
    /// with `propagate_version`.
    fn version_here(&self) -> bool {
        match self.at {
            At::Group { top: true, .. } => true,
            _ => self.app.settings.propagate_version,
        }
    }

    /// No command named yet (runtime options given now wait for one).
    fn before_command(&self) -> bool {
        matches!(self.at, At::Group { .. })
    }

    /// The runtime options the app offers.
    fn runtime_offered(&self) -> u8 {
        self.app.settings.runtime_flags
    }

    /// Takes `target` as found, with its value `attached` (`--name=V`,
    /// `-nV`) or in the next word.
    fn take(
        &mut self,
        target: Opt,
        negated: bool,
        attached: Option<&OsStr>,
        long: bool,
    ) -> Result<(), Failure> {
        match target {
            Opt::Help => {
                self.asked = Some(Asked::Help(long));
                return Ok(());
            }
            Opt::Version => {
                self.asked = Some(Asked::Version);
                return Ok(());
            }
            Opt::Verbose => self.verbosity = self.verbosity.saturating_add(1),
            Opt::Quiet => self.verbosity = self.verbosity.saturating_sub(1),
            Opt::Config | Opt::Runtime(_) => match attached {
                Some(value) => self.store(target, value.to_os_string())?,
                None if self.takes_value(target) => {
                    self.pending = Some(Pending {
                        target,
                        display: errors::builtin_display(target),
                    })
                }
                None => self.store(target, OsString::new())?,
            },
            Opt::Own(_) | Opt::Global(_) => {
                let Some(arg) = self.arg_of(target) else {
                    return Ok(());
                };
                if self.at_top_with_commands() && matches!(target, Opt::Own(_)) {
                    self.root_arg.get_or_insert(arg.display);
                }
                if !arg.takes_value() {
                    if let Some(value) = attached {
                        return Err(errors::takes_no_value(Some(arg), value));
                    }
                    return self.flag(target, arg, negated);
                }
                match attached {
                    Some(value) => self.store(target, value.to_os_string())?,
                    // `--color` alone: its value is missing, as it may be.
                    None if arg.optional_value => self.store_missing(target, arg)?,
                    None => {
                        self.pending = Some(Pending {
                            target,
                            display: arg.display,
                        })
                    }
                }
            }
        }
        Ok(())
    }

    /// Records a flag: `--x` (an empty value) or `--no-x` (`no`). A plain
    /// flag given twice is an error, as clap has it: repeating is for
    /// `count`, and for a flag that `--no-x` can turn back off.
    fn flag(&mut self, target: Opt, arg: &ArgSpec, negated: bool) -> Result<(), Failure> {
        let (values, index) = self.slot(target);
        if arg.kind == ArgKind::Flag && !arg.negate && given(values, index) {
            return Err(errors::used_twice(arg).into());
        }
        let value = if negated { "no" } else { "" };
        values.push((index, OsString::from(value)));
        Ok(())
    }

    /// An option with an optional value given with none: a value of one
    /// byte that no command line can give (a NUL), which the accessors
    /// read as "given, without a value".
    fn store_missing(&mut self, target: Opt, arg: &ArgSpec) -> Result<(), Failure> {
        let (values, index) = self.slot(target);
        if !arg.multiple && given(values, index) {
            return Err(errors::used_twice(arg).into());
        }
        values.push((index, OsString::from(crate::cli::values::MISSING)));
        Ok(())
    }

    /// The values and index of an argument target.
    fn slot(&mut self, target: Opt) -> (&mut Values, usize) {
        match target {
            Opt::Global(i) => (&mut self.globals, i),
            Opt::Own(i) => (&mut self.values, i),
            _ => unreachable!("only arguments have slots"),
        }
    }

    /// Stores an option's value.
    fn store(&mut self, target: Opt, value: OsString) -> Result<(), Failure> {
        match target {
            Opt::Config => {
                if self.config.is_some() {
                    return Err(errors::used_twice_named(errors::CONFIG).into());
                }
                self.config = Some(value);
                Ok(())
            }
            Opt::Runtime(bit) => {
                self.runtime.push((bit, Some(value)));
                Ok(())
            }
            Opt::Own(_) | Opt::Global(_) => {
                let Some(arg) = self.arg_of(target) else {
                    return Ok(());
                };
                let (values, index) = self.slot(target);
                if !arg.multiple && given(values, index) {
                    return Err(errors::used_twice(arg).into());
                }
                check_value(arg, &value)?;
                values.push((index, value));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A word that is not an option.
    fn value(&mut self, word: OsString) -> Result<(), Failure> {
        match self.at {
            At::Group { group, top } => {
                if self.positionals == 0 && !self.dashes {
                    if let Some(text) = word.to_str() {
                        if let Some(node) = find_child(group, text) {
                            return self.select(node);
                        }
                        if text == "help" && self.app.has_commands() {
                            self.leave_root("help")?;
                            self.at = At::HelpFor(group);
                            return Ok(());
                        }
                        if top && text == "completions" && self.app.has_completions_command() {
                            return self.select(Node::Command(&crate::cli::builtins::COMPLETIONS));
                        }
                    }
                }
                match (top, self.app.root, self.app.external) {
                    (true, Some(root), _)
                        if has_positional_slot(root, self.positionals, self.dashes) =>
                    {
                        self.positional(root, word)
                    }
                    (true, _, Some(external)) if self.positionals == 0 => {
                        self.leave_root(&word.to_string_lossy())?;
                        self.words_here = 0;
                        self.values.clear();
                        self.at = At::External(external);
                        self.positional(external, word)
                    }
                    (true, Some(root), _) => self.positional(root, word),
                    _ => Err(errors::unknown_subcommand(self.app, group, &word)),
                }
            }
            At::Command(spec) => self.positional(spec, word),
            At::External(spec) => self.positional(spec, word),
            At::HelpFor(group) => self.help_for(group, word),
            At::HelpOf(_) => Err(errors::with_usage(errors::unrecognized(
                &word.to_string_lossy(),
            ))),
        }
    }

    /// Stores `word` as the next positional of `spec` (a variadic one
    /// takes every one; after `--`, a `last` one takes everything).
    fn positional(&mut self, spec: &'static CommandSpec, word: OsString) -> Result<(), Failure> {
        let Some(index) = positional_slot(spec, self.positionals, self.dashes) else {
            return Err(errors::extra_argument(&word, self.dashes));
        };
        if self.at_top_with_commands() && self.root_arg.is_none() {
            self.root_arg = spec.args.get(index).map(|a| a.display);
        }
        self.positionals += 1;
        let arg = spec.args.get(index).expect("a slot is an argument");
        check_value(arg, &word)?;
        self.values.push((index, word));
        Ok(())
    }

    /// At the top of an app with a root command and commands.
    fn at_top_with_commands(&self) -> bool {
        matches!(self.at, At::Group { top: true, .. })
            && self.app.root.is_some()
            && !self.app.commands.children.is_empty()
    }

    /// Leaving the top level for a command: whatever was given to the
    /// root command is an error, since it will not run.
    fn leave_root(&self, name: &str) -> Result<(), Failure> {
        match self.root_arg {
            Some(display) if matches!(self.at, At::Group { top: true, .. }) => {
                Err(errors::root_arg_with_command(name, display))
            }
            _ => Ok(()),
        }
    }

    /// Goes into `node`, named `name` on the command line.
    fn select(&mut self, node: Node) -> Result<(), Failure> {
        let name = node.name();
        self.leave_root(name)?;
        self.enter(node, name);
        Ok(())
    }

    fn enter(&mut self, node: Node, name: &str) {
        if !self.path.is_empty() {
            self.path.push(' ');
        }
        self.path.push_str(name);
        self.words_here = 0;
        self.positionals = 0;
        self.dashes = false;
        match node {
            Node::Group(group) => {
                self.at = At::Group { group, top: false };
            }
            Node::Command(spec) => {
                self.values.clear();
                self.at = At::Command(spec);
            }
        }
    }

    /// `help NAME...`: the help of the named group or command (`help
    /// help`: of `help` itself), as clap reads it: every word a name.
    fn help_for(&mut self, group: &'static GroupSpec, word: OsString) -> Result<(), Failure> {
        let name = word.to_string_lossy();
        let spec = match find_child(group, &name) {
            Some(Node::Group(inner)) => {
                self.path.push(' ');
                self.path.push_str(inner.name);
                self.at = At::HelpFor(inner);
                return Ok(());
            }
            Some(Node::Command(spec)) => spec,
            None if name == "help" => &crate::cli::builtins::HELP_COMMAND,
            None if name == "completions"
                && std::ptr::eq(group, self.app.commands)
                && self.app.has_completions_command() =>
            {
                &crate::cli::builtins::COMPLETIONS
            }
            None => return Err(errors::unknown_subcommand(self.app, group, &word)),
        };
        self.path.push(' ');
        self.path.push_str(spec.name);
        self.at = At::HelpOf(spec);
        Ok(())
    }

    /// The action a request for help or the version is.
    fn answer(&self, asked: Asked) -> Action {
        match asked {
            Asked::Version => Action::Version(self.path.replace(' ', "-")),
            Asked::Help(long) => Action::Help(Help {
                target: self.target(),
                path: self.path.clone(),
                long,
                to_stderr: false,
            }),
        }
    }

    /// The level help and usage lines are about.
    pub(crate) fn target(&self) -> Target {
        match self.at {
            At::Group { group, top } => Target::Group { group, top },
            At::HelpFor(group) => Target::Group {
                group,
                top: std::ptr::eq(group, self.app.commands),
            },
            At::Command(spec) | At::External(spec) | At::HelpOf(spec) => Target::Command(spec),
        }
    }

    /// A failure at the current level, as the usage error it is.
    fn failed(&self, failure: Failure) -> UsageError {
        failure.at(self.target(), &self.path)
    }

    /// The end of argv: what to do.
    pub(crate) fn finish(mut self) -> Result<Action, UsageError> {
        if let Some(pending) = self.pending.take() {
            let arg = self.arg_of(pending.target);
            return Err(self.failed(errors::no_value(arg, pending.display)));
        }
        let help = |parser: &Self, to_stderr: bool| {
            Action::Help(Help {
                target: parser.target(),
                path: parser.path.clone(),
                long: false,
                to_stderr,
            })
        };
        match self.at {
            At::HelpFor(_) | At::HelpOf(_) => Ok(self.answer(Asked::Help(true))),
            At::Group { top, .. }
                if top && self.words == 0 && self.app.settings.help_if_no_args =>
            {
                Ok(help(&self, true))
            }
            At::Group { group, top } => match (top, self.app.root) {
                (true, Some(root)) if root.help_if_no_args && self.words == 0 => {
                    Ok(help(&self, true))
                }
                (true, Some(root)) => self.run(root),
                _ if self.words_here == 0 => Ok(help(&self, true)),
                _ => Err(self.failed(errors::missing_subcommand(self.app, group, &self.path))),
            },
            At::Command(spec) if spec.help_if_no_args && self.words_here == 0 => {
                Ok(help(&self, true))
            }
            At::Command(spec) | At::External(spec) => self.run(spec),
        }
    }

    /// Checks what the command must have, then runs it.
    fn run(mut self, spec: &'static CommandSpec) -> Result<Action, UsageError> {
        self.apply_runtime(spec).map_err(|f| self.failed(f))?;
        // flash's own `completions` reads no config file.
        #[cfg(feature = "config")]
        let config = self
            .app
            .config
            .filter(|_| !std::ptr::eq(spec, &crate::cli::builtins::COMPLETIONS));
        #[cfg(feature = "config")]
        let places = match config {
            Some(load) => match self.apply_config(load, spec) {
                Ok(places) => places,
                Err(e) if e.unreadable_default => return Ok(Action::Fail(e.message)),
                Err(e) => {
                    let failure = Failure {
                        message: e.message,
                        tip: e.tip,
                        usage: true,
                        used: None,
                    };
                    return Err(self.failed(failure));
                }
            },
            None => Vec::new(),
        };
        checks::check(&self, spec)?;
        Ok(Action::Run(Run {
            spec,
            path: self.path,
            values: self.values,
            globals: self.globals,
            verbosity: self.verbosity,
            #[cfg(feature = "config")]
            places,
        }))
    }

    /// The runtime options given before the command name go to the
    /// command's arguments of the same long name; a command without them
    /// is an error.
    fn apply_runtime(&mut self, spec: &'static CommandSpec) -> Result<(), Failure> {
        for (bit, value) in std::mem::take(&mut self.runtime) {
            let Some(index) = spec.args.position(|a| a.runtime == bit) else {
                return Err(errors::not_async(bit));
            };
            let arg = spec.args.get(index).expect("found above");
            let target = Opt::Own(index);
            match value {
                Some(value) if arg.takes_value() => self.store(target, value)?,
                _ => self.flag(target, arg, false)?,
            }
        }
        Ok(())
    }

    /// Reads the config file and lays what it gives under the command
    /// line; returns where it set the command's own arguments.
    #[cfg(feature = "config")]
    fn apply_config(
        &mut self,
        load: crate::cli::config::LoadConfig,
        spec: &'static CommandSpec,
    ) -> Result<Vec<(usize, String)>, crate::cli::config::ConfigError> {
        let path = command_path(self.app, &self.path);
        load(crate::cli::config::Run {
            app: self.app,
            file: self.config.as_deref(),
            vars: self.vars,
            path,
            command: spec,
            own: &mut self.values,
            globals: &mut self.globals,
        })
    }

    pub(crate) fn vars(&self) -> &Vars {
        self.vars
    }
}

/// The command's path under the app: `tag add` for `notes tag add`.
#[cfg_attr(not(feature = "config"), allow(dead_code))]
pub(crate) fn command_path<'p>(app: &AppSpec, path: &'p str) -> &'p str {
    path.strip_prefix(app.name).unwrap_or(path).trim_start()
}

/// The index of the argument the `n`th positional value of `spec` goes to
/// (a variadic one takes every value from its place on); after `--`, a
/// `last` one takes everything.
pub(crate) fn positional_slot(spec: &CommandSpec, n: usize, dashes: bool) -> Option<usize> {
    if dashes {
        if let Some(last) = spec.args.position(|a| a.last) {
            return Some(last);
        }
    }
    let mut seen = 0;
    for (index, arg) in spec.args.indexed() {
        if arg.kind != ArgKind::Positional || arg.last {
            continue;
        }
        if seen == n || arg.multiple && seen <= n {
            return Some(index);
        }
        seen += 1;
    }
    None
}

/// Whether `spec` takes another positional value.
fn has_positional_slot(spec: &CommandSpec, n: usize, dashes: bool) -> bool {
    positional_slot(spec, n, dashes).is_some()
}

/// Parses a whole argv (program name first).
///
/// Out of line: inlined into `main` it costs every app some hundreds of
/// bytes.
#[inline(never)]
pub(crate) fn parse(
    app: &'static AppSpec,
    args: &mut dyn Iterator<Item = OsString>,
    vars: &Vars,
) -> Result<Action, UsageError> {
    let argv0 = args.next();
    let mut parser = Parser::new(app, vars, argv0.as_deref());
    for word in args {
        if let Some(action) = parser.word(word)? {
            return Ok(action);
        }
    }
    parser.finish()
}
