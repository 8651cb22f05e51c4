//! flash's own commands and options, as tables like the user's: the
//! built-in `help` and `completions` commands, `-v`/`-q` of an app with
//! `logging: true`, and `--config` of an app with a config file. Help,
//! completion and the docs read them as they read the app's; the parser
//! knows them by name, so a name the app declares wins.

use crate::cli::arg::{
    check_possible, runtime_bit, ArgKind, ArgSpec, PossibleValue, Table, ValueHint,
};
use crate::cli::invoke::{Failed, Invocation};
use crate::cli::spec::CommandSpec;

/// `help`'s line in `Commands:`.
pub const HELP_ABOUT: &str = "Print this message or the help of the given subcommand(s)";

const HELP_ARGS: &[ArgSpec] = &[ArgSpec {
    name: "command",
    kind: ArgKind::Positional,
    value_name: "COMMAND",
    display: "[COMMAND]...",
    multiple: true,
    help: "Print help for the subcommand(s)",
    ..ArgSpec::EMPTY
}];

/// The built-in `help [COMMAND]...`, as `help help` shows it (the parser
/// reads `help`'s words itself).
pub static HELP_COMMAND: CommandSpec = CommandSpec {
    name: "help",
    aliases: &[],
    about: HELP_ABOUT,
    long_about: "",
    args: Table(&[HELP_ARGS]),
    hidden: false,
    one_of: &[],
    short_flag: None,
    long_flag: None,
    help_if_no_args: false,
    relations: None,
    run: not_run,
};

/// The shells completion knows, in the order of the contract: the
/// values of `completions <SHELL>`.
pub(crate) fn shells() -> impl Iterator<Item = &'static str> {
    SHELL_VALUES.iter().map(|v| v.name)
}

/// The values of `completions <SHELL>`.
static SHELL_VALUES: [PossibleValue; 6] = [
    PossibleValue {
        name: "bash",
        help: "",
    },
    PossibleValue {
        name: "zsh",
        help: "",
    },
    PossibleValue {
        name: "fish",
        help: "",
    },
    PossibleValue {
        name: "elvish",
        help: "",
    },
    PossibleValue {
        name: "powershell",
        help: "",
    },
    PossibleValue {
        name: "nushell",
        help: "",
    },
];

const SHELL_ARG: &[ArgSpec] = &[ArgSpec {
    name: "shell",
    kind: ArgKind::Positional,
    value_name: "SHELL",
    display: "<SHELL>",
    required: true,
    hint: ValueHint::None,
    possible: &SHELL_VALUES,
    check: Some(check_possible),
    help: "The shell to complete in",
    ..ArgSpec::EMPTY
}];

/// The built-in `completions <SHELL>` of an app with commands (unless it
/// has a command of that name, or `completions: false`): a command like
/// any other, so its help, errors and completion come from its table.
/// The app prints the script when it runs (`run` is never called).
pub static COMPLETIONS: CommandSpec = CommandSpec {
    name: "completions",
    aliases: &[],
    about: "Print the completion script for a shell",
    long_about: "",
    args: Table(&[SHELL_ARG]),
    hidden: false,
    one_of: &[],
    short_flag: None,
    long_flag: None,
    help_if_no_args: false,
    relations: None,
    run: not_run,
};

/// The built-ins' `run`: the app does their work itself.
fn not_run(_: Invocation) -> Result<(), Failed> {
    Ok(())
}

/// `--verbose`'s help.
pub(crate) const VERBOSE_HELP: &str = "More output per occurrence (-v info, -vv debug, -vvv trace)";
/// `--quiet`'s help.
pub(crate) const QUIET_HELP: &str = "Less output (errors only)";
/// `--config`'s help.
pub(crate) const CONFIG_HELP: &str = "Read options from this TOML file: its top-level keys set global options, a [command] table sets a command's options, by long name";

/// `-v` and `-q` of an app with `logging: true`, as help lists them.
pub static LOGGING_ARGS: [ArgSpec; 2] = [
    ArgSpec {
        name: "verbose",
        kind: ArgKind::Count,
        long: Some("verbose"),
        short: Some('v'),
        display: "--verbose...",
        help: VERBOSE_HELP,
        ..ArgSpec::EMPTY
    },
    ArgSpec {
        name: "quiet",
        kind: ArgKind::Flag,
        long: Some("quiet"),
        short: Some('q'),
        display: "--quiet",
        help: QUIET_HELP,
        ..ArgSpec::EMPTY
    },
];

/// `--config <FILE>`, as help lists it in an app with a config file.
pub static CONFIG_ARG: ArgSpec = ArgSpec {
    name: "config",
    kind: ArgKind::Option,
    long: Some("config"),
    value_name: "FILE",
    display: "--config <FILE>",
    // Only an app with a config file has the option, and only with the
    // `config` feature: without it, no path completion is linked for it.
    #[cfg(feature = "config")]
    hint: ValueHint::File,
    help: CONFIG_HELP,
    ..ArgSpec::EMPTY
};

const _: u8 = runtime_bit::ALL;
