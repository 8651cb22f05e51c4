//! The static tables `#[cmd]` and `app!` generate: everything the parser and
//! the help printer need, as `&'static` data built during expansion.

use std::any::Any;
use std::ffi::OsStr;

use crate::cli::arg::ArgSpec;
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
    /// First paragraph of the doc comment, on one line: the listing entry.
    pub about: &'static str,
    /// Help for `-h`: short about, and the body after the usage line.
    pub help_short: HelpText,
    /// Help for `--help`: long about, and the body after the usage line.
    pub help_long: HelpText,
    /// The usage line after `Usage: <app> <path>`, e.g. `[OPTIONS] <NAME>`.
    pub usage: &'static str,
    /// Arguments in declaration order, then the built-in runtime options.
    pub args: &'static [ArgSpec],
    /// Whether the command declares its own `-h` (then `-h` is not help).
    pub owns_short_help: bool,
    /// Runs, but is not listed (`hidden`).
    pub hidden: bool,
    /// Exactly one of these arguments must be given (`one_of`, Rust names).
    pub one_of: &'static [&'static str],
    /// Checks `conflicts_with`, `requires` and `one_of`: `None` when the
    /// command has none of them.
    pub relations: Option<Relations>,
    /// Parses typed values from the invocation and runs the handler; its
    /// errors other than usage errors it has printed itself.
    ///
    /// A plain `fn` over this layer's types: the runtime it may start is
    /// the generated code's business, not the tables'.
    pub run: fn(Invocation) -> Result<(), Failed>,
}

/// A command's help text, static: plain, with the marks that style it on a
/// terminal (see [`crate::cli::style::mark`]).
#[derive(Debug, Clone, Copy)]
pub struct HelpText {
    /// The about text, ending in a blank line (or empty).
    pub about: &'static str,
    /// Everything after the usage line.
    pub body: &'static str,
    /// Where styles go in `body`, in order.
    pub styles: &'static [u32],
}

/// A nested group of commands, `remote { add, remove }`.
#[derive(Debug)]
pub struct GroupSpec {
    /// The group's name.
    pub name: &'static str,
    /// Its doc comment's first paragraph.
    pub about: &'static str,
    /// `<app> remote`, used in usage lines.
    pub path: &'static str,
    /// The usage line after the path: `[OPTIONS] <COMMAND>` for the app.
    pub usage: &'static str,
    /// Its commands and sub-groups.
    pub children: &'static [Node],
    /// The group's help (`demo remote --help`), plain.
    pub help: &'static str,
    /// Where styles go in `help`, in order (see [`crate::cli::style::mark`]).
    pub help_styles: &'static [u32],
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
    pub const fn name(&self) -> &'static str {
        match self {
            Node::Command(c) => c.name,
            Node::Group(g) => g.name,
        }
    }

    /// The node's one-line description.
    pub const fn about(&self) -> &'static str {
        match self {
            Node::Command(c) => c.about,
            Node::Group(g) => g.about,
        }
    }

    /// Whether the node is left out of listings.
    pub const fn hidden(&self) -> bool {
        match self {
            Node::Command(c) => c.hidden,
            Node::Group(_) => false,
        }
    }

    /// Whether `name` selects this node (its name or an alias).
    pub fn answers_to(&self, name: &str) -> bool {
        match self {
            Node::Command(c) => c.name == name || c.aliases.contains(&name),
            Node::Group(g) => g.name == name,
        }
    }
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

/// The whole app, as `app!` describes it.
#[derive(Debug)]
pub struct AppSpec {
    /// Program name, shown in usage lines and `--version`.
    pub name: &'static str,
    /// Version, shown by `--version`.
    pub version: &'static str,
    /// One-line description.
    pub about: &'static str,
    /// Top-level commands and groups.
    pub root: &'static GroupSpec,
    /// The app's global options (`globals: Global`), before or after the
    /// command name.
    pub globals: &'static [ArgSpec],
    /// Checks the relations between the globals: `None` when they have
    /// none.
    pub global_relations: Option<Relations>,
    /// Parses the globals into their struct (boxed), from their raw values.
    pub parse_globals: Option<ParseGlobals>,
    /// The `Global Options:` section every help ends with, and its marks.
    pub globals_help: (&'static str, &'static [u32]),
    /// State providers and hooks.
    pub env: AppEnv,
    /// Reads the config file (`config: true`): `None` without one.
    pub config: Option<LoadConfig>,
    /// Makes a run's log dispatcher (`logging: true`): `None` without
    /// logging, and then `-v`/`-q` are not built-ins either.
    pub logging: Option<crate::cli::log::MakeLogger>,
}

/// How `app!` parses its globals: the `parse_globals` method of the
/// [`crate::cli::param::Args`] type.
pub type ParseGlobals = fn(Values, &Vars) -> Result<Box<dyn Any + Send + Sync>, String>;

// ------------------------------------------------- the config file's hook

/// A config file that cannot be used: a usage error.
#[derive(Debug)]
pub struct ConfigError {
    /// `notes.toml:3:1: unknown key 'limt' in [tag.add]`.
    pub message: String,
    /// A did-you-mean, if a near name exists.
    pub tip: Option<String>,
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
    /// The group the command was found in (the app's root, or `tag`):
    /// the loader makes the command's names under the app from its path,
    /// so that apps without a config file link none of that code.
    pub parent: &'static GroupSpec,
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
