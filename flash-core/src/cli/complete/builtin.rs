//! The built-ins behind completion: `completions <SHELL>`, which every
//! app has unless it has a command of that name, and the hidden callback
//! `__complete`.
//!
//! Every binary carries them, so they are written to cost the others
//! nothing: their command lines are read here by hand (one value each),
//! their help is written here (their usage errors go to the app's
//! printer, with a name and a usage line in place of a table), and none
//! of their data is a table of pointers (which a position-independent
//! binary relocates at every start, used or not): names are matched in
//! code and listed in one string.

use std::ffi::OsString;

use crate::cli::arg::{str_eq, ArgKind, ArgSpec};
use crate::cli::checks::INVALID_COMMAND;
use crate::cli::invoke::{Failed, Invocation};
use crate::cli::output::Streams;
use crate::cli::render::{as_str, render_command_body, HelpFlags};
use crate::cli::row::{HelpRow, Section, ValueHelp};
use crate::cli::spec::{AppSpec, CommandSpec, HelpText, Node};
use crate::cli::suggest::Closest;
use crate::cli::text::{concat, unexpected};

use super::shells::{script, SHELL_NAMES};
use super::{cut, print, BuiltinUsage};

/// `completions SHELL` (`args` after `completions`): prints the script
/// or help, and gives its exit code; or gives the usage error.
pub(crate) fn completions(
    app: &'static AppSpec,
    args: &mut dyn Iterator<Item = OsString>,
    streams: &Streams,
) -> Result<u8, BuiltinUsage> {
    let shell = args.next();
    let shell = shell.as_ref().map(|s| s.to_str().unwrap_or("\u{fffd}"));
    let extra = args.next();
    let path = app.root.path;
    let (message, tip) = match (shell, extra) {
        (Some("-h" | "--help"), _) => {
            let globals = app.globals_help.0;
            let help = [ABOUT, "\n\nUsage: ", path, USAGE, BODY_TEXT, "\n", globals];
            return Ok(print(&streams.stdout, concat(&help), 0));
        }
        (None, _) => (MISSING.to_owned(), None),
        (Some(_), Some(extra)) => {
            let extra = extra.to_str().unwrap_or("\u{fffd}");
            (unexpected(extra), None)
        }
        (Some(shell), None) => match script(app.name, shell) {
            Some(text) => return Ok(print(&streams.stdout, text, 0)),
            None => invalid(shell),
        },
    };
    Err(BuiltinUsage {
        name: COMPLETIONS_NAME,
        usage: "<SHELL>",
        message,
        tip,
    })
}

/// `invoke::missing` of its argument, written out: a table of the
/// argument would be data to relocate (see the module's comment).
const MISSING: &str = "the following required arguments were not provided:\n  <SHELL>";

/// After the app's name in `completions`' usage line.
const USAGE: &str = " completions <SHELL>\n\n";

/// An unknown shell's error message and did-you-mean.
fn invalid(shell: &str) -> (String, Option<String>) {
    let mut near = Closest::new(shell);
    let mut rest = Some(SHELL_NAMES);
    while let Some(names) = rest {
        let (name, next) = cut(names, b' ');
        near.offer(name);
        rest = next;
    }
    let message = concat(&[
        "invalid value '",
        shell,
        "' for '<SHELL>'\n  [possible values: ",
        POSSIBLE,
        "]",
    ]);
    let tip = near
        .get()
        .map(|near| concat(&["a similar value exists: '", near, "'"]));
    (message, tip)
}

/// `bash, zsh, ...`, as help and errors list them.
const POSSIBLE: &str = "bash, zsh, fish, elvish, powershell, nushell";

const fn value(name: &'static str) -> ValueHelp {
    ValueHelp { name, help: "" }
}

/// The shells as help lists them (the names of [`SHELL_NAMES`]; a test
/// checks they agree).
const VALUES: [ValueHelp; 6] = [
    value("bash"),
    value("zsh"),
    value("fish"),
    value("elvish"),
    value("powershell"),
    value("nushell"),
];

const ROWS: &[&[HelpRow]] = &[&[HelpRow {
    section: Section::Arguments,
    placeholder: "<SHELL>",
    help: "The shell to complete in",
    possible: &VALUES,
    ..HelpRow::EMPTY
}]];

const FLAGS: HelpFlags = HelpFlags {
    long: false,
    has_long: false,
    owns_short: false,
    owns_long: false,
};

const LEN: (usize, usize) = render_command_body(ROWS, FLAGS, &mut [], &mut []);

const BODY: [u8; LEN.0] = {
    let mut buf = [0u8; LEN.0];
    render_command_body(ROWS, FLAGS, &mut buf, &mut [0u32; LEN.1]);
    buf
};

const MARKS: [u32; LEN.1] = {
    let mut marks = [0u32; LEN.1];
    render_command_body(ROWS, FLAGS, &mut [0u8; LEN.0], &mut marks);
    marks
};

/// Its line in the app's `Commands:`.
pub(crate) const ABOUT: &str = "Print the completion script for a shell";

const BODY_TEXT: &str = as_str(&BODY);

const HELP: HelpText = HelpText {
    about: concat!("Print the completion script for a shell", "\n\n"),
    body: BODY_TEXT,
    styles: &MARKS,
};

const COMPLETIONS_NAME: &str = "completions";

const SHELL_ARG: ArgSpec = ArgSpec {
    name: "shell",
    kind: ArgKind::Positional,
    display: "<SHELL>",
    required: true,
    ..ArgSpec::EMPTY
};

/// The built-in `completions` as a command, for the man pages and the
/// Markdown reference (the parser and the completion engine never read
/// it: see the module's comment).
pub(crate) static COMPLETIONS: CommandSpec = CommandSpec {
    name: COMPLETIONS_NAME,
    about: ABOUT,
    help_short: HELP,
    help_long: HELP,
    usage: "<SHELL>",
    args: &[SHELL_ARG],
    run: never_run,
    ..*INVALID_COMMAND
};

/// `completions` is never run as a command: the parser hands its command
/// line to [`completions`].
fn never_run(_: Invocation) -> Result<(), Failed> {
    Ok(())
}

/// Whether a command or group among `children` (hidden or not) is named
/// `completions`: then it is the app's, and the built-in is not there.
pub(crate) const fn claimed(children: &[Node]) -> bool {
    let mut i = 0;
    while i < children.len() {
        let (name, aliases): (&str, &[&str]) = match children[i] {
            Node::Command(c) => (c.name, c.aliases),
            Node::Group(g) => (g.name, &[]),
        };
        if str_eq(name, COMPLETIONS_NAME) {
            return true;
        }
        let mut a = 0;
        while a < aliases.len() {
            if str_eq(aliases[a], COMPLETIONS_NAME) {
                return true;
            }
            a += 1;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_and_errors_list_the_shells_completion_knows() {
        let names: Vec<&str> = VALUES.iter().map(|v| v.name).collect();
        assert_eq!(names.join(" "), SHELL_NAMES);
        assert_eq!(names.join(", "), POSSIBLE);
    }
}
