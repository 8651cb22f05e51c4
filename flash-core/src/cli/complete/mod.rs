//! Completion in six shells through a hidden callback, as cobra's
//! `__complete` and the Zig framework do: each shell's script is small and
//! fixed (only the program's name varies), and the binary answers the
//! candidates from the same tables the parser reads, so what the shell
//! offers is what the parser accepts.
//!
//! The protocol, between a script and the binary:
//!
//! ```text
//! prog __complete <CWORD> <WORD0> <WORD1> ...
//! ```
//!
//! The words are the command line's as the shell split it, the program's
//! own first; `CWORD` is the index of the word being completed (a `CWORD`
//! past the last word stands for an empty word, so no shell has to pass an
//! empty argument). Words after it are ignored. The answer on stdout is one
//! candidate a line, `value` or `value<TAB>help`, with the help where there
//! is one (bash drops it); or the single line `:path` when the word is a
//! path, for the shell to complete file names itself. The callback never
//! prints an error and always exits 0: a command line it cannot follow
//! gets no candidates.
//!
//! bash splits `--name=value` at the `=` (the words `--name`, `=`,
//! `value`) and replaces only what follows it: after `--name =` the values
//! are answered alone. Other shells pass `--name=va` whole and get
//! `--name=value` back.
//!
//! Commands and options, and their help, are read from the rendered help
//! (every binary has it): what help lists is what is offered, so hidden
//! commands and arguments are not, nor aliases, and the names a command
//! or the globals take from flash's built-ins (`-h`, `-v`, `-q`) are
//! offered once, as theirs. Values come from the tables: `possible` (and
//! a `ValueEnum`'s names), or `:path` for a `PathBuf` or `OsString`.
//!
//! The callback and the built-in `completions` command are recognised only
//! where looking up a command name failed, so parsing any other command
//! line runs no code of theirs.
//!
//! Every binary carries this code, and `opt-level = 3` inlines freely: it
//! is written small on purpose, byte loops rather than `str` patterns (each
//! kind of pattern brings its searcher), one helper per job, `#[cold]`
//! entry points, and no tables of pointers (see `builtin`).

mod builtin;
mod shells;

use std::ffi::OsString;

use crate::cli::arg::{ArgKind, ArgSpec};
#[cfg(feature = "async")]
use crate::cli::exec::RUNTIME_FLAGS;
use crate::cli::output::{Output, Streams};
use crate::cli::spec::{find_child, AppSpec, CommandSpec, GroupSpec, Node};

pub(crate) use builtin::{claimed, ABOUT, COMPLETIONS};
pub(crate) use shells::script;

/// A built-in command of every app, found where the app has no command
/// of its name, at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    /// `completions SHELL`: print a shell's script.
    Completions,
    /// `__complete CWORD WORDS...`: answer a script.
    Complete,
}

/// The built-in named `name`, if there is one (asked only where no
/// command of the app has that name; inlined into its one caller).
#[inline]
pub(crate) fn builtin(name: &str) -> Option<Builtin> {
    match name {
        "completions" => Some(Builtin::Completions),
        "__complete" => Some(Builtin::Complete),
        _ => None,
    }
}

/// A usage error of a built-in (`completions`), which the app prints as
/// its own, the built-in's name and usage line in place of a table's.
#[derive(Debug)]
pub(crate) struct BuiltinUsage {
    pub name: &'static str,
    pub usage: &'static str,
    pub message: String,
    pub tip: Option<String>,
}

/// Runs built-in `builtin` of `app` on the rest of the command line,
/// `args`; its exit code, or the usage error for the app to print.
///
/// Cold and out of line: no other command line reaches it, and it must
/// not weigh on how theirs are compiled.
#[cold]
#[inline(never)]
pub(crate) fn run(
    app: &'static AppSpec,
    builtin: Builtin,
    args: &mut dyn Iterator<Item = OsString>,
    streams: &Streams,
) -> Result<u8, BuiltinUsage> {
    let text = match builtin {
        Builtin::Completions => return builtin::completions(app, args, streams),
        Builtin::Complete => answer(app, args),
    };
    Ok(print(&streams.stdout, text, 0))
}

/// Writes `text` on `out` (a closed pipe is not worth a word); `code`.
#[inline(never)]
fn print(out: &Output, text: String, code: u8) -> u8 {
    use std::io::Write;
    let _ = out.clone().write_all(text.as_bytes());
    code
}

/// `text` cut at the first `byte` (ASCII): what is before it, and what is
/// after it if it is there.
#[inline(never)]
fn cut(text: &str, byte: u8) -> (&str, Option<&str>) {
    // `get`, not indexing: a panic's location would be data to relocate.
    match text.bytes().position(|b| b == byte) {
        Some(at) => (text.get(..at).unwrap_or(""), text.get(at + 1..)),
        None => (text, None),
    }
}

/// The answer that asks the shell to complete a file name.
const PATH: &str = ":path\n";

/// The answer to `prog __complete CWORD WORDS...` (`args` after
/// `__complete`), read as they come.
#[inline(never)]
fn answer(app: &'static AppSpec, args: &mut dyn Iterator<Item = OsString>) -> String {
    let mut out = String::new();
    let mut cword = 0usize;
    for b in args.next().unwrap_or_default().as_encoded_bytes() {
        let digit = b.wrapping_sub(b'0');
        cword = if digit < 10 {
            cword.saturating_mul(10).saturating_add(digit.into())
        } else {
            0
        };
    }
    let mut walk = Walk {
        app,
        group: app.root,
        command: None,
        shells: false,
        pending: None,
        positionals: 0,
        dashes: false,
        help: false,
    };
    // The program's name, then the words before the one completed (past
    // the last word, the one completed is empty).
    args.next();
    let mut current = OsString::new();
    for at in 1..=cword {
        let Some(word) = args.next() else { break };
        if at == cword {
            current = word;
        } else if !walk.word(word.to_str().unwrap_or_default()) {
            return out;
        }
    }
    if cword > 0 {
        let mut offer = Offer {
            out: &mut out,
            current: current.to_str().unwrap_or_default(),
            lead: "",
        };
        walk.current(&mut offer);
    }
    out
}

/// Where the words before the one being completed lead.
struct Walk {
    app: &'static AppSpec,
    group: &'static GroupSpec,
    command: Option<&'static CommandSpec>,
    /// After the built-in `completions`: a shell's name comes next.
    shells: bool,
    /// The last word is an option whose value comes next (`Some(None)`:
    /// one no table describes, a runtime option before the command name).
    pending: Option<Option<&'static ArgSpec>>,
    /// Positional values given.
    positionals: usize,
    /// After `--`: only positionals.
    dashes: bool,
    /// After `help`: only names.
    help: bool,
}

impl Walk {
    fn at_root(&self) -> bool {
        std::ptr::eq(self.group, self.app.root)
    }

    /// The argument of the command or the globals named `--long` (`""`:
    /// none) or `-short`.
    #[inline(never)]
    fn find(&self, long: &str, short: char) -> Option<&'static ArgSpec> {
        let own: &'static [ArgSpec] = self.command.map_or(&[], |c| c.args);
        let matches = |a: &&ArgSpec| a.short == Some(short) || a.long == Some(long);
        let find = |args: &'static [ArgSpec]| args.iter().find(matches);
        find(own).or_else(|| find(self.app.globals))
    }

    /// Follows one word; `false` when the line leads nowhere.
    #[inline(never)]
    fn word(&mut self, word: &str) -> bool {
        // bash's `--name = value`: the value is still to come.
        if word == "=" && self.pending.is_some() {
            return true;
        }
        if self.pending.take().is_some() {
            return true;
        }
        let named = self.command.is_some() || self.shells;
        if word == "--" && named {
            self.dashes = true;
        } else if !self.dashes && word.len() > 1 && word.starts_with('-') {
            self.pending = self.option(word);
        } else if named {
            self.positionals += 1;
        } else {
            return self.name(word);
        }
        true
    }

    /// A group or command name.
    fn name(&mut self, word: &str) -> bool {
        match find_child(self.group, word) {
            Some(Node::Group(group)) => self.group = group,
            Some(Node::Command(spec)) if !self.help => self.command = Some(spec),
            None if word == "help" && !self.help => self.help = true,
            None if word == "completions" && self.at_root() && !self.help => self.shells = true,
            _ => return false,
        }
        true
    }

    /// An option; `Some` when its value is the next word.
    fn option(&mut self, word: &str) -> Option<Option<&'static ArgSpec>> {
        if let Some(body) = word.strip_prefix("--") {
            let (name, value) = cut(body, b'=');
            if let Some(arg) = self.find(name, '\0') {
                return (arg.takes_value() && value.is_none()).then_some(Some(arg));
            }
            // A runtime option before the command name (async commands
            // alone have them).
            #[cfg(feature = "async")]
            if self.command.is_none() && value.is_none() {
                let flag = RUNTIME_FLAGS.iter().find(|f| f.long == name);
                return flag.and_then(|f| f.value_name).map(|_| None);
            }
            return None;
        }
        let shorts = word.get(1..).unwrap_or("");
        for (at, c) in shorts.char_indices() {
            if let Some(arg) = self.find("", c).filter(|a| a.takes_value()) {
                // `-nVALUE`, else the value is the next word.
                return (at + c.len_utf8() == shorts.len()).then_some(Some(arg));
            }
        }
        None
    }

    /// Offers what the word being completed can be.
    fn current(&self, offer: &mut Offer) {
        let current = offer.current;
        if let Some(pending) = self.pending {
            // bash's `--name =`: the value starts after the `=`.
            if current == "=" {
                offer.current = "";
            }
            if let Some(arg) = pending {
                self.values(offer, arg);
            }
            return;
        }
        if self.shells {
            let mut rest = Some(shells::SHELL_NAMES);
            while let (Some(names), 0) = (rest, self.positionals) {
                let (shell, next) = cut(names, b' ');
                offer.offer("", shell, "");
                rest = next;
            }
            return;
        }
        if !self.dashes && current.starts_with('-') {
            match cut(current, b'=') {
                // `--name=value` in one word: the candidates keep `--name=`.
                (name, Some(value)) => {
                    let arg = name.strip_prefix("--").and_then(|n| self.find(n, '\0'));
                    if let Some(arg) = arg.filter(|a| a.takes_value()) {
                        offer.lead = current.get(..current.len() - value.len()).unwrap_or("");
                        self.values(offer, arg);
                    }
                }
                (_, None) => self.listed(offer, true),
            }
            return;
        }
        match self.command {
            Some(spec) => {
                if let Some(arg) = positional(spec, self.positionals, self.dashes) {
                    self.values(offer, arg);
                }
            }
            None => self.listed(offer, false),
        }
    }

    /// An option's or positional's possible values, else a path.
    fn values(&self, offer: &mut Offer, arg: &ArgSpec) {
        if arg.hidden {
            return;
        }
        if arg.possible.is_empty() && arg.path {
            offer.out.push_str(PATH);
            return;
        }
        let long = self.command.map_or("", |c| c.help_long.body);
        for value in arg.possible {
            // Long help lists values that have help as `- name: help`.
            let mut help = "";
            rows(long, &mut |row| {
                let item = row.strip_prefix("- ").and_then(|r| r.strip_prefix(*value));
                if let Some(text) = item.and_then(|r| r.strip_prefix(':')) {
                    help = text.trim_start_matches(' ');
                }
            });
            offer.offer("", value, help);
        }
    }

    /// What help lists here, with its help lines: the options of the
    /// command (or the group) and the globals, flash's own among them; or
    /// (not `options`) the group's commands and groups, the built-in `help`
    /// and `completions` among them and hidden ones not. Aliases are not
    /// offered.
    fn listed(&self, offer: &mut Offer, options: bool) {
        let texts = match self.command {
            Some(c) => [c.help_short.body, self.app.globals_help.0],
            None => [self.group.help, ""],
        };
        for text in texts {
            rows(text, &mut |row| {
                let (left, help) = columns(row);
                if !options {
                    // A command's row: its name alone on the left.
                    if !matches!(left.as_bytes().first(), Some(b'-' | b'<' | b'[')) {
                        offer.offer("", left, help);
                    }
                    return;
                }
                let mut rest = Some(left);
                while let Some(words) = rest {
                    let (mut word, next) = cut(words, b' ');
                    rest = next;
                    while let Some(w) = word.strip_suffix(',').or(word.strip_suffix('.')) {
                        word = w;
                    }
                    if let Some(name) = word.strip_prefix("--[no-]") {
                        offer.offer("--", name, help);
                        offer.offer("--no-", name, help);
                    } else if word.len() > 1 && word.starts_with('-') {
                        offer.offer("", word, help);
                    }
                }
            });
        }
    }
}

/// The positional the next value goes to: the `n`th, or a variadic one
/// before it; after `--`, a `last` one.
fn positional(spec: &'static CommandSpec, mut n: usize, dashes: bool) -> Option<&'static ArgSpec> {
    let mut found = None;
    for arg in spec.args {
        if arg.last {
            if dashes {
                return Some(arg);
            }
        } else if arg.kind == ArgKind::Positional && found.is_none() {
            if n == 0 || arg.multiple {
                found = Some(arg);
            } else {
                n -= 1;
            }
        }
    }
    found
}

/// The candidates written so far, and the word they must start with.
struct Offer<'a> {
    out: &'a mut String,
    /// The word being completed.
    current: &'a str,
    /// Written before each candidate (`--name=`).
    lead: &'a str,
}

impl Offer<'_> {
    /// `lead`, `dashes` and `name` with `help`, when they start with the
    /// current word.
    #[inline(never)]
    fn offer(&mut self, dashes: &str, name: &str, help: &str) {
        let tab = if help.is_empty() { "" } else { "\t" };
        let line = crate::cli::text::concat(&[self.lead, dashes, name, tab, help, "\n"]);
        if line.starts_with(self.current) {
            self.out.push_str(&line);
        }
    }
}

/// Calls `f` with each row of rendered help `text`: an indented line,
/// without its indent (headings and about text are not indented).
#[inline(never)]
fn rows(text: &'static str, f: &mut dyn FnMut(&'static str)) {
    let mut rest = Some(text);
    while let Some(text) = rest {
        let (line, next) = cut(text, b'\n');
        rest = next;
        let indent = line.bytes().take_while(|b| *b == b' ').count();
        if let Some(row) = line.get(indent..).filter(|_| indent >= 2) {
            f(row);
        }
    }
}

/// A help row split at the gap after its left column, the help without
/// its leading spaces.
fn columns(row: &str) -> (&str, &str) {
    match row.as_bytes().windows(2).position(|w| w == b"  ") {
        Some(gap) => {
            let help = row.get(gap..).unwrap_or("").trim_start_matches(' ');
            (row.get(..gap).unwrap_or(""), help)
        }
        None => (row, ""),
    }
}

#[cfg(test)]
mod tests;
