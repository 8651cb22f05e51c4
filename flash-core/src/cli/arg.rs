//! One argument of a command, as `#[cmd]` and `#[derive(Args)]` describe
//! it: everything the parser, help, completion, the docs and the config
//! file read about it, in one static table entry.

use std::ffi::{OsStr, OsString};

use crate::cli::paths::Paths;
use crate::cli::suggest::Closest;
use crate::cli::text::concat;
use crate::cli::vars::Vars;

/// How an argument takes values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// `--name`: no value; given at most once.
    Flag,
    /// `-v`, `-vvv`: no value; counted (`count`).
    Count,
    /// `--name <VALUE>` or `-n <VALUE>`.
    Option,
    /// A positional `<VALUE>`.
    Positional,
}

/// What the shell completes for a value where no values are listed
/// (`#[arg(value_hint = …)]`): one of the constants below, which the
/// generated tables name like an enum's variants (`ValueHint::Path`).
///
/// Constants of a struct rather than an enum: a hint that completes paths
/// carries the code that reads directories, so an app none of whose
/// arguments completes paths does not link it (some 29 KB of a small
/// app, and four libc symbols every run resolves when it starts), as
/// [`ArgSpec::read_env`] and [`ArgSpec::check`] keep out of an app what
/// none of its arguments uses.
#[derive(Debug, Clone, Copy)]
pub struct ValueHint {
    /// The paths its values complete to, and the code that offers them;
    /// `None` where nothing is completed.
    pub(crate) paths: Option<(Paths, OfferPaths)>,
}

/// What [`ValueHint::paths`] holds: the paths (or, for
/// [`ValueHint::Command`], the programs) the typed word may complete to,
/// pushed onto the list.
pub(crate) type OfferPaths = fn(&str, Paths, &mut Vec<String>);

#[allow(non_upper_case_globals)]
impl ValueHint {
    /// Nothing said: a `PathBuf` or `OsString` completes paths (the
    /// macros give those [`ValueHint::Path`]), anything else nothing.
    pub const Unknown: ValueHint = ValueHint { paths: None };
    /// Nothing is completed.
    pub const None: ValueHint = ValueHint { paths: None };
    /// Any path.
    pub const Path: ValueHint = ValueHint::paths(Paths::Any);
    /// A file (directories too, to walk into).
    pub const File: ValueHint = ValueHint::paths(Paths::File);
    /// A directory.
    pub const Dir: ValueHint = ValueHint::paths(Paths::Dir);
    /// A program file.
    pub const Executable: ValueHint = ValueHint::paths(Paths::Executable);
    /// A command name on `PATH`.
    pub const Command: ValueHint = ValueHint::paths(Paths::Command);

    const fn paths(paths: Paths) -> ValueHint {
        ValueHint {
            paths: Some((paths, crate::cli::paths::offer)),
        }
    }
}

/// A value an argument accepts, with its help (a `ValueEnum` variant's doc
/// comment, or none for `possible = [...]`).
#[derive(Debug, Clone, Copy)]
pub struct PossibleValue {
    /// The value as typed.
    pub name: &'static str,
    /// Its help line (may be empty).
    pub help: &'static str,
}

/// How help shows `default = EXPR`.
#[derive(Debug, Clone, Copy)]
pub enum ShownDefault {
    /// Known when the macro ran: a literal's value.
    Text(&'static str),
    /// Computed when help is printed: a `ValueEnum` variant's name, or the
    /// `Display` of the value.
    Computed(fn() -> String),
}

impl ShownDefault {
    /// The text help shows.
    pub fn text(&self) -> std::borrow::Cow<'static, str> {
        match self {
            ShownDefault::Text(text) => (*text).into(),
            ShownDefault::Computed(show) => show().into(),
        }
    }
}

/// What [`ArgSpec::check`] holds: `Err` is the usage error's message.
pub type CheckValue = fn(&ArgSpec, &OsStr) -> Result<(), String>;

/// What [`ArgSpec::read_env`] holds: the value of an environment variable
/// in one run's [`Vars`] (set but empty counts as unset).
pub type ReadEnv = fn(&Vars, &str) -> Option<OsString>;

/// What [`ArgSpec::complete`] holds: the values `#[arg(complete = f)]`
/// offers for the word being completed, with their help. Its first
/// argument is what the words already typed gave (erased: a table entry
/// names no type of the modules that read tables), from which the
/// runtime makes an invocation and builds what the function takes
/// (`&Global`, state `&T`), as it does for a hook.
pub type Completer = fn(Box<dyn std::any::Any>, &str) -> Vec<Candidate>;

/// A completion candidate: a value, and its help if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The value, as the shell inserts it (quoted there as needed).
    pub value: String,
    /// A line of help, shown beside it where the shell can.
    pub help: Option<String>,
}

impl Candidate {
    /// A value with no help.
    pub fn new(value: impl Into<String>) -> Self {
        Candidate {
            value: value.into(),
            help: None,
        }
    }

    /// The value with this help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<String> for Candidate {
    fn from(value: String) -> Self {
        Candidate::new(value)
    }
}

impl From<&str> for Candidate {
    fn from(value: &str) -> Self {
        Candidate::new(value)
    }
}

impl<V: Into<String>, H: Into<String>> From<(V, H)> for Candidate {
    fn from((value, help): (V, H)) -> Self {
        Candidate::new(value).help(help)
    }
}

/// Which runtime option an argument is, for `app! { runtime_flags: […] }`
/// (bits of [`crate::cli::spec::Settings::runtime_flags`]); `0` for the
/// user's own arguments.
pub mod runtime_bit {
    /// `--timeout`.
    pub const TIMEOUT: u8 = 1;
    /// `--max-concurrency`.
    pub const MAX_CONCURRENCY: u8 = 2;
    /// `--memory-limit`.
    pub const MEMORY_LIMIT: u8 = 4;
    /// `--metrics`.
    pub const METRICS: u8 = 8;
    /// Every runtime option.
    pub const ALL: u8 = 15;
}

/// One argument of a command (or of the app's globals).
#[derive(Debug, Clone, Copy)]
pub struct ArgSpec {
    /// The Rust name of its parameter or field, as `conflicts_with`,
    /// `requires` and `one_of` name it.
    pub name: &'static str,
    /// Flag, count, option or positional.
    pub kind: ArgKind,
    /// `--long` name, without dashes.
    pub long: Option<&'static str>,
    /// `-s` short name.
    pub short: Option<char>,
    /// `--no-LONG` turns a flag off (`negate`, or `default = true`).
    pub negate: bool,
    /// The value's name, `FILE` (empty for a flag).
    pub value_name: &'static str,
    /// How the argument is named in errors: `--times <N>`, `<NAME>`,
    /// `--loud`, `--tag <TAG>...`.
    pub display: &'static str,
    /// Takes many values (a `Vec`).
    pub multiple: bool,
    /// Must be given (or come from `env`, the config file or a prompt).
    pub required: bool,
    /// Takes what follows `--`, as it is (`last`).
    pub last: bool,
    /// Parsed, but not shown in help, completions or suggestions.
    pub hidden: bool,
    /// Its value is optional and must be attached with `=`
    /// (`Option<Option<T>>`, `default_missing`): `--color[=<WHEN>]`.
    pub optional_value: bool,
    /// What the shell completes where no values are listed.
    pub hint: ValueHint,
    /// Environment variable used when the argument is absent.
    pub env: Option<&'static str>,
    /// Reads [`ArgSpec::env`] (set with it: [`read_env`]). `Some` only
    /// where there is an `env`, so that an app that uses none links no
    /// environment look-up.
    pub read_env: Option<ReadEnv>,
    /// The accepted values, if they are a set (`possible`, or a
    /// `ValueEnum`'s shown names), with their help.
    pub possible: &'static [PossibleValue],
    /// Checks each value as it is parsed (that it is one of `possible`).
    /// `Some` only for `possible = [...]` (a `ValueEnum` checks itself).
    pub check: Option<CheckValue>,
    /// `[default: …]`, if any.
    pub default: Option<ShownDefault>,
    /// The first paragraph of its doc comment, on one line.
    pub help: &'static str,
    /// Its whole doc comment, when it has more than one paragraph (empty
    /// otherwise): what `--help` shows.
    pub long_help: &'static str,
    /// The help section it is listed in, instead of `Options:` or
    /// `Arguments:`.
    pub heading: Option<&'static str>,
    /// `[range: …]`, as written.
    pub range: Option<&'static str>,
    /// Arguments that must not be given with this one (Rust names).
    pub conflicts: &'static [&'static str],
    /// Arguments that must be given with this one (Rust names).
    pub requires: &'static [&'static str],
    /// Asks for the value on the terminal when no source gave it
    /// (`prompt`, `secret`).
    pub prompt: Option<Prompt>,
    /// Computes candidates for its values (`complete = f`).
    pub complete: Option<Completer>,
    /// A runtime option of async commands ([`runtime_bit`]), or `0`.
    pub runtime: u8,
}

impl ArgSpec {
    /// An argument with every optional part empty: generated tables start
    /// from it (`..ArgSpec::EMPTY`).
    pub const EMPTY: ArgSpec = ArgSpec {
        name: "",
        kind: ArgKind::Flag,
        long: None,
        short: None,
        negate: false,
        value_name: "",
        display: "",
        multiple: false,
        required: false,
        last: false,
        hidden: false,
        optional_value: false,
        hint: ValueHint::Unknown,
        env: None,
        read_env: None,
        possible: &[],
        check: None,
        default: None,
        help: "",
        long_help: "",
        heading: None,
        range: None,
        conflicts: &[],
        requires: &[],
        prompt: None,
        complete: None,
        runtime: 0,
    };

    /// Whether it takes a value.
    pub fn takes_value(&self) -> bool {
        matches!(self.kind, ArgKind::Option | ArgKind::Positional)
    }

    /// Whether it is a positional.
    pub fn is_positional(&self) -> bool {
        self.kind == ArgKind::Positional
    }

    /// Whether its values are paths the shell should complete.
    pub fn completes_paths(&self) -> bool {
        matches!(self.hint.paths, Some((paths, _)) if paths != Paths::Command)
    }
}

/// The arguments of one command: its parameters' in declaration order (an
/// `Args` group's options where the group is taken), then the runtime
/// options, as slices end to end. An argument's index is its place in
/// them all, counted from the first.
///
/// Slices rather than one array: a group's options are its type's, known
/// to the compiler but not to `#[cmd]`, and joining them into one array
/// is `const` evaluation at every command (see issue 16's measurements).
#[derive(Debug, Clone, Copy)]
pub struct Table(pub &'static [&'static [ArgSpec]]);

impl Table {
    /// No arguments.
    pub const EMPTY: Table = Table(&[]);

    /// Every argument, in order.
    pub fn iter(self) -> impl Iterator<Item = &'static ArgSpec> + Clone {
        Args {
            parts: self.0,
            part: &[],
        }
    }

    /// Every argument with its index.
    pub fn indexed(self) -> impl Iterator<Item = (usize, &'static ArgSpec)> + Clone {
        self.iter().enumerate()
    }

    /// The argument at `index`.
    pub fn get(self, mut index: usize) -> Option<&'static ArgSpec> {
        for part in self.0 {
            if index < part.len() {
                return part.get(index);
            }
            index -= part.len();
        }
        None
    }

    /// How many arguments there are.
    pub fn len(self) -> usize {
        self.0.iter().map(|part| part.len()).sum()
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.0.iter().all(|part| part.is_empty())
    }

    /// Where part `part` starts.
    pub fn start(self, part: usize) -> usize {
        self.0.iter().take(part).map(|p| p.len()).sum()
    }

    /// The index of the first argument `f` accepts.
    pub fn position(self, f: impl FnMut(&'static ArgSpec) -> bool) -> Option<usize> {
        self.iter().position(f)
    }

    /// The argument whose Rust name is `name`.
    pub fn named(self, name: &str) -> Option<(usize, &'static ArgSpec)> {
        self.indexed().find(|(_, a)| a.name == name)
    }
}

/// The arguments of a [`Table`], in order. By hand rather than a
/// `flat_map`: tables are walked at some fifty places, and the adapter's
/// front and back iterators made each walk several times the size.
#[derive(Clone)]
struct Args {
    /// The parts not started.
    parts: &'static [&'static [ArgSpec]],
    /// What is left of the part being walked.
    part: &'static [ArgSpec],
}

impl Iterator for Args {
    type Item = &'static ArgSpec;

    fn next(&mut self) -> Option<&'static ArgSpec> {
        loop {
            if let Some((arg, rest)) = self.part.split_first() {
                self.part = rest;
                return Some(arg);
            }
            let (part, rest) = self.parts.split_first()?;
            self.part = part;
            self.parts = rest;
        }
    }
}

/// Runs the argument's [`ArgSpec::check`], if it has one.
pub(crate) fn check_value(arg: &ArgSpec, value: &OsStr) -> Result<(), String> {
    match arg.check {
        Some(check) => check(arg, value),
        None => Ok(()),
    }
}

/// The [`ReadEnv`] of an argument with an `env`.
pub fn read_env(vars: &Vars, name: &str) -> Option<OsString> {
    vars.get(name)
}

/// The value must be one of [`ArgSpec::possible`]. Reached only through
/// [`ArgSpec::check`], which is set where there are possible values.
pub fn check_possible(arg: &ArgSpec, value: &OsStr) -> Result<(), String> {
    if arg.possible.is_empty() {
        return Ok(());
    }
    let text = value.to_string_lossy();
    if arg.possible.iter().any(|p| p.name == text) {
        return Ok(());
    }
    Err(concat(&[
        "invalid value '",
        &text,
        "' for '",
        arg.display,
        "'",
        &not_one_of(&text, arg.possible.iter().map(|p| p.name)),
    ]))
}

/// `\n  [possible values: a, b]`, and a did-you-mean where a near one
/// exists: what follows the first line of an invalid value's error.
pub fn not_one_of<'a>(typed: &str, names: impl Iterator<Item = &'a str>) -> String {
    let mut message = String::from("\n  [possible values: ");
    let mut near = Closest::new(typed);
    for (i, name) in names.enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(&quoted_value(name));
        near.offer(name);
    }
    message.push(']');
    if let Some(near) = near.get() {
        message.push_str("\n\n  tip: a similar value exists: '");
        message.push_str(near);
        message.push('\'');
    }
    message
}

/// A possible value as clap lists it: quoted when it holds whitespace.
pub(crate) fn quoted_value(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains(char::is_whitespace) {
        concat(&["\"", name, "\""]).into()
    } else {
        name.into()
    }
}

/// How an argument asks for its value.
#[derive(Debug, Clone, Copy)]
pub struct Prompt {
    /// Shown before the answer: `Title: `.
    pub title: &'static str,
    /// Read without echo.
    pub secret: bool,
    /// Asks; see `cli::prompt::read`.
    pub read: ReadPrompt,
}

/// Asks for the value of `arg` (whose prompt this is): `Ok(None)` when
/// stdin is not a terminal, at the end of input, or for an empty answer
/// where one is allowed (`allow_empty`: the argument has a default or may
/// be absent); an empty answer to a required one asks again. `Err` is a
/// usage error's message (an answer not among the possible values, a
/// terminal that cannot be read).
pub type ReadPrompt = fn(&ArgSpec, allow_empty: bool) -> Result<Option<OsString>, String>;
