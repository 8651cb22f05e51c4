//! The static tables `#[cmd]` and `app!` generate: the one model of the
//! app in the binary. The parser, help, completion, the man pages and the
//! Markdown reference, and the config file all read these; none reads
//! what another rendered.

use std::any::Any;
use std::ffi::OsStr;

use crate::cli::arg::Table;
use crate::cli::extract::AppEnv;
use crate::cli::invoke::{Failed, Invocation};
use crate::cli::relations::Relations;
use crate::cli::values::Values;
use crate::cli::vars::Vars;

/// One command, as `#[flash::cmd]` describes it.
#[derive(Debug)]
pub struct CommandSpec {
    /// The command's name (`name = "..."` or the fn name in kebab-case).
    pub name: &'static str,
    /// Other names it answers to (`alias = "..."`).
    pub aliases: &'static [&'static str],
    /// The first paragraph of its doc comment, on one line (trailing
    /// period dropped): its line in listings and its `-h` about.
    pub about: &'static str,
    /// Its whole doc comment, when it has more than one paragraph (empty
    /// otherwise): its `--help` about.
    pub long_about: &'static str,
    /// Its arguments: each parameter's, then the runtime options.
    pub args: Table,
    /// Runs, but is not listed (`hidden`).
    pub hidden: bool,
    /// Exactly one of these arguments must be given (`one_of`, Rust names,
    /// in declaration order).
    pub one_of: &'static [&'static str],
    /// Also selected by this flag (`short_flag = 'S'`: `pacman -S`).
    pub short_flag: Option<char>,
    /// Also selected by this flag (`long_flag = "sync"`).
    pub long_flag: Option<&'static str>,
    /// Run with no arguments at all, it prints its help on stderr and
    /// exits 2 (`help_if_no_args`).
    pub help_if_no_args: bool,
    /// Checks `conflicts_with`, `requires` and `one_of`: `None` when the
    /// command can have none of them.
    pub relations: Option<Relations>,
    /// Parses typed values from the invocation and runs the handler; its
    /// errors other than usage errors it has printed itself.
    ///
    /// A plain `fn` over this layer's types: the runtime it may start is
    /// the generated code's business, not the tables'.
    pub run: fn(Invocation) -> Result<(), Failed>,
}

impl CommandSpec {
    /// Whether `name` selects this command (its name or an alias).
    pub fn answers_to(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

/// A nested group of commands, `remote { add, remove }`, or the app's
/// top level.
#[derive(Debug)]
pub struct GroupSpec {
    /// The group's name (the app's, at the top).
    pub name: &'static str,
    /// The first paragraph of its doc comment.
    pub about: &'static str,
    /// Its whole doc comment, when it has more than one paragraph.
    pub long_about: &'static str,
    /// `<app> remote`, as usage lines show it.
    pub path: &'static str,
    /// Its commands and sub-groups.
    pub children: &'static [Node],
}

/// An entry of an app or a group.
#[derive(Debug, Clone, Copy)]
pub enum Node {
    /// A command.
    Command(&'static CommandSpec),
    /// A group of commands.
    Group(&'static GroupSpec),
}

impl Node {
    /// The node's primary name.
    pub fn name(&self) -> &'static str {
        match self {
            Node::Command(c) => c.name,
            Node::Group(g) => g.name,
        }
    }

    /// The node's one-line description.
    pub fn about(&self) -> &'static str {
        match self {
            Node::Command(c) => c.about,
            Node::Group(g) => g.about,
        }
    }

    /// Its other names.
    pub fn aliases(&self) -> &'static [&'static str] {
        match self {
            Node::Command(c) => c.aliases,
            Node::Group(_) => &[],
        }
    }

    /// Whether the node is left out of listings.
    pub fn hidden(&self) -> bool {
        match self {
            Node::Command(c) => c.hidden,
            Node::Group(_) => false,
        }
    }

    /// Whether `name` selects this node (its name or an alias).
    pub fn answers_to(&self, name: &str) -> bool {
        match self {
            Node::Command(c) => c.answers_to(name),
            Node::Group(g) => g.name == name,
        }
    }
}

/// A level of the app a help page or a usage line is about.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A group of commands; at the top, the app (with its root command,
    /// if it has one).
    Group {
        /// The group.
        group: &'static GroupSpec,
        /// Whether it is the app's top level.
        top: bool,
    },
    /// A command.
    Command(&'static CommandSpec),
}

/// The command or group of `group` that `name` selects: the parser and
/// the completion engine follow names with this one copy.
pub(crate) fn find_child(group: &'static GroupSpec, name: &str) -> Option<Node> {
    group
        .children
        .iter()
        .copied()
        .find(|node| node.answers_to(name))
}

/// Whether a built-in command is there, and listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// There, and listed in help.
    Listed,
    /// There, not listed (`completions: hidden`).
    Hidden,
    /// Not there (`completions: false`).
    Off,
}

/// What the app asks of flash's built-ins and shapes (`app!`'s keys).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// `completions: hidden | false`: the `completions <SHELL>` command of
    /// an app with commands.
    pub completions: Listing,
    /// `runtime_flags: [...]`: which runtime options async commands offer
    /// (bits of [`crate::cli::arg::runtime_bit`]).
    pub runtime_flags: u8,
    /// `help_if_no_args: true`: run with no arguments, the app prints its
    /// help on stderr and exits 2.
    pub help_if_no_args: bool,
    /// `propagate_version: true`: every command answers `--version`.
    pub propagate_version: bool,
    /// `multicall: true`: the command is chosen by the name the binary is
    /// run as.
    pub multicall: bool,
}

impl Settings {
    /// What an app gets without asking.
    pub const DEFAULT: Settings = Settings {
        completions: Listing::Listed,
        runtime_flags: crate::cli::arg::runtime_bit::ALL,
        help_if_no_args: false,
        propagate_version: false,
        multicall: false,
    };
}

/// The whole app, as `app!` describes it.
#[derive(Debug)]
pub struct AppSpec {
    /// Program name, shown in usage lines and `--version`.
    pub name: &'static str,
    /// Version, shown by `--version`.
    pub version: &'static str,
    /// One-line description (`about`, else the package's description).
    pub about: &'static str,
    /// The top-level commands and groups (none for a root-only app).
    pub commands: &'static GroupSpec,
    /// `root: cmd`: what runs when no command is named.
    pub root: Option<&'static CommandSpec>,
    /// `external: cmd`: what runs for a command name the app does not
    /// have, with that name and everything after it.
    pub external: Option<&'static CommandSpec>,
    /// The app's global options (`globals: Global`), before or after the
    /// command name.
    pub globals: Table,
    /// Checks the relations between the globals: `None` when they have
    /// none.
    pub global_relations: Option<Relations>,
    /// Parses the globals into their struct (boxed), from their raw values.
    pub parse_globals: Option<ParseGlobals>,
    /// State providers and hooks.
    pub env: AppEnv,
    /// Reads the config file (`config: true`): `None` without one.
    pub config: Option<LoadConfig>,
    /// Makes a run's log dispatcher (`logging: true`): `None` without
    /// logging, and then `-v`/`-q` are not built-ins either.
    pub logging: Option<crate::cli::log::MakeLogger>,
    /// Built-ins and shapes.
    pub settings: Settings,
}

impl AppSpec {
    /// Whether the app has commands (then `help` and `completions` are
    /// commands too).
    pub fn has_commands(&self) -> bool {
        !self.commands.children.is_empty() || self.external.is_some()
    }

    /// Whether the built-in `completions` command is there.
    pub fn has_completions_command(&self) -> bool {
        self.has_commands()
            && self.settings.completions != Listing::Off
            && find_child(self.commands, "completions").is_none()
    }

    /// Whether `-v`/`-q` and `RUST_LOG` are flash's (`logging: true`).
    /// Only an app built with the `async` feature can have logging: in a
    /// build without it, the answer is known when compiling, and nothing
    /// of it is linked.
    pub fn logging(&self) -> bool {
        cfg!(feature = "async") && self.logging.is_some()
    }

    /// Whether the app reads a config file (`config: true`). Only an app
    /// built with the `config` feature can: in a build without it, the
    /// answer is known when compiling, and nothing of it is linked.
    pub fn has_config(&self) -> bool {
        cfg!(feature = "config") && self.config.is_some()
    }
}

/// How `app!` parses its globals: the `parse_globals` method of the
/// [`crate::cli::param::Args`] type.
pub type ParseGlobals = fn(Values, &Vars) -> Result<Box<dyn Any + Send + Sync>, String>;

// ------------------------------------------------- the config file's hook

/// A config file that cannot be used: a usage error, or, for a default
/// file that exists but cannot be read, an error of the run (exit 1).
#[derive(Debug)]
pub struct ConfigError {
    /// `notes.toml:3:1: unknown key 'limt' in [tag.add]`.
    pub message: String,
    /// A did-you-mean, if a near name exists.
    pub tip: Option<String>,
    /// The default file is there but cannot be read (a directory, no
    /// permission): not the command line's fault, so not a usage error.
    pub unreadable_default: bool,
}

/// One run of a command, as the config file sees it: where the command
/// is, and the values the command line gave it and the globals.
pub struct ConfigRun<'a> {
    /// The app.
    pub app: &'static AppSpec,
    /// `--config FILE`, if given.
    pub file: Option<&'a OsStr>,
    /// The environment of the run.
    pub vars: &'a Vars,
    /// The command's path under the app (`tag add`; empty for the root
    /// command): its table in the file.
    pub path: &'a str,
    /// The command.
    pub command: &'static CommandSpec,
    /// The command's values from the command line.
    pub own: &'a mut Values,
    /// The globals' values from the command line.
    pub globals: &'a mut Values,
}

/// Reads the config file for `run` (the file given as `--config`, else the
/// default one, if it exists) and lays what it gives under the command
/// line: an argument it sets is taken from it unless the command line or
/// its `env` variable gave it. Returns where it set the command's own
/// arguments (index, place), for errors. See `cli::config::load_config`.
pub type LoadConfig = fn(run: ConfigRun<'_>) -> Result<Vec<(usize, String)>, ConfigError>;
