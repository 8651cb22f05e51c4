//! argv → which command, and the raw values of its arguments.
//!
//! Hand-written: parsing is the product itself. It is table-driven (the tables
//! come from `#[cmd]`), works on `OsString`s so non-UTF-8 paths pass intact,
//! and allocates only for the values it keeps.

use std::ffi::OsString;

use crate::invoke::{Invocation, Slot};
use crate::model::Streams;
use crate::spec::{AppSpec, ArgKind, ArgSpec, CommandSpec, GroupSpec, Node};
use crate::suggest::closest;

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
    /// Run a command.
    Run(Invocation),
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

/// Parses a whole argv (program name first).
pub(crate) fn parse(
    app: &'static AppSpec,
    args: Vec<OsString>,
    streams: Streams,
) -> Result<Action, UsageError> {
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
                format!("unrecognized subcommand '{}'", arg.to_string_lossy()),
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
            _ if at_root && is_cluster_of(text, &['v', 'q', 'h', 'V']) => {
                for c in text[1..].chars() {
                    match c {
                        'v' => verbosity = verbosity.saturating_add(1),
                        'q' => verbosity = verbosity.saturating_sub(1),
                        'h' => {
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
                let flag = text.split('=').next().unwrap_or(text);
                return Err(
                    UsageError::new(place, format!("unexpected argument '{text}' found")).tip(
                        closest(flag, known.iter().copied())
                            .map(|near| format!("a similar argument exists: '{near}'")),
                    ),
                );
            }
            name => match find_child(group, name) {
                Some(Node::Group(inner)) => group = inner,
                Some(Node::Command(spec)) => {
                    return parse_command(spec, group, args, streams, verbosity).map(|parsed| {
                        match parsed {
                            Parsed::Run(invocation) => Action::Run(invocation),
                            Parsed::Help { long } => Action::Help {
                                target: HelpTarget::Command {
                                    spec,
                                    parent: group,
                                },
                                long,
                                as_error: false,
                            },
                        }
                    })
                }
                None => return Err(unknown_subcommand(group, name)),
            },
        }
    }
}

fn is_cluster_of(text: &str, letters: &[char]) -> bool {
    text.len() > 1 && text.starts_with('-') && text[1..].chars().all(|c| letters.contains(&c))
}

fn find_child(group: &'static GroupSpec, name: &str) -> Option<Node> {
    group
        .children
        .iter()
        .copied()
        .find(|node| node.answers_to(name))
}

fn unknown_subcommand(group: &'static GroupSpec, name: &str) -> UsageError {
    let names = group.children.iter().flat_map(|node| {
        let aliases: &[&str] = match node {
            Node::Command(c) => c.aliases,
            Node::Group(_) => &[],
        };
        std::iter::once(node.name()).chain(aliases.iter().copied())
    });
    UsageError::new(
        Place::Group(group),
        format!("unrecognized subcommand '{name}'"),
    )
    .tip(
        closest(name, names.chain(["help"]))
            .map(|near| format!("a similar subcommand exists: '{near}'")),
    )
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
                        format!("unexpected argument '{}' found", extra.to_string_lossy()),
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
    Run(Invocation),
    Help { long: bool },
}

/// Parses a command's own arguments.
fn parse_command(
    spec: &'static CommandSpec,
    parent: &'static GroupSpec,
    mut args: std::vec::IntoIter<OsString>,
    streams: Streams,
    verbosity: i8,
) -> Result<Parsed, UsageError> {
    let place = Place::Command { spec, parent };
    let error = |message: String| UsageError::new(place, message);
    let mut slots: Vec<Slot> = spec.args.iter().map(|_| Slot::default()).collect();
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
            push_positional(spec, &mut slots, &mut next_positional, arg).map_err(error)?;
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
            let name = String::from_utf8_lossy(name);
            let Some(index) = spec.args.iter().position(|a| a.long == Some(&*name)) else {
                if name == "help" {
                    return Ok(Parsed::Help { long: true });
                }
                let longs = spec.args.iter().filter_map(|a| a.long).chain(["help"]);
                let shown = if name.is_empty() {
                    arg.to_string_lossy()
                } else {
                    format!("--{name}").into()
                };
                return Err(error(format!("unexpected argument '{shown}' found")).tip(
                    closest(&name, longs)
                        .map(|near| format!("a similar argument exists: '--{near}'")),
                ));
            };
            let arg_spec = &spec.args[index];
            if arg_spec.kind == ArgKind::Flag {
                if inline.is_some() {
                    return Err(error(format!(
                        "unexpected value for '{}': it is a flag and takes none",
                        arg_spec.display
                    )));
                }
                slots[index].count += 1;
                continue;
            }
            let value = match inline {
                // SAFETY-free: the bytes after `=` came from an `OsString`
                // split at an ASCII byte, so they are valid encoded bytes.
                Some(rest) => os_from_bytes(rest),
                None => take_value(arg_spec, &mut args).map_err(error)?,
            };
            store(arg_spec, &mut slots[index], value).map_err(error)?;
            continue;
        }
        // A cluster of short flags, `-lq`, or `-nVALUE` / `-n VALUE`.
        let cluster = String::from_utf8_lossy(&bytes[1..]).into_owned();
        for (at, c) in cluster.char_indices() {
            let Some(index) = spec.args.iter().position(|a| a.short == Some(c)) else {
                if c == 'h' && !spec.owns_short_help {
                    return Ok(Parsed::Help { long: false });
                }
                return Err(error(format!("unexpected argument '-{c}' found")));
            };
            let arg_spec = &spec.args[index];
            let rest = &bytes[1 + at + c.len_utf8()..];
            if arg_spec.kind == ArgKind::Flag {
                if rest.first() == Some(&b'=') {
                    return Err(error(format!(
                        "unexpected value for '{}': it is a flag and takes none",
                        arg_spec.display
                    )));
                }
                slots[index].count += 1;
                continue;
            }
            let rest = rest.strip_prefix(b"=").unwrap_or(rest);
            let value = if rest.is_empty() {
                take_value(arg_spec, &mut args).map_err(error)?
            } else {
                os_from_bytes(rest)
            };
            store(arg_spec, &mut slots[index], value).map_err(error)?;
            break;
        }
    }

    let missing: Vec<&str> = spec
        .args
        .iter()
        .zip(&slots)
        .filter(|(a, slot)| a.required && slot.values.is_empty() && !env_is_set(a))
        .map(|(a, _)| a.display)
        .collect();
    if !missing.is_empty() {
        let mut message = String::from("the following required arguments were not provided:");
        for display in missing {
            message.push_str("\n  ");
            message.push_str(display);
        }
        return Err(error(message));
    }
    Ok(Parsed::Run(Invocation::new(
        spec, parent, slots, streams, verbosity,
    )))
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
    match args.as_slice().first() {
        Some(next) => {
            let bytes = next.as_encoded_bytes();
            if bytes.len() > 1 && bytes[0] == b'-' && !looks_like_number(bytes) {
                return Err(format!(
                    "a value is required for '{}' but none was supplied",
                    arg.display
                ));
            }
            Ok(args.next().unwrap_or_default())
        }
        None => Err(format!(
            "a value is required for '{}' but none was supplied",
            arg.display
        )),
    }
}

fn push_positional(
    spec: &CommandSpec,
    slots: &mut [Slot],
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
        return Err(format!(
            "unexpected argument '{}' found",
            value.to_string_lossy()
        ));
    };
    if !arg.multiple {
        *next += 1;
    }
    store(arg, &mut slots[index], value)
}

fn store(arg: &ArgSpec, slot: &mut Slot, value: OsString) -> Result<(), String> {
    if !arg.multiple && !slot.values.is_empty() {
        return Err(format!(
            "the argument '{}' cannot be used multiple times",
            arg.display
        ));
    }
    check_possible(arg, &value)?;
    slot.values.push(value);
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
    let mut message = format!(
        "invalid value '{text}' for '{}'\n  [possible values: {}]",
        arg.display,
        arg.possible.join(", ")
    );
    if let Some(near) = closest(&text, arg.possible.iter().copied()) {
        message.push_str(&format!("\n\n  tip: a similar value exists: '{near}'"));
    }
    Err(message)
}
