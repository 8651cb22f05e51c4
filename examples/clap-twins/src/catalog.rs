//! What counts: clap's session files, the twin that runs each, the contract
//! keys each twin is written with, and the cases excluded, with why.

use std::path::Path;

use crate::session::{self, Case};

/// A flash twin of one clap example: a `[[bin]]` of this crate named as
/// clap's example binary is.
pub struct Twin {
    /// The binary, as the sessions invoke it.
    pub name: &'static str,
    /// clap's example it ports, under clap's `examples/`.
    pub source: &'static str,
    /// The contract's keys it is written with that `main` lacked when the
    /// twins were written (`shared/API.md`, issues 15 and 16).
    pub keys: &'static [&'static str],
}

const ROOT: &[&str] = &["`app! { root }`"];

/// Every twin, in the order of clap's documentation.
pub const TWINS: &[Twin] = &[
    Twin {
        name: "01_quick_derive",
        source: "tutorial_derive/01_quick.rs",
        keys: &[
            "`app! { root, commands }`",
            "`#[args(heading = \"Options\")]` on the globals",
            "`completions: false`",
        ],
    },
    Twin {
        name: "02_app_settings_derive",
        source: "tutorial_derive/02_app_settings.rs",
        keys: ROOT,
    },
    Twin {
        name: "02_apps_derive",
        source: "tutorial_derive/02_apps.rs",
        keys: ROOT,
    },
    Twin {
        name: "02_crate_derive",
        source: "tutorial_derive/02_crate.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_01_flag_bool_derive",
        source: "tutorial_derive/03_01_flag_bool.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_01_flag_count_derive",
        source: "tutorial_derive/03_01_flag_count.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_02_option_derive",
        source: "tutorial_derive/03_02_option.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_02_option_mult_derive",
        source: "tutorial_derive/03_02_option_mult.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_03_positional_derive",
        source: "tutorial_derive/03_03_positional.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_03_positional_mult_derive",
        source: "tutorial_derive/03_03_positional_mult.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_04_subcommands_derive",
        source: "tutorial_derive/03_04_subcommands.rs",
        keys: &[
            "`help_if_no_args: true`",
            "`propagate_version: true`",
            "`completions: false`",
        ],
    },
    Twin {
        name: "03_05_default_values_derive",
        source: "tutorial_derive/03_05_default_values.rs",
        keys: ROOT,
    },
    Twin {
        name: "03_06_optional_derive",
        source: "tutorial_derive/03_06_optional.rs",
        keys: ROOT,
    },
    Twin {
        name: "04_01_enum_derive",
        source: "tutorial_derive/04_01_enum.rs",
        keys: ROOT,
    },
    Twin {
        name: "04_02_parse_derive",
        source: "tutorial_derive/04_02_parse.rs",
        keys: ROOT,
    },
    Twin {
        name: "04_02_validate_derive",
        source: "tutorial_derive/04_02_validate.rs",
        keys: ROOT,
    },
    Twin {
        name: "04_03_relations_derive",
        source: "tutorial_derive/04_03_relations.rs",
        keys: ROOT,
    },
    Twin {
        name: "04_04_custom_derive",
        source: "tutorial_derive/04_04_custom.rs",
        keys: ROOT,
    },
    Twin {
        name: "cargo-example-derive",
        source: "cargo-example-derive.rs",
        keys: &[
            "`help_if_no_args: true`",
            "`propagate_version: true`",
            "`completions: false`",
        ],
    },
    Twin {
        name: "demo",
        source: "demo.rs",
        keys: ROOT,
    },
    Twin {
        name: "escaped-positional-derive",
        source: "escaped-positional-derive.rs",
        keys: &["`app! { root }`", "`#[arg(short, no_long)]`"],
    },
    Twin {
        name: "find",
        source: "find.rs",
        keys: &["`app! { root }`", "`#[arg(heading = \"…\")]`"],
    },
    Twin {
        name: "git-derive",
        source: "git-derive.rs",
        keys: &[
            "`external: cmd`",
            "`help_if_no_args` (app and `#[cmd]`)",
            "`last` on `Option<T>`",
            "`default_missing = EXPR`",
            "`completions: false`",
        ],
    },
    Twin {
        name: "busybox",
        source: "multicall-busybox.rs",
        keys: &[
            "`multicall: true`",
            "`app! { root, commands }`",
            "`default_missing = EXPR`",
            "`#[cmd(help_if_no_args)]` on the root",
            "`completions: false`",
        ],
    },
    Twin {
        name: "hostname",
        source: "multicall-hostname.rs",
        keys: &[
            "`multicall: true`",
            "`help_if_no_args: true`",
            "`completions: false`",
        ],
    },
    Twin {
        name: "pacman",
        source: "pacman.rs",
        keys: &[
            "`#[cmd(short_flag, long_flag)]`",
            "`help_if_no_args: true`",
            "`completions: false`",
        ],
    },
    Twin {
        name: "typed-derive",
        source: "typed-derive/main.rs",
        keys: &[
            "`#[arg(value_hint = dir)]`",
            "`help_if_no_args: true`",
            "`completions: false`",
        ],
    },
];

/// The twin a session's binary names.
pub fn twin(bin: &str) -> Option<&'static Twin> {
    TWINS.iter().find(|t| t.name == bin)
}

/// Why a case is not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// clap names the app apart from the binary (its package, `MyApp`),
    /// and the case prints that name; a flash app has one name.
    BinName,
    /// The case shows the order of occurrences across options.
    ArgOrder,
    /// The contract has no way to say what the example says (listed in the
    /// report as a gap for the lead).
    Gap,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::BinName => "app name apart from the binary's",
            Kind::ArgOrder => "order across options",
            Kind::Gap => "contract gap",
        }
    }
}

/// A case not counted: its file, its command as written after `$ `.
pub struct Exclusion {
    pub file: &'static str,
    pub command: &'static str,
    pub kind: Kind,
    pub reason: &'static str,
}

/// Every excluded case. Each names exactly one command of one file (the
/// tests check that none is stale).
pub const EXCLUDED: &[Exclusion] = &[
    Exclusion {
        file: "tutorial_derive/02_apps.md",
        command: "02_apps_derive --version",
        kind: Kind::BinName,
        reason: "prints `MyApp 1.0`: clap's app is named `MyApp`, its usage lines after the binary",
    },
    Exclusion {
        file: "tutorial_derive/02_crate.md",
        command: "02_crate_derive --version",
        kind: Kind::BinName,
        reason: "prints `clap [..]`: clap's app is named after its package, its usage lines after the binary",
    },
    Exclusion {
        file: "tutorial_derive/03_04_subcommands.md",
        command: "03_04_subcommands_derive --version",
        kind: Kind::BinName,
        reason: "prints `clap [..]`: clap's app is named after its package, its usage lines after the binary",
    },
    Exclusion {
        file: "tutorial_derive/03_04_subcommands.md",
        command: "03_04_subcommands_derive add --version",
        kind: Kind::BinName,
        reason: "prints `clap-add [..]`: clap's app is named after its package, its usage lines after the binary",
    },
    Exclusion {
        file: "tutorial_derive/04_04_custom.md",
        command: "04_04_custom_derive",
        kind: Kind::BinName,
        reason: "the handler's usage error shows `Usage: clap [OPTIONS] [INPUT_FILE]` (a command built afresh, named after clap's package); \
                 a flash handler's `Error::Usage` shows no usage line either",
    },
    Exclusion {
        file: "tutorial_derive/04_04_custom.md",
        command: "04_04_custom_derive --major --minor",
        kind: Kind::BinName,
        reason: "the handler's usage error shows `Usage: clap [OPTIONS] [INPUT_FILE]` (a command built afresh, named after clap's package); \
                 a flash handler's `Error::Usage` shows no usage line either",
    },
    Exclusion {
        file: "tutorial_derive/04_04_custom.md",
        command: "04_04_custom_derive --major -c config.toml",
        kind: Kind::BinName,
        reason: "the handler's usage error shows `Usage: clap [OPTIONS] [INPUT_FILE]` (a command built afresh, named after clap's package); \
                 a flash handler's `Error::Usage` shows no usage line either",
    },
    Exclusion {
        file: "find.md",
        command: "find --empty -o --name .keep",
        kind: Kind::ArgOrder,
        reason: "prints every occurrence in command-line order across `--empty`, `-o` and `--name` (`ArgAction::Append`, `indices_of`)",
    },
    Exclusion {
        file: "find.md",
        command: "find --empty -o --name .keep -o --name foo",
        kind: Kind::ArgOrder,
        reason: "prints every occurrence in command-line order across `--empty`, `-o` and `--name` (`ArgAction::Append`, `indices_of`)",
    },
    Exclusion {
        file: "tutorial_derive/04_03_relations.md",
        command: "04_03_relations_derive --major -c config.toml",
        kind: Kind::Gap,
        reason: "`-c` requires the group `input` (`INPUT_FILE` or `--spec-in`): flash's `requires` names one argument, \
                 and no key names a group of arguments (clap's error shows `<INPUT_FILE|--spec-in <SPEC_IN>>`)",
    },
    Exclusion {
        file: "tutorial_derive/04_02_parse.md",
        command: "04_02_parse_derive --help",
        kind: Kind::Gap,
        reason: "clap's ranged parser (`value_parser!(u16).range(1..)`) is not shown in help; \
                 flash's `range` always adds `[range: 1..=65535]` to the row",
    },
    Exclusion {
        file: "cargo-example-derive.md",
        command: "cargo-example-derive --help",
        kind: Kind::Gap,
        reason: "clap's top level has no `--version` (only its subcommand has one); every flash app lists `-V, --version`",
    },
    Exclusion {
        file: "git-derive.md",
        command: "git-derive",
        kind: Kind::Gap,
        reason: "clap's app has no `--version`; every flash app lists `-V, --version`",
    },
    Exclusion {
        file: "git-derive.md",
        command: "git-derive help",
        kind: Kind::Gap,
        reason: "clap's app has no `--version`; every flash app lists `-V, --version`",
    },
    Exclusion {
        file: "git-derive.md",
        command: "git-derive stash -h",
        kind: Kind::Gap,
        reason: "`stash` has options of its own beside its subcommands (`args_conflicts_with_subcommands`) \
                 and a flattened help listing every subcommand's (`flatten_help`); a flash group has neither",
    },
    Exclusion {
        file: "git-derive.md",
        command: "git-derive stash -m \"Prototype\"",
        kind: Kind::Gap,
        reason: "`stash` runs `stash push` when no subcommand is named and takes its `-m` (an optional subcommand \
                 beside the group's own arguments); a flash group has no command of its own (`root` is for the app only)",
    },
    Exclusion {
        file: "multicall-busybox.md",
        command: "busybox",
        kind: Kind::Gap,
        reason: "clap names the commands `[APPLET]` in usage and lists them under `APPLETS:` \
                 (`subcommand_value_name`, `subcommand_help_heading`); flash has no key for either",
    },
    Exclusion {
        file: "pacman.md",
        command: "pacman -h",
        kind: Kind::Gap,
        reason: "the abouts end with a period (`Query the package database.`): a flash command's about is its doc \
                 comment's first line, whose period is dropped as clap's derive drops it; no key gives an about verbatim",
    },
    Exclusion {
        file: "pacman.md",
        command: "pacman -S -h",
        kind: Kind::Gap,
        reason: "the about ends with a period (see `pacman -h`), and `--search` takes several values per occurrence \
                 (`num_args(1..)`, shown `<search>...`); a `Vec` option takes one per occurrence, and no key says otherwise",
    },
    Exclusion {
        file: "pacman.md",
        command: "pacman -S -s foo -i bar",
        kind: Kind::Gap,
        reason: "the usage line clap prints shows `<package>...` as required (`required_unless_present(\"search\")`) \
                 and `--search <search>...` (`num_args(1..)`): no flash key for either",
    },
    Exclusion {
        file: "typed-derive/custom.md",
        command: "typed-derive custom --help",
        kind: Kind::Gap,
        reason: "help lists `BumpLevel`'s values for a type parsed by its own parser, which accepts other values too \
                 (a `TypedValueParser` with `possible_values`); flash shows values only where it restricts to them",
    },
];

/// What a case needs of the contract beyond its twin's keys, where the case
/// is about one thing in particular.
pub const NOTES: &[(&str, &str, &str)] = &[
    ("tutorial_derive/01_quick.md", "01_quick_derive --help", "root + commands in one usage line; globals listed under `Options:`"),
    ("tutorial_derive/01_quick.md", "01_quick_derive -dd test", "globals before the command name"),
    ("tutorial_derive/02_app_settings.md", "02_app_settings_derive --help", "clap's `next_line_help` has no key: same only modulo layout"),
    ("tutorial_derive/03_01_flag_bool.md", "03_01_flag_bool_derive --verbose --verbose", "a flag given twice is a usage error"),
    ("tutorial_derive/03_02_option.md", "03_02_option_derive -n=bob", "`-n=value`: the `=` is not part of the value"),
    ("tutorial_derive/03_02_option_mult.md", "03_02_option_mult_derive --name bob --name=john -n tom -n=chris -nsteve", "`-n=value`: the `=` is not part of the value"),
    ("tutorial_derive/03_04_subcommands.md", "03_04_subcommands_derive", "`help_if_no_args: true` (help on stderr, failure)"),
    ("tutorial_derive/03_04_subcommands.md", "03_04_subcommands_derive help add", "`propagate_version`: `-V` in the command's help"),
    ("tutorial_derive/04_01_enum.md", "04_01_enum_derive --help", "`--help` long: possible values with their help, one per line"),
    ("tutorial_derive/04_01_enum.md", "04_01_enum_derive -h", "`-h` short: `[possible values: …]`, `(see more with '--help')`"),
    ("tutorial_derive/04_01_enum.md", "04_01_enum_derive medium", "invalid value: possible values, no usage line"),
    ("tutorial_derive/04_02_parse.md", "04_02_parse_derive 0", "clap's words: `0 is not in 1..=65535`"),
    ("tutorial_derive/04_03_relations.md", "04_03_relations_derive --help", "a required `one_of` in the usage line, in declaration order"),
    ("tutorial_derive/04_03_relations.md", "04_03_relations_derive", "a missing `one_of` group, clap's words"),
    ("tutorial_derive/04_03_relations.md", "04_03_relations_derive --major --minor", "two of a `one_of`: clap's conflict words"),
    ("escaped-positional-derive.md", "escaped-positional-derive foo bar", "a positional where only `last` ones are taken"),
    ("find.md", "find --help", "`heading`, and help wrapped at 100 columns"),
    ("git-derive.md", "git-derive add", "`#[cmd(help_if_no_args)]`"),
    ("git-derive.md", "git-derive custom-tool arg1 --foo bar", "`external: cmd`"),
    ("git-derive.md", "git-derive last ./src", "`external: cmd` running the app again (an alias)"),
    ("git-derive.md", "git-derive stage Cargo.toml Cargo.lock", "`external: cmd` running the app again (an alias)"),
    ("git-derive.md", "git-derive diff --help", "`--color[=<WHEN>]`, `[-- <PATH>]` for `last` on `Option<T>`"),
    ("git-derive.md", "git-derive diff --color", "`default_missing`"),
    ("git-derive.md", "git-derive diff HEAD~~ -- HEAD", "`last` on `Option<T>`"),
    ("multicall-busybox.md", "busybox true", "`multicall` run under its own name: root + commands"),
    ("multicall-busybox.md", "busybox --install", "`default_missing` on the root (clap's handler panics, the twin fails with an error: any failure passes)"),
    ("multicall-hostname.md", "hostname", "`multicall`: the command is the binary's file name"),
    ("pacman.md", "pacman -S package", "`short_flag`"),
    ("pacman.md", "pacman --sync package", "`long_flag`"),
    ("pacman.md", "pacman -Ss name", "a flag-selected command with short flags clustered after it"),
    ("typed-derive/builtin.md", "typed-derive builtin --help", "defaults as typed (`[default: info]`); clap's `term_width = 0` has no key: same only modulo layout"),
    ("typed-derive/builtin.md", "typed-derive builtin --port", "a missing value lists `[possible values: …]`"),
    ("typed-derive/implicit.md", "typed-derive implicit --help", "long help because values have help"),
];

/// Why `case` is not counted, if it is not.
pub fn exclusion(case: &Case) -> Option<&'static Exclusion> {
    EXCLUDED
        .iter()
        .find(|e| e.file == case.file && e.command == case.command)
}

/// What `case` is about, if the catalog says.
pub fn note(case: &Case) -> Option<&'static str> {
    NOTES
        .iter()
        .find(|(file, command, _)| *file == case.file && *command == case.command)
        .map(|(_, _, note)| *note)
}

/// The session files that count, relative to clap's `examples/`: the
/// derive tutorial's and typed-derive's, and the cookbook's derive examples
/// (builder ones where there is no derive one). The builder-only
/// duplicates (`git.md`, `cargo-example.md`, `escaped-positional.md`) and
/// `derive_ref/interop_tests.md` are left out.
pub fn session_files(examples: &Path) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for dir in ["tutorial_derive", "typed-derive"] {
        let mut in_dir = Vec::new();
        let entries = std::fs::read_dir(examples.join(dir))
            .map_err(|e| format!("cannot list {}: {e}", examples.join(dir).display()))?;
        for entry in entries {
            let name = entry.map_err(|e| e.to_string())?.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".md") {
                in_dir.push(format!("{dir}/{name}"));
            }
        }
        in_dir.sort();
        files.extend(in_dir);
    }
    for file in [
        "cargo-example-derive.md",
        "demo.md",
        "escaped-positional-derive.md",
        "find.md",
        "git-derive.md",
        "multicall-busybox.md",
        "multicall-hostname.md",
        "pacman.md",
    ] {
        files.push(file.to_owned());
    }
    Ok(files)
}

/// Every case of every session file that counts.
pub fn cases(examples: &Path) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    for file in session_files(examples)? {
        let path = examples.join(&file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        cases.extend(session::parse(&file, &text)?);
    }
    Ok(cases)
}

/// What is wrong with the catalog against these cases: an exclusion or a
/// note that names no case, a case whose binary has no twin.
pub fn stale(cases: &[Case]) -> Vec<String> {
    let mut problems = Vec::new();
    let named = |file: &str, command: &str| {
        cases
            .iter()
            .filter(|c| c.file == file && c.command == command)
            .count()
    };
    for e in EXCLUDED {
        if named(e.file, e.command) != 1 {
            problems.push(format!(
                "exclusion `{}` in {} names {} cases",
                e.command,
                e.file,
                named(e.file, e.command)
            ));
        }
    }
    for (file, command, _) in NOTES {
        if named(file, command) == 0 {
            problems.push(format!("note on `{command}` in {file} names no case"));
        }
    }
    for case in cases {
        if twin(&case.bin).is_none() {
            problems.push(format!(
                "{}:{}: no twin for `{}`",
                case.file, case.line, case.bin
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::{self, Binaries};

    struct NoBinaries;

    impl Binaries for NoBinaries {
        fn get(&self, _: &str) -> Option<std::path::PathBuf> {
            None
        }
    }

    /// The harness on clap's real sessions, with no twin at all: every
    /// case is found and parsed, every exclusion and note names one, every
    /// binary has a twin.
    #[test]
    fn every_session_parses_and_the_catalog_is_current() {
        let manifest = crate::clap_source::own_manifest();
        let examples = crate::clap_source::examples_dir(&manifest).unwrap();
        let cases = cases(&examples).unwrap();
        assert_eq!(cases.len(), 150, "clap 4.6.10's sessions hold 150 cases");
        assert_eq!(stale(&cases), Vec::<String>::new());
        let outcomes = exec::classify(&cases, &NoBinaries, &std::env::temp_dir(), false);
        let excluded = outcomes
            .iter()
            .filter(|o| o.verdict.label() == "excluded")
            .count();
        assert_eq!(excluded, EXCLUDED.len());
        let not_compiling = outcomes
            .iter()
            .filter(|o| o.verdict.label() == "not compiling")
            .count();
        assert_eq!(not_compiling, cases.len() - EXCLUDED.len());
    }
}
