//! The candidates for the word under the cursor: the parser is fed the
//! words before it, then asked what may come next.

use std::ffi::OsString;

use crate::cli::arg::{ArgSpec, Candidate};
use crate::cli::builtins::CONFIG_ARG;
use crate::cli::invoke::{command_path, Found, Invocation};
use crate::cli::lex::{lex, Word};
use crate::cli::output::Streams;
use crate::cli::parse::{positional_slot, At, Opt, Parser};
use crate::cli::spec::{AppSpec, Listing, Node};
use crate::cli::vars::Vars;

/// What the shell may put in place of the word under the cursor.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Completion {
    /// The candidates, each a whole word (with `prefix` before it).
    pub candidates: Vec<Candidate>,
    /// The part of the word that stays before a candidate: `--file=` when
    /// the value of `--file=…` is completed.
    pub prefix: String,
}

/// The completion of `words`: the program's name first, the word under
/// the cursor last (empty when the cursor is after a space).
pub(crate) fn complete(app: &'static AppSpec, mut words: Vec<OsString>, vars: &Vars) -> Completion {
    let current = words.pop().unwrap_or_default();
    let mut words = words.into_iter();
    let Some(argv0) = words.next() else {
        return Completion::default();
    };
    let mut parser = Parser::new(app, vars, Some(&argv0));
    for word in words {
        match parser.word(word) {
            Ok(None) => {}
            // Help or the version, or a line that does not parse: nothing
            // the parser would take next.
            _ => return Completion::default(),
        }
    }
    let current = current.to_string_lossy();
    let mut out = Completion::default();
    next(&parser, &current, &mut out);
    out.candidates.retain(|c| {
        c.value
            .starts_with(current.get(out.prefix.len()..).unwrap_or(""))
    });
    out
}

/// Offers what `current` may be after what `parser` read.
fn next(parser: &Parser, current: &str, out: &mut Completion) {
    if let Some(pending) = parser.pending {
        match parser.arg_of(pending.target) {
            Some(arg) => {
                values(parser, arg, current, out);
                not_options(parser, out);
            }
            // (`has_config`: known false without the `config` feature.)
            None if parser.app.has_config() && pending.target == Opt::Config => {
                values(parser, &CONFIG_ARG, current, out)
            }
            None => {}
        }
        return;
    }
    match parser.at {
        At::External(_) | At::HelpOf(_) => return,
        At::HelpFor(group) => return commands(parser, group.children, false, out),
        _ => {}
    }
    // A word being typed is a prefix: `-` alone (which the parser reads as
    // a value, stdin by convention) is where an option starts, as
    // clap_complete reads it.
    let option = !parser.dashes
        && current.starts_with('-')
        && (current == "-"
            || !matches!(
                lex(current.as_ref(), parser.numbers_are_values()),
                Word::Value(_)
            ));
    if option {
        // `--name=value`: `head` is `--name=`.
        let eq = current.bytes().position(|b| b == b'=');
        let split = eq.and_then(|eq| current.split_at_checked(eq + 1));
        if let Some((head, value)) = split.filter(|_| current.starts_with("--")) {
            let name = head.strip_prefix("--").and_then(|h| h.strip_suffix('='));
            if let Some((target, false)) = parser.find_long(name.unwrap_or_default().as_bytes()) {
                out.prefix = head.to_owned();
                match parser.arg_of(target) {
                    Some(arg) if arg.takes_value() => values(parser, arg, value, out),
                    None if parser.app.has_config() && target == Opt::Config => {
                        values(parser, &CONFIG_ARG, value, out)
                    }
                    _ => {}
                }
            }
            return;
        }
        return options(parser, current, out);
    }
    match parser.at {
        At::Group { group, top } => {
            if parser.positionals == 0 && !parser.dashes {
                commands(parser, group.children, top, out);
            }
            if let (true, Some(root)) = (top, parser.app.root) {
                if let Some(slot) = positional_slot(root, parser.positionals, parser.dashes) {
                    if let Some(arg) = root.args.get(slot) {
                        values(parser, arg, current, out);
                    }
                }
            }
        }
        At::Command(spec) => {
            if let Some(arg) = positional_slot(spec, parser.positionals, parser.dashes)
                .and_then(|slot| spec.args.get(slot))
            {
                values(parser, arg, current, out);
            }
        }
        At::External(_) | At::HelpFor(_) | At::HelpOf(_) => {}
    }
    if !parser.dashes {
        not_options(parser, out);
    }
}

/// Drops the values the parser would read as options in a word of their
/// own (`-dash` after `--tag` is a missing value, not `-dash`): what is
/// offered is what the parser accepts. (Paths are offered as `./-x`.)
fn not_options(parser: &Parser, out: &mut Completion) {
    let numbers = parser.numbers_are_values();
    out.candidates
        .retain(|c| !crate::cli::lex::is_option(c.value.as_ref(), numbers));
}

/// The names of `children` that are shown, with the built-ins `help`
/// (and `completions` at the top) where the app has them.
fn commands(parser: &Parser, children: &[Node], top: bool, out: &mut Completion) {
    let app = parser.app;
    for node in children.iter().filter(|n| !n.hidden()) {
        out.candidates
            .push(Candidate::new(node.name()).help(node.about()));
    }
    if !app.has_commands() {
        return;
    }
    if top && app.has_completions_command() && app.settings.completions == Listing::Listed {
        let c = &crate::cli::builtins::COMPLETIONS;
        out.candidates.push(Candidate::new(c.name).help(c.about));
    }
    if !children.iter().any(|n| n.answers_to("help")) {
        out.candidates
            .push(Candidate::new("help").help(crate::cli::builtins::HELP_ABOUT));
    }
}

/// The options that may come here, with their help: the command's (or
/// the root's), the globals, and the built-ins the app has not taken.
fn options(parser: &Parser, current: &str, out: &mut Completion) {
    let app = parser.app;
    let offered = app.settings.runtime_flags;
    let shown = |a: &&ArgSpec| !a.hidden && (a.runtime == 0 || a.runtime & offered != 0);
    let longs_only = current.starts_with("--");
    let own = parser.own();
    for arg in own.iter().chain(app.globals.iter()).filter(shown) {
        if let Some(long) = arg.long {
            offer(out, "--", long, arg.help);
            if arg.negate {
                offer(out, "--no-", long, arg.help);
            }
        }
        if let (Some(c), false) = (arg.short, longs_only) {
            let mut buf = [0u8; 4];
            offer(out, "-", c.encode_utf8(&mut buf), arg.help);
        }
    }
    if let At::Group { group, .. } = parser.at {
        if parser.positionals == 0 {
            for node in group.children.iter().filter(|n| !n.hidden()) {
                if let Node::Command(c) = node {
                    if let Some(long) = c.long_flag {
                        offer(out, "--", long, c.about);
                    }
                    if let (Some(s), false) = (c.short_flag, longs_only) {
                        let mut buf = [0u8; 4];
                        offer(out, "-", s.encode_utf8(&mut buf), c.about);
                    }
                }
            }
        }
    }
    // The built-ins, where the parser would take them as such.
    let builtins: [(&str, Option<char>, &str); 5] = [
        ("help", Some('h'), "Print help"),
        ("version", Some('V'), "Print version"),
        ("verbose", Some('v'), crate::cli::builtins::VERBOSE_HELP),
        ("quiet", Some('q'), crate::cli::builtins::QUIET_HELP),
        ("config", None, crate::cli::builtins::CONFIG_HELP),
    ];
    for (long, short, help) in builtins {
        let builtin = |t: Opt| !matches!(t, Opt::Own(_) | Opt::Global(_));
        if parser
            .find_long(long.as_bytes())
            .is_some_and(|(t, _)| builtin(t))
        {
            offer(out, "--", long, help);
        }
        if let (Some(c), false) = (short, longs_only) {
            if parser.find_short(c).is_some_and(builtin) {
                let mut buf = [0u8; 4];
                offer(out, "-", c.encode_utf8(&mut buf), help);
            }
        }
    }
    if matches!(parser.at, At::Group { .. }) {
        for (flag, bit) in crate::cli::exec::RUNTIME_FLAGS
            .iter()
            .zip(crate::cli::exec::RUNTIME_BITS)
        {
            if offered & bit != 0
                && parser.find_long(flag.long.as_bytes()) == Some((Opt::Runtime(bit), false))
            {
                offer(out, "--", flag.long, flag.help);
            }
        }
    }
}

/// Offers `dashes` and `name` as one option, with its help. (A function,
/// not a closure over `out`: it is called at nine places.)
#[inline(never)]
fn offer(out: &mut Completion, dashes: &str, name: &str, help: &str) {
    out.candidates
        .push(Candidate::new([dashes, name].concat()).help(help));
}

/// The values `arg` may take that start with `typed`.
fn values(parser: &Parser, arg: &ArgSpec, typed: &str, out: &mut Completion) {
    if arg.hidden {
        return;
    }
    if !arg.possible.is_empty() {
        for value in arg.possible {
            out.candidates.push(Candidate {
                value: value.name.to_owned(),
                help: (!value.help.is_empty()).then(|| value.help.to_owned()),
            });
        }
        return;
    }
    if let Some(completer) = arg.complete {
        out.candidates.extend(custom(parser, completer, typed));
        return;
    }
    if let Some((paths, offer)) = arg.hint.paths {
        let mut found = Vec::new();
        offer(typed, paths, &mut found);
        out.candidates.extend(found.into_iter().map(Candidate::new));
    }
}

/// What a `complete = f` function offers, built from the words typed so
/// far; nothing when it fails or panics (and nothing is printed).
fn custom(parser: &Parser, completer: crate::cli::arg::Completer, typed: &str) -> Vec<Candidate> {
    let typed_so_far = Typed {
        app: parser.app,
        command: parser.command(),
        path: parser.path.clone(),
        values: parser.values.clone(),
        globals: parser.globals.clone(),
        vars: parser.vars().clone(),
    };
    let silent = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let offered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        completer(Box::new(typed_so_far), typed)
    }));
    std::panic::set_hook(silent);
    offered.unwrap_or_default()
}

/// What the words before the cursor gave, handed to a completer (as the
/// `Box<dyn Any>` of [`crate::cli::arg::Completer`]), which makes the
/// invocation its function's parameters are extracted from with
/// [`invocation`].
pub(crate) struct Typed {
    app: &'static AppSpec,
    command: Option<&'static crate::cli::spec::CommandSpec>,
    path: String,
    values: crate::cli::values::Values,
    globals: crate::cli::values::Values,
    vars: Vars,
}

/// The invocation a completer's parameters (`&Global`, state `&T`) are
/// extracted from, out of what [`custom`] handed it; `None` when it is
/// not that.
///
/// Here rather than in [`custom`]: only an app with a `complete = f`
/// links it (through the completer), and what it does comes first of all
/// the user's code completion runs.
pub(crate) fn invocation(typed: Box<dyn std::any::Any>) -> Option<Invocation> {
    let typed = typed.downcast::<Typed>().ok()?;
    // The programs a completer runs must not complete.
    // SAFETY: completion runs no thread of flash's; a completer's own
    // threads start after this.
    unsafe { std::env::remove_var(super::VAR) };
    let app = typed.app;
    let globals = match app.parse_globals {
        Some(parse) => parse(typed.globals, &typed.vars).ok(),
        None => None,
    };
    let name = typed.command.map_or("", |s| s.name);
    let found = Found {
        name,
        path: command_path(app.name, &typed.path, name),
        app: app.name,
        args: typed
            .command
            .map_or(crate::cli::arg::Table::EMPTY, |s| s.args),
        values: typed.values,
        verbosity: 0,
        logger: None,
        #[cfg(feature = "config")]
        places: Vec::new(),
    };
    Some(Invocation::new(
        found,
        Streams::captured(),
        typed.vars,
        globals,
        app.env,
    ))
}
