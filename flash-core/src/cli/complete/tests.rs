//! The engine over a table shaped like `app!`'s: what each command line
//! completes to.

use std::ffi::OsString;

use super::*;
use crate::cli::checks::{INVALID_APP, INVALID_COMMAND};
use crate::cli::spec::HelpText;

const fn help(body: &'static str) -> HelpText {
    HelpText {
        about: "",
        body,
        styles: &[],
    }
}

const fn flag(name: &'static str, long: &'static str, short: Option<char>) -> ArgSpec {
    ArgSpec {
        name,
        long: Some(long),
        short,
        ..ArgSpec::EMPTY
    }
}

const fn option(name: &'static str, long: &'static str, short: Option<char>) -> ArgSpec {
    ArgSpec {
        kind: ArgKind::Option,
        ..flag(name, long, short)
    }
}

const fn positional(name: &'static str) -> ArgSpec {
    ArgSpec {
        name,
        kind: ArgKind::Positional,
        ..ArgSpec::EMPTY
    }
}

// The help of each command, as the renderer writes it from the same rows
// (hidden arguments are not in it).

const GREET_SHORT: &str = "Arguments:
  [NAME]               Who to greet

Options:
  -l, --loud           Shout the greeting
  -n, --times <TIMES>  How many times [default: 1]
      --style <STYLE>  Greeting style [possible values: plain, fancy]
      --[no-]color     Colour the greeting
  -t, --tag <TAG>...   Tag it
  -h, --help           Print help (see more with '--help')
";

const GREET_LONG: &str = "Arguments:
  [NAME]               Who to greet

Options:
  -l, --loud           Shout the greeting
  -n, --times <TIMES>  How many times [default: 1]
      --style <STYLE>  Greeting style
                       Possible values:
                       - plain: Just the words
                       - fancy: With sparkles
      --[no-]color     Colour the greeting
  -t, --tag <TAG>...   Tag it
  -h, --help           Print help (see a summary with '-h')
";

static GREET: CommandSpec = CommandSpec {
    name: "greet",
    aliases: &["hi"],
    about: "Greet someone",
    help_short: help(GREET_SHORT),
    help_long: help(GREET_LONG),
    args: &[
        positional("name"),
        flag("loud", "loud", Some('l')),
        option("times", "times", Some('n')),
        ArgSpec {
            possible: &["plain", "fancy"],
            ..option("style", "style", None)
        },
        ArgSpec {
            negate: true,
            ..flag("color", "color", None)
        },
        ArgSpec {
            hidden: true,
            ..option("secret", "secret", None)
        },
        ArgSpec {
            multiple: true,
            ..option("tag", "tag", Some('t'))
        },
    ],
    ..*INVALID_COMMAND
};

const OPEN_HELP: &str = "Arguments:
  [FILES]...       Files to open
  [REST]...        Passed on

Options:
  -o, --out <OUT>  Where to write
  -h, --help       Print help
";

static OPEN: CommandSpec = CommandSpec {
    name: "open",
    about: "Open files",
    help_short: help(OPEN_HELP),
    help_long: help(OPEN_HELP),
    args: &[
        ArgSpec {
            path: true,
            ..option("out", "out", Some('o'))
        },
        ArgSpec {
            path: true,
            multiple: true,
            ..positional("files")
        },
        ArgSpec {
            last: true,
            multiple: true,
            possible: &["raw"],
            ..positional("rest")
        },
    ],
    ..*INVALID_COMMAND
};

const MODE_HELP: &str = "Arguments:
  <FIRST>       [possible values: on, off]
  <SECOND>      [possible values: up, down]

Options:
  -h, --height  How high
      --help    Print help
";

static MODE: CommandSpec = CommandSpec {
    name: "mode",
    about: "Set a mode",
    help_short: help(MODE_HELP),
    help_long: help(MODE_HELP),
    owns_short_help: true,
    args: &[
        ArgSpec {
            possible: &["on", "off"],
            ..positional("first")
        },
        ArgSpec {
            possible: &["up", "down"],
            ..positional("second")
        },
        flag("height", "height", Some('h')),
    ],
    ..*INVALID_COMMAND
};

static SECRET: CommandSpec = CommandSpec {
    name: "secret",
    about: "Hidden",
    hidden: true,
    ..*INVALID_COMMAND
};

const ADD_HELP: &str = "Arguments:
  <NAME>       Remote name
  <URL>        Remote URL

Options:
  -f, --fetch  Fetch after adding
  -h, --help   Print help
";

static ADD: CommandSpec = CommandSpec {
    name: "add",
    about: "Add a remote",
    help_short: help(ADD_HELP),
    help_long: help(ADD_HELP),
    args: &[
        positional("name"),
        positional("url"),
        flag("fetch", "fetch", Some('f')),
    ],
    ..*INVALID_COMMAND
};

static RM: CommandSpec = CommandSpec {
    name: "rm",
    aliases: &["remove"],
    about: "Remove a remote",
    ..*INVALID_COMMAND
};

static REMOTE: GroupSpec = GroupSpec {
    name: "remote",
    about: "Manage remotes",
    path: "t remote",
    usage: "<COMMAND>",
    children: &[Node::Command(&ADD), Node::Command(&RM)],
    help: "Manage remotes

Usage: t remote <COMMAND>

Commands:
  add   Add a remote
  rm    Remove a remote [aliases: remove]
  help  Print this message or the help of the given subcommand(s)

Options:
  -h, --help  Print help

Global Options:
      --dir <DIR>    Where the data lives
      --when <WHEN>  When to colour [possible values: auto, never]
  -v, --verbose...   More output per occurrence (-vv for debug)
  -q, --quiet        Less output (errors only)
",
    help_styles: &[],
};

static ROOT: GroupSpec = GroupSpec {
    name: "t",
    about: "",
    path: "t",
    usage: "[OPTIONS] <COMMAND>",
    children: &[
        Node::Command(&GREET),
        Node::Command(&OPEN),
        Node::Command(&MODE),
        Node::Command(&SECRET),
        Node::Group(&REMOTE),
    ],
    help: "Usage: t [OPTIONS] <COMMAND>

Commands:
  greet        Greet someone [aliases: hi]
  open         Open files
  mode         Set a mode
  remote       Manage remotes
  completions  Print the completion script for a shell
  help         Print this message or the help of the given subcommand(s)

Options:
  -h, --help     Print help
  -V, --version  Print version

Global Options:
      --dir <DIR>    Where the data lives
      --when <WHEN>  When to colour [possible values: auto, never]
  -v, --verbose...   More output per occurrence (-vv for debug)
  -q, --quiet        Less output (errors only)
",
    help_styles: &[],
};

const GLOBALS_HELP: &str = "Global Options:
      --dir <DIR>    Where the data lives
      --when <WHEN>  When to colour [possible values: auto, never]
  -v, --verbose...   More output per occurrence (-vv for debug)
  -q, --quiet        Less output (errors only)
";

static APP: AppSpec = AppSpec {
    name: "t",
    root: &ROOT,
    globals: &[
        ArgSpec {
            path: true,
            ..option("dir", "dir", None)
        },
        ArgSpec {
            possible: &["auto", "never"],
            ..option("when", "when", None)
        },
        ArgSpec {
            hidden: true,
            ..flag("trace", "trace", None)
        },
    ],
    globals_help: (GLOBALS_HELP, &[]),
    ..INVALID_APP
};

/// What `t remote <TAB>` answers.
const REMOTE_NAMES: &str = "add\tAdd a remote\nrm\tRemove a remote [aliases: remove]\n\
                            help\tPrint this message or the help of the given subcommand(s)\n";

/// What completing the last of `words` answers (the program's name is
/// added first; the last word is the one completed).
fn complete(words: &[&str]) -> String {
    let cword = words.len().to_string();
    let args: Vec<OsString> = [cword.as_str(), "t"]
        .iter()
        .chain(words)
        .map(OsString::from)
        .collect();
    answer(&APP, &mut args.into_iter())
}

/// The candidates alone, help dropped.
fn values(words: &[&str]) -> Vec<String> {
    complete(words)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn names_of_commands_and_groups_and_builtins_but_not_hidden_ones() {
    assert_eq!(
        values(&[""]),
        ["greet", "open", "mode", "remote", "completions", "help"]
    );
    assert_eq!(values(&["re"]), ["remote"]);
    assert_eq!(values(&["remote", ""]), ["add", "rm", "help"]);
    assert_eq!(values(&["se"]), Vec::<String>::new(), "hidden");
    // Names, not aliases.
    assert_eq!(values(&["remote", "r"]), ["rm"]);
    assert_eq!(values(&["h"]), ["help"]);
    // After `help`, names alone.
    assert_eq!(values(&["help", "rem"]), ["remote"]);
    assert_eq!(values(&["help", "remote", ""]), ["add", "rm", "help"]);
    assert_eq!(values(&["help", "greet", ""]), Vec::<String>::new());
    // An alias typed in full leads where its command does.
    assert_eq!(values(&["hi", "--lo"]), ["--loud"]);
}

#[test]
fn help_lines_go_with_names_flags_and_values() {
    assert_eq!(complete(&["gr"]), "greet\tGreet someone [aliases: hi]\n");
    assert!(complete(&["remote", "a"]).starts_with("add\tAdd a remote\n"));
    let flags = complete(&["greet", "--"]);
    for line in [
        "--loud\tShout the greeting\n",
        "--times\tHow many times [default: 1]\n",
        "--color\tColour the greeting\n",
        "--no-color\tColour the greeting\n",
        "--help\tPrint help (see more with '--help')\n",
        "--verbose\tMore output per occurrence (-vv for debug)\n",
        "--dir\tWhere the data lives\n",
    ] {
        assert!(flags.contains(line), "no {line:?} in:\n{flags}");
    }
    assert_eq!(
        complete(&["greet", "--style", ""]),
        "plain\tJust the words\nfancy\tWith sparkles\n"
    );
}

#[test]
fn flags_of_the_command_the_globals_and_the_builtins_as_help_lists_them() {
    assert_eq!(
        values(&["greet", "-"]),
        [
            "-l",
            "--loud",
            "-n",
            "--times",
            "--style",
            "--color",
            "--no-color",
            "-t",
            "--tag",
            "-h",
            "--help",
            "--dir",
            "--when",
            "-v",
            "--verbose",
            "-q",
            "--quiet"
        ]
    );
    assert_eq!(values(&["greet", "--t"]), ["--times", "--tag"]);
    // At the root: its own options, and the globals.
    assert_eq!(
        values(&["--"]),
        [
            "--help",
            "--version",
            "--dir",
            "--when",
            "--verbose",
            "--quiet"
        ]
    );
    assert_eq!(
        values(&["remote", "-"]),
        [
            "-h",
            "--help",
            "--dir",
            "--when",
            "-v",
            "--verbose",
            "-q",
            "--quiet"
        ]
    );
    // A command's own `-h` is its own: offered once.
    assert_eq!(values(&["mode", "-h"]), ["-h"]);
    assert_eq!(values(&["mode", "--he"]), ["--height", "--help"]);
}

#[test]
fn hidden_arguments_are_never_offered() {
    let all = values(&["greet", "-"]);
    assert!(!all.contains(&"--secret".to_owned()), "{all:?}");
    assert!(!all.contains(&"--trace".to_owned()), "{all:?}");
    assert_eq!(values(&["greet", "--se"]), Vec::<String>::new());
}

#[test]
fn possible_values_after_an_option_in_every_spelling() {
    assert_eq!(values(&["greet", "--style", ""]), ["plain", "fancy"]);
    assert_eq!(values(&["greet", "--style", "f"]), ["fancy"]);
    assert_eq!(values(&["greet", "--style=f"]), ["--style=fancy"]);
    assert_eq!(
        values(&["greet", "--style="]),
        ["--style=plain", "--style=fancy"]
    );
    // bash splits at `=`: the words come back joined, the values bare.
    assert_eq!(values(&["greet", "--style", "=", "f"]), ["fancy"]);
    assert_eq!(values(&["greet", "--style", "="]), ["plain", "fancy"]);
    // A value is not a positional: after it, the name still completes.
    assert_eq!(values(&["greet", "--style", "plain", "-l"]), ["-l"]);
    // An option of no possible values, no path: nothing.
    assert_eq!(values(&["greet", "--times", ""]), Vec::<String>::new());
    assert_eq!(values(&["greet", "-n", ""]), Vec::<String>::new());
    assert_eq!(values(&["greet", "-ln", ""]), Vec::<String>::new());
    // `-n3`: the value is attached; next is a positional (no values).
    assert_eq!(values(&["greet", "-n3", ""]), Vec::<String>::new());
}

#[test]
fn globals_complete_after_the_command_name() {
    assert_eq!(values(&["greet", "--wh"]), ["--when"]);
    assert_eq!(values(&["greet", "--when", ""]), ["auto", "never"]);
    assert_eq!(values(&["--when", "n"]), ["never"]);
    assert_eq!(values(&["--when", "auto", "gr"]), ["greet"]);
    assert_eq!(complete(&["remote", "add", "--dir", ""]), ":path\n");
}

#[test]
fn paths_ask_the_shell_for_file_names() {
    assert_eq!(complete(&["open", ""]), ":path\n");
    assert_eq!(complete(&["open", "a", "b", ""]), ":path\n");
    assert_eq!(complete(&["open", "--out", ""]), ":path\n");
    assert_eq!(complete(&["open", "-o", "x"]), ":path\n");
    assert_eq!(complete(&["open", "--out=x"]), ":path\n");
    // A `-` starts a flag, not a path.
    assert_eq!(values(&["open", "--o"]), ["--out"]);
    // After `--`, the `last` argument.
    assert_eq!(values(&["open", "--", "r"]), ["raw"]);
    assert_eq!(values(&["open", "--", "-"]), Vec::<String>::new());
}

#[test]
fn positionals_in_order() {
    assert_eq!(values(&["mode", ""]), ["on", "off"]);
    assert_eq!(values(&["mode", "on", ""]), ["up", "down"]);
    assert_eq!(values(&["mode", "on", "up", ""]), Vec::<String>::new());
    assert_eq!(values(&["mode", "-h", "on", "d"]), ["down"]);
}

#[test]
fn the_builtin_completions_offers_the_shells() {
    assert_eq!(
        values(&["completions", ""]),
        ["bash", "zsh", "fish", "elvish", "powershell", "nushell"]
    );
    assert_eq!(values(&["completions", "p"]), ["powershell"]);
    assert_eq!(values(&["remote", "completions", ""]), Vec::<String>::new());
}

#[test]
fn lines_that_lead_nowhere_answer_nothing() {
    assert_eq!(complete(&["nope", ""]), "");
    assert_eq!(complete(&["remote", "nope", "-"]), "");
    assert_eq!(complete(&["secret", "x"]), "");
    // No words, a bad index, completing the program's name.
    assert_eq!(answer(&APP, &mut std::iter::empty()), "");
    assert_eq!(answer(&APP, &mut ["x", "t"].iter().map(OsString::from)), "");
    assert_eq!(answer(&APP, &mut ["0", "t"].iter().map(OsString::from)), "");
    // An index far past the words is one empty word after them.
    let far = usize::MAX.to_string();
    assert_eq!(
        answer(
            &APP,
            &mut [far.as_str(), "t", "remote"].iter().map(OsString::from)
        ),
        REMOTE_NAMES
    );
}

#[test]
fn words_past_the_current_one_are_ignored_and_a_missing_one_is_empty() {
    let args: Vec<OsString> = ["1", "t", "gr", "--loud", "x"]
        .iter()
        .map(OsString::from)
        .collect();
    assert!(answer(&APP, &mut args.clone().into_iter()).starts_with("greet\t"));
    // CWORD 2 past the words: an empty word after `greet`.
    let args: Vec<OsString> = ["2", "t", "greet"].iter().map(OsString::from).collect();
    assert_eq!(
        answer(&APP, &mut args.clone().into_iter()),
        "",
        "a `[NAME]` has no values"
    );
    let args: Vec<OsString> = ["2", "t", "remote"].iter().map(OsString::from).collect();
    assert_eq!(answer(&APP, &mut args.clone().into_iter()), REMOTE_NAMES);
}

#[test]
fn every_shell_has_a_script_naming_the_program() {
    for shell in shells::SHELL_NAMES.split(' ') {
        let text = shells::script("my-prog", shell).expect("a script");
        let calls = text.contains("my-prog __complete") || text.contains("'my-prog' __complete");
        assert!(calls, "{shell}:\n{text}");
        assert!(!text.contains('~'), "{shell}: placeholder left:\n{text}");
    }
    assert_eq!(shells::script("p", "tcsh"), None);
}

#[test]
fn a_command_of_the_apps_named_completions_claims_the_name() {
    static MINE: CommandSpec = CommandSpec {
        name: "completions",
        about: "Mine",
        ..*INVALID_COMMAND
    };
    static ALIASED: CommandSpec = CommandSpec {
        name: "comp",
        aliases: &["completions"],
        ..*INVALID_COMMAND
    };
    assert!(claimed(&[Node::Command(&MINE)]));
    assert!(claimed(&[Node::Command(&ALIASED)]));
    assert!(!claimed(&[Node::Command(&GREET), Node::Group(&REMOTE)]));
}

/// What running built-in `builtin` on `args` prints on stdout and
/// stderr, and its exit code, as the app runs it (which prints its usage
/// errors).
fn ran(builtin: Builtin, args: &[&str]) -> (String, String, u8) {
    let name = match builtin {
        Builtin::Completions => "completions",
        Builtin::Complete => "__complete",
    };
    let argv = ["t", name].into_iter().chain(args.iter().copied());
    let outcome = crate::cli::app::App::new(&APP).try_run_from(argv);
    (outcome.stdout, outcome.stderr, outcome.code)
}

#[test]
fn the_builtins_have_their_names() {
    assert_eq!(builtin("completions"), Some(Builtin::Completions));
    assert_eq!(builtin("__complete"), Some(Builtin::Complete));
    assert_eq!(builtin("help"), None);
}

#[test]
fn completions_prints_the_script() {
    let (script, err, code) = ran(Builtin::Completions, &["fish"]);
    assert_eq!((err.as_str(), code), ("", 0));
    assert!(script.contains("complete -c t "), "{script}");
    assert_eq!(script, shells::script("t", "fish").unwrap());
}

#[test]
fn completions_prints_its_help() {
    for flag in ["-h", "--help"] {
        let (help, err, code) = ran(Builtin::Completions, &[flag]);
        assert_eq!((err.as_str(), code), ("", 0));
        assert!(
            help.starts_with(
                "Print the completion script for a shell\n\nUsage: t completions <SHELL>\n\nArguments:\n"
            ),
            "{help}"
        );
        assert!(
            help.contains("[possible values: bash, zsh, fish, elvish, powershell, nushell]"),
            "{help}"
        );
        assert!(
            help.ends_with(&format!("Print help\n\n{GLOBALS_HELP}")),
            "{help}"
        );
    }
}

#[test]
fn completions_reports_usage_errors() {
    let usage = "\nUsage: t completions <SHELL>\n\nFor more information, try '--help'.\n";
    assert_eq!(
        ran(Builtin::Completions, &["zhs"]),
        (
            String::new(),
            format!(
                "error: invalid value 'zhs' for '<SHELL>'\n  [possible values: bash, zsh, fish, elvish, powershell, nushell]\n\n  tip: a similar value exists: 'zsh'\n{usage}"
            ),
            2
        )
    );
    assert_eq!(
        ran(Builtin::Completions, &[]),
        (
            String::new(),
            format!(
                "error: the following required arguments were not provided:\n  <SHELL>\n{usage}"
            ),
            2
        )
    );
    let (_, err, code) = ran(Builtin::Completions, &["bash", "zsh"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: unexpected argument 'zsh' found\n"),
        "{err}"
    );
}

#[test]
fn the_callback_answers_on_stdout() {
    assert_eq!(
        ran(Builtin::Complete, &["1", "t", "rem"]),
        ("remote\tManage remotes\n".into(), String::new(), 0)
    );
}
