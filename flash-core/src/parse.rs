//! argv → which command, and the raw values of its arguments.
//!
//! Hand-written: parsing is the product itself. It is table-driven (the tables
//! come from `#[cmd]`), works on `OsString`s so non-UTF-8 paths pass intact,
//! and allocates only for the values it keeps.

use std::ffi::OsString;

use crate::invoke::{given, Values};
use crate::spec::{AppSpec, ArgKind, ArgSpec, CommandSpec, GroupSpec, Node};
use crate::suggest::Closest;

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

    /// `tip: a similar {what} exists: '{prefix}{near}'`, when there is one.
    fn tip(mut self, what: &str, prefix: &str, near: Closest) -> Self {
        if let Some(near) = near.get() {
            self.tip = Some(concat(&[
                "a similar ",
                what,
                " exists: '",
                prefix,
                near,
                "'",
            ]));
        }
        self
    }
}

/// The pieces, joined. Messages are built with this rather than `format!`:
/// the formatting machinery and a `Display` impl per argument type cost
/// kilobytes in every binary, for text that is only ever `&str`s end to end.
#[inline(never)]
pub(crate) fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
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
pub(crate) fn parse(app: &'static AppSpec, args: Vec<OsString>) -> Result<Action, UsageError> {
    let mut args = args.into_iter();
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
                return Err(UsageError::new(place, unexpected(text)).tip("argument", "", near));
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
    .tip("subcommand", "", near)
}

/// `help [NAME...]`: help for the named group or command.
fn help_for(
    mut group: &'static GroupSpec,
    args: std::vec::IntoIter<OsString>,
) -> Result<Action, UsageError> {
    let mut args = args.peekable();
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
            None if name == "help" && args.peek().is_none() => break,
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
    mut args: std::vec::IntoIter<OsString>,
) -> Result<Parsed, UsageError> {
    let place = Place::Command { spec, parent };
    let error = |message: String| UsageError::new(place, message);
    let mut values = Values::new();
    let mut next_positional = 0;
    let mut only_positionals = false;
    let digit_shorts = spec
        .args
        .iter()
        .any(|a| a.short.is_some_and(|c| c.is_ascii_digit()));

    while let Some(arg) = args.next() {
        let bytes = arg.as_encoded_bytes();
        let is_negative_number = !digit_shorts && looks_like_number(bytes);
        if only_positionals || bytes.len() < 2 || bytes[0] != b'-' || is_negative_number {
            push_positional(spec, &mut values, &mut next_positional, arg).map_err(error)?;
            continue;
        }
        if bytes == b"--" {
            only_positionals = true;
            continue;
        }
        if let Some(body) = bytes.strip_prefix(b"--") {
            let (name, inline) = match body.iter().position(|&b| b == b'=') {
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
                    return Ok(Parsed::Help { long: true });
                }
                return Err(unknown_long(spec, place, &arg, name));
            };
            let arg_spec = &spec.args[index];
            if arg_spec.kind == ArgKind::Flag {
                if inline.is_some() {
                    return Err(error(takes_no_value(arg_spec)));
                }
                values.push((index, OsString::new()));
                continue;
            }
            let value = match inline {
                // SAFETY-free: the bytes after `=` came from an `OsString`
                // split at an ASCII byte, so they are valid encoded bytes.
                Some(rest) => os_from_bytes(rest),
                None => take_value(arg_spec, &mut args).map_err(error)?,
            };
            store(arg_spec, &mut values, index, value).map_err(error)?;
            continue;
        }
        // A cluster of short flags, `-lq`, or `-nVALUE` / `-n VALUE`.
        // Borrowed, not copied, when it is UTF-8 (as it nearly always is).
        let cluster = String::from_utf8_lossy(&bytes[1..]);
        for (at, c) in cluster.char_indices() {
            let Some(index) = spec.args.iter().position(|a| a.short == Some(c)) else {
                if c == 'h' && !spec.owns_short_help {
                    return Ok(Parsed::Help { long: false });
                }
                let mut buf = [0u8; 4];
                return Err(error(unexpected(&concat(&["-", c.encode_utf8(&mut buf)]))));
            };
            let arg_spec = &spec.args[index];
            let rest = &bytes[1 + at + c.len_utf8()..];
            if arg_spec.kind == ArgKind::Flag {
                if rest.first() == Some(&b'=') {
                    return Err(error(takes_no_value(arg_spec)));
                }
                values.push((index, OsString::new()));
                continue;
            }
            let rest = rest.strip_prefix(b"=").unwrap_or(rest);
            let value = if rest.is_empty() {
                take_value(arg_spec, &mut args).map_err(error)?
            } else {
                os_from_bytes(rest)
            };
            store(arg_spec, &mut values, index, value).map_err(error)?;
            break;
        }
    }

    let mut missing = String::new();
    for (index, a) in spec.args.iter().enumerate() {
        if a.required && !given(&values, index) && !env_is_set(a) {
            if missing.is_empty() {
                missing.push_str("the following required arguments were not provided:");
            }
            missing.push_str("\n  ");
            missing.push_str(a.display);
        }
    }
    if !missing.is_empty() {
        return Err(error(missing));
    }
    Ok(Parsed::Run(values))
}

/// `--name` that the command does not have (`name` is what follows `--`, up
/// to any `=`).
#[cold]
fn unknown_long(spec: &CommandSpec, place: Place, arg: &OsString, name: &[u8]) -> UsageError {
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
    UsageError::new(place, unexpected(&shown)).tip("argument", "--", near)
}

fn env_is_set(arg: &ArgSpec) -> bool {
    arg.env.is_some_and(|var| std::env::var_os(var).is_some())
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

fn take_value(arg: &ArgSpec, args: &mut std::vec::IntoIter<OsString>) -> Result<OsString, String> {
    if let Some(next) = args.as_slice().first() {
        let bytes = next.as_encoded_bytes();
        if bytes.len() <= 1 || bytes[0] != b'-' || looks_like_number(bytes) {
            return Ok(args.next().unwrap_or_default());
        }
    }
    Err(concat(&[
        "a value is required for '",
        arg.display,
        "' but none was supplied",
    ]))
}

fn push_positional(
    spec: &CommandSpec,
    values: &mut Values,
    next: &mut usize,
    value: OsString,
) -> Result<(), String> {
    let position = spec
        .args
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == ArgKind::Positional)
        .nth(*next);
    let Some((index, arg)) = position else {
        return Err(unexpected(&value.to_string_lossy()));
    };
    if !arg.multiple {
        *next += 1;
    }
    store(arg, values, index, value)
}

fn store(arg: &ArgSpec, values: &mut Values, index: usize, value: OsString) -> Result<(), String> {
    if !arg.multiple && given(values, index) {
        return Err(concat(&[
            "the argument '",
            arg.display,
            "' cannot be used multiple times",
        ]));
    }
    check_possible(arg, &value)?;
    values.push((index, value));
    Ok(())
}

/// `possible = [...]`: the value must be one of them.
pub(crate) fn check_possible(arg: &ArgSpec, value: &std::ffi::OsStr) -> Result<(), String> {
    if arg.possible.is_empty() {
        return Ok(());
    }
    let text = value.to_string_lossy();
    if arg.possible.contains(&&*text) {
        return Ok(());
    }
    let mut message = concat(&[
        "invalid value '",
        &text,
        "' for '",
        arg.display,
        "'\n  [possible values: ",
    ]);
    let mut near = Closest::new(&text);
    for (i, possible) in arg.possible.iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push_str(possible);
        near.offer(possible);
    }
    message.push(']');
    if let Some(near) = near.get() {
        message.push_str("\n\n  tip: a similar value exists: '");
        message.push_str(near);
        message.push('\'');
    }
    Err(message)
}
