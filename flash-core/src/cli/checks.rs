//! What generated code needs beyond the public tables: the `Command` trait,
//! the compile-time checks `app!` runs, and placeholders that keep one
//! mistake to one diagnostic.

use crate::cli::arg::ArgSpec;
use crate::cli::error::Error;
use crate::cli::invoke::{finish, Failed, Invocation};
use crate::cli::spec::{AppSpec, CommandSpec, GroupSpec, HelpText};

/// Implemented by the marker type `#[flash::cmd]` puts beside each command fn.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a flash command",
    label = "not a `#[flash::cmd]` function",
    note = "mark the function with `#[flash::cmd(run)]` or `#[flash::cmd(run_async)]`"
)]
pub trait Command {
    /// The command's tables.
    const SPEC: &'static CommandSpec;

    /// One message per name in `[name, aliases...]`, for when two commands
    /// of an app share it. Only `duplicate_name` reads it, at compile time,
    /// so it is a constant of the trait rather than a field of the spec,
    /// which would carry it into every binary.
    const DUPLICATE_MESSAGES: &'static [&'static str];

    /// The marker type itself. `app!` checks what a command takes through
    /// `<C as Command>::Itself`: where `C` is not a command, the type is an
    /// error and rustc reports the one missing `Command`, not also a
    /// missing `Takes`.
    type Itself;
}

use crate::cli::arg::str_eq;

const fn name_at(spec: &CommandSpec, i: usize) -> &'static str {
    if i == 0 {
        spec.name
    } else {
        spec.aliases[i - 1]
    }
}

/// The message to fail compilation with when two sibling commands share a
/// name or alias (`messages` is the later command's
/// [`Command::DUPLICATE_MESSAGES`]), or `None`.
///
/// It returns the message rather than panicking itself: `app!` panics in
/// its own `const` item, at the user's token, so rustc's report does not
/// point into flash's source (or, with the `rust-src` component, quote
/// core's `panic.rs`).
pub const fn duplicate_name(
    earlier: &CommandSpec,
    later: &CommandSpec,
    messages: &'static [&'static str],
) -> Option<&'static str> {
    let mut j = 0;
    while j <= later.aliases.len() {
        let name = name_at(later, j);
        let mut i = 0;
        while i <= earlier.aliases.len() {
            if !name.is_empty() && str_eq(name_at(earlier, i), name) {
                return Some(messages[j]);
            }
            i += 1;
        }
        j += 1;
    }
    None
}

/// Whether a command answers to the name of a sibling group.
pub const fn named_like(spec: &CommandSpec, group: &str) -> bool {
    let mut i = 0;
    while i <= spec.aliases.len() {
        if str_eq(name_at(spec, i), group) {
            return true;
        }
        i += 1;
    }
    false
}

fn invalid_run(invocation: Invocation) -> std::result::Result<(), Failed> {
    finish(
        invocation.stderr(),
        Err(Error::msg("this command did not compile")),
    )
}

const NO_HELP: HelpText = HelpText {
    about: "",
    body: "",
    styles: &[],
};

/// Stands in for a command whose `#[cmd]` reported an error.
pub const INVALID_COMMAND: &CommandSpec = &CommandSpec {
    name: "",
    aliases: &[],
    about: "",
    help_short: NO_HELP,
    help_long: NO_HELP,
    usage: "",
    args: &[],
    owns_short_help: false,
    hidden: false,
    one_of: &[],
    relations: None,
    run: invalid_run,
};

/// Stands in for an app whose `app!` reported an error.
pub static INVALID_APP: AppSpec = AppSpec {
    name: "",
    version: "",
    about: "",
    root: &GroupSpec {
        name: "",
        about: "",
        path: "",
        usage: "",
        children: &[],
        help: "",
        help_styles: &[],
    },
    globals: &[],
    global_relations: None,
    parse_globals: None,
    globals_help: ("", &[]),
    env: crate::cli::extract::AppEnv::EMPTY,
    config: None,
    logging: None,
};

/// A message built at compile time, for a `const` panic (which can show
/// one `&str`, not format one).
pub struct Message<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Message<N> {
    /// `parts`, joined (cut at `N` bytes, on a char boundary).
    pub const fn new(parts: &[&str]) -> Self {
        let mut buf = [0u8; N];
        let mut len = 0;
        let mut p = 0;
        while p < parts.len() {
            let bytes = parts[p].as_bytes();
            let mut i = 0;
            while i < bytes.len() && len < N {
                buf[len] = bytes[i];
                len += 1;
                i += 1;
            }
            p += 1;
        }
        // Back off to a char boundary if the cut fell inside one.
        while len > 0 && len < N && buf[len] & 0xC0 == 0x80 {
            len -= 1;
        }
        Message { buf, len }
    }

    /// The text.
    pub const fn as_str(&self) -> &str {
        let (text, _) = self.buf.split_at(self.len);
        match std::str::from_utf8(text) {
            Ok(text) => text,
            Err(_) => "",
        }
    }
}

/// The flag both `a` and `b` declare, as typed (`--dir`, `-d`), if any:
/// two `Args` groups (or a group and a parameter) of one command.
pub const fn shared_flag(a: &[ArgSpec], b: &[ArgSpec]) -> Option<Message<64>> {
    let mut i = 0;
    while i < a.len() {
        let mut j = 0;
        while j < b.len() {
            if let (Some(x), Some(y)) = (a[i].long, b[j].long) {
                if str_eq(x, y) {
                    return Some(Message::new(&["--", x]));
                }
            }
            if let (Some(x), Some(y)) = (a[i].short, b[j].short) {
                if x == y {
                    let mut buf = [0u8; 4];
                    let c = x.encode_utf8(&mut buf);
                    return Some(Message::new(&["-", c]));
                }
            }
            j += 1;
        }
        i += 1;
    }
    None
}

/// Whether an argument of `args` is `-c`.
pub const fn declares_short(args: &[ArgSpec], c: char) -> bool {
    let mut i = 0;
    while i < args.len() {
        if let Some(s) = args[i].short {
            if s == c {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Whether an argument of `args` is `--long`.
pub const fn declares_long(args: &[ArgSpec], long: &str) -> bool {
    let mut i = 0;
    while i < args.len() {
        if let Some(l) = args[i].long {
            if str_eq(l, long) {
                return true;
            }
        }
        i += 1;
    }
    false
}
