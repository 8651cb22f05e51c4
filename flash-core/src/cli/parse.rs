//! argv → which command, and the raw values of its arguments.
//!
//! Hand-written: parsing is the product itself. It is table-driven (the tables
//! come from `#[cmd]`), works on `OsString`s so non-UTF-8 paths pass intact,
//! and allocates only for the values it keeps.

use std::ffi::OsString;

use crate::cli::arg::{check_value, ArgKind, ArgSpec};
use crate::cli::invoke::env_var;
use crate::cli::spec::{AppSpec, CommandSpec, GroupSpec, Node};
use crate::cli::suggest::Closest;
use crate::cli::text::concat;
use crate::cli::values::{given, Values};

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
    Run {
        spec: &'static CommandSpec,
        parent: &'static GroupSpec,
        values: Values,
        verbosity: i8,
    },
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

/// `a similar {what} exists: '{prefix}{near}'`, when there is a near name.
fn tip(what: &str, prefix: &str, near: Closest) -> Option<String> {
    near.get()
        .map(|near| concat(&["a similar ", what, " exists: '", prefix, near, "'"]))
}

/// `unexpected argument '{text}' found`.
fn unexpected(text: &str) -> String {
    concat(&["unexpected argument '", text, "' found"])
}

/// `unexpected value for '{display}': it is a flag and takes none`.
fn takes_no_value(arg: &ArgSpec) -> String {
    concat(&[
        "unexpected value for '",
        arg.display,
        "': it is a flag and takes none",
    ])
}

/// Parses a whole argv (program name first).
///
/// `args` is a `dyn Iterator`, read once, never peeked: `App::run` hands over
/// `std::env::args_os()` itself, with no `Vec` collected on the way (code
/// and an allocation in every run), and parsing is one copy of its code
/// whatever the caller's iterator.
pub(crate) fn parse(
    app: &'static AppSpec,
    args: &mut dyn Iterator<Item = OsString>,
) -> Result<Action, UsageError> {
    args.next(); // the program name
    let mut verbosity: i8 = 0;
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
        let Some(text) = arg.to_str() else {
            return Err(UsageError::new(
                place,
                concat(&["unrecognized subcommand '", &arg.to_string_lossy(), "'"]),
            ));
        };
        let at_root = std::ptr::eq(group, app.root);
        match text {
            "-h" | "--help" => {
                return Ok(Action::Help {
                    target: HelpTarget::Group(group),
                    long: text == "--help",
                    as_error: false,
                })
            }
            "-V" | "--version" if at_root => return Ok(Action::Version),
            "--verbose" if at_root => verbosity = verbosity.saturating_add(1),
            "--quiet" if at_root => verbosity = verbosity.saturating_sub(1),
            "help" => return help_for(group, args),
            // `-vv`, `-q`, and clusters ending in help or version: `-vh`, `-qV`.
            // All ASCII, so bytes are the letters.
            _ if at_root && is_cluster_of(text, b"vqhV") => {
                for &c in &text.as_bytes()[1..] {
                    match c {
                        b'v' => verbosity = verbosity.saturating_add(1),
                        b'q' => verbosity = verbosity.saturating_sub(1),
                        b'h' => {
                            return Ok(Action::Help {
                                target: HelpTarget::Group(group),
                                long: false,
                                as_error: false,
                            })
                        }
                        _ => return Ok(Action::Version),
                    }
                }
            }
            _ if text.starts_with('-') && text.len() > 1 => {
                let known: &[&str] = if at_root {
                    &["--help", "--version", "--verbose", "--quiet"]
                } else {
                    &["--help"]
                };
                let flag = match text.bytes().position(|b| b == b'=') {
                    Some(eq) => &text[..eq],
                    None => text,
                };
                let mut near = Closest::new(flag);
                known.iter().for_each(|k| near.offer(k));
                return Err(UsageError::new(place, unexpected(text)).tip(tip("argument", "", near)));
            }
            name => match find_child(group, name) {
                Some(Node::Group(inner)) => group = inner,
                Some(Node::Command(spec)) => {
                    return parse_command(spec, group, args).map(|parsed| match parsed {
                        Parsed::Run(values) => Action::Run {
                            spec,
                            parent: group,
                            values,
                            verbosity,
                        },
                        Parsed::Help { long } => Action::Help {
                            target: HelpTarget::Command {
                                spec,
                                parent: group,
                            },
                            long,
                            as_error: false,
                        },
                    })
                }
                None => return Err(unknown_subcommand(group, name)),
            },
        }
    }
}

fn is_cluster_of(text: &str, letters: &[u8]) -> bool {
    text.len() > 1
        && text.starts_with('-')
        && text.as_bytes()[1..].iter().all(|c| letters.contains(c))
}

fn find_child(group: &'static GroupSpec, name: &str) -> Option<Node> {
    group
        .children
        .iter()
        .copied()
        .find(|node| node.answers_to(name))
}

fn unknown_subcommand(group: &'static GroupSpec, name: &str) -> UsageError {
    let mut near = Closest::new(name);
    for node in group.children {
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

enum Parsed {
    Run(Values),
    Help { long: bool },
}

/// Parses a command's own arguments.
fn parse_command(
    spec: &'static CommandSpec,
    parent: &'static GroupSpec,
    args: &mut dyn Iterator<Item = OsString>,
) -> Result<Parsed, UsageError> {
    let place = Place::Command { spec, parent };
    let mut values = Values::new();
    // One exit for every error: the values are dropped in one place.
    let message = match parse_args(spec, args, &mut values) {
        Ok(Some(long)) => return Ok(Parsed::Help { long }),
        Ok(None) => missing(spec, &values),
        Err(Failure { message, tip }) => return Err(UsageError::new(place, message).tip(tip)),
    };
    if message.is_empty() {
        return Ok(Parsed::Run(values));
    }
    Err(UsageError::new(place, message))
}

/// Why a command's arguments do not parse: a [`UsageError`] but for its
/// place, which the caller knows.
struct Failure {
    message: String,
    tip: Option<String>,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, tip: None }
    }
}

/// Reads `args` into `values`; `Some(long)` when they ask for help.
fn parse_args(
    spec: &'static CommandSpec,
    args: &mut dyn Iterator<Item = OsString>,
    values: &mut Values,
) -> Result<Option<bool>, Failure> {
    let mut positional = 0;
    let mut only_positionals = false;
    let digit_shorts = spec
        .args
        .iter()
        .any(|a| a.short.is_some_and(|c| c.is_ascii_digit()));

    while let Some(arg) = args.next() {
        let bytes = arg.as_encoded_bytes();
        let is_negative_number = !digit_shorts && looks_like_number(bytes);
        if only_positionals || bytes.len() < 2 || bytes[0] != b'-' || is_negative_number {
            // The next positional from `positional` on; a variadic one stays.
            let Some(index) =
                (positional..spec.args.len()).find(|&i| spec.args[i].kind == ArgKind::Positional)
            else {
                return Err(unexpected(&arg.to_string_lossy()).into());
            };
            let arg_spec = &spec.args[index];
            if !arg_spec.multiple {
                positional = index + 1;
            }
            store(arg_spec, values, index, arg)?;
            continue;
        }
        if bytes == b"--" {
            only_positionals = true;
            continue;
        }
        if let Some(body) = bytes.strip_prefix(b"--") {
            let (name, attached) = match body.iter().position(|&b| b == b'=') {
                Some(eq) => (&body[..eq], Some(&body[eq + 1..])),
                None => (body, None),
            };
            // Compared as bytes: no UTF-8 check on the way to a match.
            let Some(index) = spec
                .args
                .iter()
                .position(|a| a.long.is_some_and(|l| l.as_bytes() == name))
            else {
                if name == b"help" {
                    return Ok(Some(true));
                }
                return Err(unknown_long(spec, &arg, name));
            };
            take(spec, index, attached.is_some(), attached, args, values)?;
            continue;
        }
        // A cluster of short flags, `-lq`, or `-nVALUE` / `-n VALUE`.
        // Borrowed, not copied, when it is UTF-8 (as it nearly always is).
        let cluster = String::from_utf8_lossy(&bytes[1..]);
        for (at, c) in cluster.char_indices() {
            let Some(index) = spec.args.iter().position(|a| a.short == Some(c)) else {
                if c == 'h' && !spec.owns_short_help {
                    return Ok(Some(false));
                }
                let mut buf = [0u8; 4];
                return Err(unexpected(&concat(&["-", c.encode_utf8(&mut buf)])).into());
            };
            let rest = &bytes[1 + at + c.len_utf8()..];
            let value = rest.strip_prefix(b"=").unwrap_or(rest);
            let attached = (!value.is_empty()).then_some(value);
            if take(
                spec,
                index,
                rest.first() == Some(&b'='),
                attached,
                args,
                values,
            )? {
                break;
            }
        }
    }
    Ok(None)
}

/// Takes argument `index` as found on the command line: a flag, or an
/// option with its value `attached` (`--name=V`, `-nV`) or in the next
/// argument. `with_equals`: written with an `=`, which a flag refuses.
/// Returns whether a value was taken (it ends a cluster of shorts).
fn take(
    spec: &CommandSpec,
    index: usize,
    with_equals: bool,
    attached: Option<&[u8]>,
    args: &mut dyn Iterator<Item = OsString>,
    values: &mut Values,
) -> Result<bool, String> {
    let arg = &spec.args[index];
    if arg.kind == ArgKind::Flag {
        if with_equals {
            return Err(takes_no_value(arg));
        }
        values.push((index, OsString::new()));
        return Ok(false);
    }
    let value = match attached {
        // The bytes after `--name=` or `-n` come from an `OsString` split
        // at an ASCII byte, so they are valid encoded bytes.
        Some(value) => os_from_bytes(value),
        None => take_value(arg, args)?,
    };
    store(arg, values, index, value)?;
    Ok(true)
}

/// `the following required arguments were not provided: ...`, or empty.
fn missing(spec: &CommandSpec, values: &Values) -> String {
    let mut message = String::new();
    for (index, a) in spec.args.iter().enumerate() {
        if a.required && !given(values, index) && !env_is_set(a) {
            if message.is_empty() {
                message.push_str("the following required arguments were not provided:");
            }
            message.push_str("\n  ");
            message.push_str(a.display);
        }
    }
    message
}

/// `--name` that the command does not have (`name` is what follows `--`, up
/// to any `=`).
#[cold]
fn unknown_long(spec: &CommandSpec, arg: &OsString, name: &[u8]) -> Failure {
    let name = String::from_utf8_lossy(name);
    let shown = if name.is_empty() {
        arg.to_string_lossy()
    } else {
        concat(&["--", &name]).into()
    };
    let mut near = Closest::new(&name);
    spec.args
        .iter()
        .filter_map(|a| a.long)
        .for_each(|l| near.offer(l));
    near.offer("help");
    Failure {
        message: unexpected(&shown),
        tip: tip("argument", "--", near),
    }
}

fn env_is_set(arg: &ArgSpec) -> bool {
    arg.env.and_then(env_var).is_some()
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

fn looks_like_number(bytes: &[u8]) -> bool {
    bytes.len() > 1
        && bytes[0] == b'-'
        && bytes[1].is_ascii_digit()
        && bytes[1..]
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b'e' || *b == b'_')
}

/// The value after an option. A next argument that looks like a flag is not
/// taken as the value; it is an error, so reading it past is harmless.
fn take_value(arg: &ArgSpec, args: &mut dyn Iterator<Item = OsString>) -> Result<OsString, String> {
    if let Some(next) = args.next() {
        let bytes = next.as_encoded_bytes();
        if bytes.len() <= 1 || bytes[0] != b'-' || looks_like_number(bytes) {
            return Ok(next);
        }
    }
    Err(concat(&[
        "a value is required for '",
        arg.display,
        "' but none was supplied",
    ]))
}

fn store(arg: &ArgSpec, values: &mut Values, index: usize, value: OsString) -> Result<(), String> {
    if !arg.multiple && given(values, index) {
        return Err(concat(&[
            "the argument '",
            arg.display,
            "' cannot be used multiple times",
        ]));
    }
    check_value(arg, &value)?;
    values.push((index, value));
    Ok(())
}
