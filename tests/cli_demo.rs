//! Runs the built `demo` example as a user would: argv in; stdout, stderr and
//! the exit code out. Covers help, version, every command-line convention of
//! the contract, usage errors (shape, tip, usage line, exit 2), handler
//! errors (cause chain, exit 1) and argvs that must never panic.

mod common;

use common::{assert_aligned, run, run_env, section, Run};

const ROOT_USAGE: &str = "demo [OPTIONS] <COMMAND>";
const GREET_USAGE: &str = "demo greet [OPTIONS] [NAME]";

fn demo<const N: usize>(args: [&str; N]) -> Run {
    run("demo", args)
}

// ---------------------------------------------------------------- help

#[test]
fn root_help_by_every_spelling_is_the_same_page_on_stdout() {
    let long = demo(["--help"]);
    long.code(0).no_stderr();
    for spelling in [["-h"], ["help"]] {
        let other = demo(spelling);
        other.code(0).no_stderr();
        assert_eq!(
            other.stdout, long.stdout,
            "`demo {}` differs from `demo --help`",
            spelling[0]
        );
    }
    let help = &long.stdout;
    assert!(
        help.starts_with("Demo of flash\n\n"),
        "about first:\n{help}"
    );
    long.stdout_has("\nUsage: demo [OPTIONS] <COMMAND>\n");

    let commands = section(help, "Commands:");
    let names: Vec<&str> = commands
        .iter()
        .map(|row| row.split_whitespace().next().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "greet",
            "add",
            "sizes",
            "fail",
            "remote",
            "completions",
            "help"
        ],
        "{help}"
    );
    let greet = commands[0];
    assert!(
        greet.ends_with("Greet someone [aliases: hi]"),
        "first paragraph without its period, and the alias: {greet:?}"
    );
    assert!(commands[4].ends_with("Manage remotes"), "{help}");
    assert_aligned(help, &["Commands:"]);

    let options = section(help, "Options:").join("\n");
    for flag in ["-h, --help", "-V, --version"] {
        assert!(options.contains(flag), "root options lack {flag}:\n{help}");
    }
    let globals = section(help, "Global Options:").join("\n");
    for flag in ["-v, --verbose", "-q, --quiet"] {
        assert!(
            globals.contains(flag),
            "global options lack {flag}:\n{help}"
        );
    }
    assert_aligned(help, &["Options:"]);
    assert_aligned(help, &["Global Options:"]);
}

#[test]
fn command_help_by_every_spelling_shows_long_help() {
    let page = demo(["greet", "--help"]);
    page.code(0).no_stderr();
    for argv in [&["help", "greet"][..], &["hi", "--help"], &["help", "hi"]] {
        let other = run("demo", argv);
        other.code(0).no_stderr();
        assert_eq!(
            other.stdout,
            page.stdout,
            "`demo {}` differs from `demo greet --help`",
            argv.join(" ")
        );
    }
    let help = &page.stdout;
    assert!(
        help.starts_with(
            "Greet someone.\n\nPrints one greeting per `--times`, in capitals with `--loud`.\n\n"
        ),
        "the whole doc comment comes first in long help:\n{help}"
    );
    page.stdout_has(&format!("\nUsage: {GREET_USAGE}\n"));

    let arguments = section(help, "Arguments:");
    assert_eq!(arguments.len(), 1, "{help}");
    assert!(arguments[0].contains("[NAME]"), "{help}");
    assert!(
        arguments[0].ends_with("Who to greet [default: world]"),
        "{help}"
    );

    let options = section(help, "Options:");
    let row = |needle: &str| -> &str {
        options
            .iter()
            .find(|row| row.contains(needle))
            .unwrap_or_else(|| panic!("no option row with {needle}:\n{help}"))
    };
    assert!(row("-l, --loud").ends_with("Shout the greeting"), "{help}");
    assert!(
        row("-n, --times <TIMES>").ends_with("How many times [default: 1]"),
        "{help}"
    );
    assert!(
        row("--style <STYLE>")
            .ends_with("Greeting style [default: plain] [possible values: plain, fancy]"),
        "{help}"
    );
    assert!(row("-h, --help").contains("Print help"), "{help}");
    assert!(
        !help.contains("Runtime Options:"),
        "a sync command has no runtime options:\n{help}"
    );
    assert!(
        !help.contains("--version"),
        "--version belongs to the app only:\n{help}"
    );
    assert_aligned(help, &["Arguments:"]);
    assert_aligned(help, &["Options:"]);
}

#[test]
fn short_help_shows_only_the_first_paragraph() {
    let page = demo(["greet", "-h"]);
    page.code(0).no_stderr();
    assert!(
        page.stdout.starts_with("Greet someone\n\n"),
        "{}",
        page.stdout
    );
    assert!(
        !page.stdout.contains("Prints one greeting"),
        "{}",
        page.stdout
    );
    page.stdout_has(&format!("Usage: {GREET_USAGE}\n"))
        .stdout_has("[default: world]")
        .stdout_has("[possible values: plain, fancy]");
}

#[test]
fn nested_command_help() {
    let page = demo(["help", "remote", "rm"]);
    page.code(0).no_stderr();
    for argv in [
        &["remote", "rm", "--help"][..],
        &["remote", "help", "rm"],
        &["remote", "remove", "--help"],
        &["help", "remote", "remove"],
    ] {
        let other = run("demo", argv);
        other.code(0).no_stderr();
        assert_eq!(
            other.stdout,
            page.stdout,
            "`demo {}` differs from `demo help remote rm`",
            argv.join(" ")
        );
    }
    page.stdout_has("Remove a remote")
        .stdout_has("\nUsage: demo remote rm <NAME>\n")
        .stdout_has("\nArguments:\n");
    assert!(section(&page.stdout, "Arguments:")[0].contains("<NAME>"));
    assert!(section(&page.stdout, "Arguments:")[0].ends_with("Remote name"));

    let add = demo(["remote", "add", "--help"]);
    add.code(0)
        .no_stderr()
        .stdout_has("\nUsage: demo remote add [OPTIONS] <NAME> <URL>\n");
    assert_eq!(
        section(&add.stdout, "Arguments:").len(),
        2,
        "{}",
        add.stdout
    );
    assert_aligned(&add.stdout, &["Arguments:"]);
    assert_aligned(&add.stdout, &["Options:"]);
}

#[test]
fn group_help() {
    let page = demo(["remote", "--help"]);
    page.code(0).no_stderr();
    for argv in [
        &["remote", "-h"][..],
        &["help", "remote"],
        &["remote", "help"],
    ] {
        let other = run("demo", argv);
        other.code(0).no_stderr();
        assert_eq!(
            other.stdout,
            page.stdout,
            "`demo {}` differs from `demo remote --help`",
            argv.join(" ")
        );
    }
    let help = &page.stdout;
    assert!(help.starts_with("Manage remotes\n\n"), "{help}");
    page.stdout_has("\nUsage: demo remote <COMMAND>\n");
    let commands = section(help, "Commands:");
    assert!(
        commands[0].trim_start().starts_with("add") && commands[0].ends_with("Add a remote"),
        "{help}"
    );
    assert!(
        commands[1].trim_start().starts_with("rm") && commands[1].ends_with("[aliases: remove]"),
        "{help}"
    );
    assert!(!help.contains("--version"), "{help}");
    assert_aligned(help, &["Commands:"]);
}

#[test]
fn async_command_help_lists_runtime_options_with_command_defaults() {
    let page = demo(["sizes", "--help"]);
    page.code(0).no_stderr();
    let help = &page.stdout;
    page.stdout_has("\nUsage: demo sizes [OPTIONS] <FILES>...\n");
    assert!(
        section(help, "Arguments:")[0].contains("<FILES>..."),
        "{help}"
    );
    let runtime = section(help, "Runtime Options:").join("\n");
    for needle in [
        "--timeout <DURATION>",
        "--max-concurrency <N>",
        "--memory-limit <SIZE>",
        "--metrics",
    ] {
        assert!(
            runtime.contains(needle),
            "runtime options lack {needle}:\n{help}"
        );
    }
    // `#[cmd(max_concurrency = 4)]` is the default shown, not flash's 10.
    let concurrency = section(help, "Runtime Options:")
        .into_iter()
        .find(|r| r.contains("--max-concurrency"))
        .unwrap_or_default();
    assert!(concurrency.ends_with("[default: 4]"), "{help}");
    assert_aligned(help, &["Arguments:"]);
    assert_aligned(help, &["Options:"]);
    assert_aligned(help, &["Runtime Options:"]);
}

#[test]
fn help_shows_env_and_default() {
    let page = demo(["fail", "--help"]);
    page.code(0).no_stderr();
    let row = section(&page.stdout, "Options:")
        .into_iter()
        .find(|r| r.contains("--reason <REASON>"))
        .unwrap_or_else(|| panic!("no --reason row:\n{}", page.stdout));
    assert!(
        row.contains("[default: disk on fire]") && row.contains("[env: DEMO_REASON]"),
        "{row:?}"
    );
    page.stdout_has("Usage: demo fail [OPTIONS]\n");
}

#[test]
fn no_arguments_prints_help_on_stderr_and_exits_2() {
    let bare = demo([]);
    bare.code(2).no_stdout();
    let help = demo(["--help"]);
    assert_eq!(bare.stderr, help.stdout, "the root help, on stderr");

    let group = demo(["remote"]);
    group
        .code(2)
        .no_stdout()
        .stderr_has("Usage: demo remote <COMMAND>\n");
}

#[test]
fn help_of_help() {
    let page = demo(["help", "help"]);
    page.code(0).no_stderr().stdout_has("Usage:");
}

#[test]
fn help_with_a_trailing_unknown_name_is_an_error() {
    demo(["help", "greet", "extra"])
        .usage_error(GREET_USAGE)
        .stderr_has("'extra'");
}

#[test]
fn root_short_flags_cluster_with_help_and_version() {
    let help = demo(["--help"]);
    demo(["-vh"]).code(0).no_stderr().stdout_is(&help.stdout);
    demo(["-qV"]).code(0).no_stderr().stdout_is("demo 0.1.0\n");
}

#[test]
fn help_of_an_unknown_command() {
    demo(["help", "nope"])
        .usage_error(ROOT_USAGE)
        .stderr_has("'nope'");
    demo(["help", "gret"])
        .usage_error(ROOT_USAGE)
        .stderr_has("tip:")
        .stderr_has("'greet'");
    demo(["help", "remote", "rmm"])
        .usage_error("demo remote <COMMAND>")
        .stderr_has("'rm'");
}

// ---------------------------------------------------------------- version

#[test]
fn version() {
    for flag in ["-V", "--version"] {
        demo([flag]).code(0).no_stderr().stdout_is("demo 0.1.0\n");
    }
}

#[test]
fn version_is_not_a_command_option() {
    demo(["greet", "-V"])
        .usage_error(GREET_USAGE)
        .stderr_has("'-V'");
    demo(["remote", "--version"]).usage_error("demo remote <COMMAND>");
}

// ---------------------------------------------------------------- conventions

#[test]
fn option_value_spellings() {
    for argv in [
        ["greet", "--times", "2", "Bob"],
        ["greet", "--times=2", "Bob", "-l"],
        ["greet", "-n", "2", "Bob"],
        ["greet", "-n2", "Bob", "--loud"],
        ["greet", "-n=2", "Bob", "--"],
        ["greet", "Bob", "--times", "2"],
    ] {
        let out = demo(argv);
        out.code(0).no_stderr();
        let line = if argv.iter().any(|a| *a == "-l" || *a == "--loud") {
            "HELLO, BOB!\n"
        } else {
            "Hello, Bob!\n"
        };
        out.stdout_is(&line.repeat(2));
    }
}

#[test]
fn clustered_short_flags_with_a_trailing_value() {
    demo(["greet", "-ln2", "Ann"])
        .code(0)
        .no_stderr()
        .stdout_is("HELLO, ANN!\nHELLO, ANN!\n");
    demo(["greet", "-ln", "3", "Ann"])
        .code(0)
        .no_stderr()
        .stdout_is(&"HELLO, ANN!\n".repeat(3));
    demo(["remote", "add", "-f", "origin", "https://x"])
        .code(0)
        .no_stderr()
        .stdout_is("added origin -> https://x (fetched)\n");
}

#[test]
fn double_dash_ends_options() {
    demo(["greet", "--", "-l"])
        .code(0)
        .no_stderr()
        .stdout_is("Hello, -l!\n");
    demo(["greet", "--", "--times"])
        .code(0)
        .no_stderr()
        .stdout_is("Hello, --times!\n");
    demo(["greet", "-l", "--", "-n"])
        .code(0)
        .no_stderr()
        .stdout_is("HELLO, -N!\n");
}

#[test]
fn negative_numbers_after_double_dash() {
    demo(["add", "--", "-1", "-2.5", "3"])
        .code(0)
        .no_stderr()
        .stdout_is("-0.5\n");
    demo(["add", "1", "2", "3.5"])
        .code(0)
        .no_stderr()
        .stdout_is("6.5\n");
    demo(["add", "--", "-1e3"])
        .code(0)
        .no_stderr()
        .stdout_is("-1000\n");
}

#[test]
fn aliases() {
    demo(["hi", "Bob"])
        .code(0)
        .no_stderr()
        .stdout_is("Hello, Bob!\n");
    demo(["remote", "remove", "origin"])
        .code(0)
        .no_stderr()
        .stdout_is("removed origin\n");
    demo(["remote", "rm", "origin"])
        .code(0)
        .no_stderr()
        .stdout_is("removed origin\n");
}

#[test]
fn defaults() {
    demo(["greet"])
        .code(0)
        .no_stderr()
        .stdout_is("Hello, world!\n");
}

#[test]
fn possible_values() {
    demo(["greet", "--style", "fancy", "Bob"])
        .code(0)
        .no_stderr()
        .stdout_is("✨ Hello, Bob! ✨\n");
    demo(["greet", "--style=plain"])
        .code(0)
        .no_stderr()
        .stdout_is("Hello, world!\n");

    let bad = demo(["greet", "--style=bad"]);
    bad.usage_error(GREET_USAGE)
        .stderr_has("invalid value 'bad' for '--style <STYLE>'")
        .stderr_has("[possible values: plain, fancy]");

    demo(["greet", "--style", "fancyy"])
        .usage_error(GREET_USAGE)
        .stderr_has("invalid value 'fancyy'")
        .stderr_has("tip:")
        .stderr_has("'fancy'");
}

#[test]
fn env_fallback_sits_between_argv_and_default() {
    let expected =
        |reason: &str| format!("error: could not finish the job\n  caused by: {reason}\n");
    demo(["fail"])
        .code(1)
        .no_stdout()
        .stderr_is(&expected("disk on fire"));
    run_env("demo", ["fail"], &[("DEMO_REASON", "quota exceeded")])
        .code(1)
        .no_stdout()
        .stderr_is(&expected("quota exceeded"));
    run_env(
        "demo",
        ["fail", "--reason", "typed"],
        &[("DEMO_REASON", "quota exceeded")],
    )
    .code(1)
    .no_stdout()
    .stderr_is(&expected("typed"));
}

#[test]
fn global_verbosity_goes_before_the_command() {
    for flag in ["-v", "-vv", "-q", "--verbose", "--quiet"] {
        demo([flag, "greet", "Bob"])
            .code(0)
            .no_stderr()
            .stdout_is("Hello, Bob!\n");
    }
    // After the command name too: greet declares no `-v` of its own.
    for flag in ["-v", "-vv", "-q", "--verbose", "--quiet"] {
        demo(["greet", "Bob", flag])
            .code(0)
            .no_stderr()
            .stdout_is("Hello, Bob!\n");
    }
}

#[test]
fn handler_output_through_the_context() {
    demo(["add", "2", "40"])
        .code(0)
        .no_stderr()
        .stdout_is("42\n");
    demo(["remote", "add", "origin", "git@x"])
        .code(0)
        .no_stderr()
        .stdout_is("added origin -> git@x\n");
}

#[test]
fn async_command_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, b"hello").expect("write a");
    std::fs::write(&b, b"").expect("write b");
    let (a_s, b_s) = (
        a.to_str().expect("UTF-8 temp path"),
        b.to_str().expect("UTF-8 temp path"),
    );
    demo(["sizes", a_s, b_s])
        .code(0)
        .no_stderr()
        .stdout_is(&format!("5\t{a_s}\n0\t{b_s}\n"));

    // The runtime flags parse, and a bad one is a usage error.
    let sizes_usage = "demo sizes [OPTIONS] <FILES>...";
    demo(["sizes", "--max-concurrency", "1", a_s])
        .code(0)
        .no_stderr()
        .stdout_is(&format!("5\t{a_s}\n"));
    demo(["sizes", "--timeout", "30s", a_s]).code(0).no_stderr();
    demo(["sizes", "--memory-limit=1GiB", a_s])
        .code(0)
        .no_stderr();
    demo(["sizes", "--max-concurrency", "0", a_s])
        .usage_error(sizes_usage)
        .stderr_has("--max-concurrency");
    demo(["sizes", "--timeout", "abc", a_s])
        .usage_error(sizes_usage)
        .stderr_has("invalid value 'abc' for '--timeout <DURATION>'");
    demo(["sizes", "--memory-limit", "lots", a_s])
        .usage_error(sizes_usage)
        .stderr_has("--memory-limit");
    demo(["sizes", "--metrics", a_s])
        .code(0)
        .stdout_is(&format!("5\t{a_s}\n"))
        .stderr_has("io model");
}

// ---------------------------------------------------------------- usage errors

#[test]
fn unknown_command() {
    let out = demo(["gret"]);
    out.usage_error(ROOT_USAGE);
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: unrecognized subcommand 'gret'")
    );
    out.stderr_has("tip:").stderr_has("'greet'");

    demo(["remote", "rmm"])
        .usage_error("demo remote <COMMAND>")
        .stderr_has("'rmm'")
        .stderr_has("tip:")
        .stderr_has("'rm'");

    // Nothing near: no tip at all.
    let far = demo(["xyzzyplugh"]);
    far.usage_error(ROOT_USAGE).stderr_has("'xyzzyplugh'");
    assert!(!far.stderr.contains("tip:"), "{far:#?}");
}

#[test]
fn unknown_flag() {
    let out = demo(["greet", "--lod"]);
    out.usage_error(GREET_USAGE);
    assert_eq!(
        out.stderr.lines().next(),
        Some("error: unexpected argument '--lod' found")
    );
    out.stderr_has("tip:").stderr_has("'--loud'");

    demo(["--verbos", "greet"])
        .usage_error(ROOT_USAGE)
        .stderr_has("'--verbose'");
    demo(["greet", "-z"])
        .usage_error(GREET_USAGE)
        .stderr_has("'-z'");
    demo(["--bogus"])
        .usage_error(ROOT_USAGE)
        .stderr_has("'--bogus'");
}

#[test]
fn missing_required() {
    demo(["add"])
        .usage_error("demo add <NUMBERS>...")
        .stderr_has("required")
        .stderr_has("<NUMBERS>");
    let out = demo(["remote", "add", "origin"]);
    out.usage_error("demo remote add [OPTIONS] <NAME> <URL>")
        .stderr_has("<URL>");
    assert!(!out.stderr.contains("<NAME>\n"), "NAME was given: {out:#?}");
    demo(["remote", "rm"])
        .usage_error("demo remote rm <NAME>")
        .stderr_has("<NAME>");
}

#[test]
fn missing_value() {
    demo(["greet", "--times"])
        .usage_error(GREET_USAGE)
        .stderr_has("a value is required for '--times <TIMES>'");
    demo(["greet", "-n"])
        .usage_error(GREET_USAGE)
        .stderr_has("--times");
    demo(["greet", "--times", "--loud"])
        .usage_error(GREET_USAGE)
        .stderr_has("--times");
}

#[test]
fn invalid_value() {
    let out = demo(["greet", "--times", "abc"]);
    out.usage_error(GREET_USAGE);
    assert!(
        out.stderr
            .starts_with("error: invalid value 'abc' for '--times <TIMES>'"),
        "{out:#?}"
    );
    demo(["greet", "-n", "-1"])
        .usage_error(GREET_USAGE)
        .stderr_has("'-1'");
    demo(["add", "1", "x"])
        .usage_error("demo add <NUMBERS>...")
        .stderr_has("'x'");
}

#[test]
fn too_many_positionals() {
    demo(["greet", "a", "b"])
        .usage_error(GREET_USAGE)
        .stderr_has("unexpected argument 'b'");
    demo(["remote", "rm", "a", "b"])
        .usage_error("demo remote rm <NAME>")
        .stderr_has("'b'");
}

#[test]
fn option_given_twice() {
    for argv in [
        &["greet", "-n", "1", "-n", "2"][..],
        &["greet", "-n1", "--times", "2"],
        &["greet", "--style=plain", "--style=fancy"],
    ] {
        run("demo", argv)
            .usage_error(GREET_USAGE)
            .stderr_has("cannot be used multiple times");
    }
}

#[test]
fn flag_given_a_value() {
    demo(["greet", "--loud=yes"])
        .usage_error(GREET_USAGE)
        .stderr_has("--loud");
}

#[test]
fn handler_errors_exit_1_with_the_cause_chain() {
    let out = demo(["fail", "--reason", "disk on fire"]);
    out.code(1).no_stdout();
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "error: could not finish the job",
            "  caused by: disk on fire"
        ],
        "{out:#?}"
    );
    assert!(
        !out.stderr.contains("Usage:"),
        "a handler error is not a usage error: {out:#?}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.txt");
    let out = demo(["sizes", missing.to_str().expect("UTF-8 temp path")]);
    out.code(1).no_stdout();
    assert!(out.stderr.starts_with("error: "), "{out:#?}");
    out.stderr_has(&missing.display().to_string());
    assert!(!out.stderr.contains("Usage:"), "{out:#?}");
}

// ---------------------------------------------------------------- robustness

#[test]
fn weird_argv_never_panics() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let long = "x".repeat(100_000);
    let mut odd: Vec<OsString> = [
        "-",
        "--",
        "---",
        "--=",
        "-=",
        "---x",
        "=",
        "==",
        "",
        " ",
        "-h=",
        "--help=",
        "--help=x",
        "-V=1",
        "-vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
        "-n",
        "-n=",
        "--times=",
        "--times==",
        "-n-1",
        "--style=",
        "-.5",
        "-1",
        "-0",
        "-é",
        "--é=é",
        "-lé",
        "✨",
        "\u{0}",
        "-\u{0}",
        "--\u{0}=\u{0}",
        "\u{202e}",
        "help",
        "--style",
        "-ln",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    odd.push(long.clone().into());
    odd.push(format!("--{long}").into());
    odd.push(format!("-{long}").into());
    odd.push(format!("--times={long}").into());
    odd.push(format!("-n{}", "9".repeat(50_000)).into());
    for bytes in [
        &b"\xff"[..],
        b"-\xff",
        b"--\xff",
        b"--\xff=\xfe",
        b"--times=\xff",
        b"--style=\xff",
        b"-n\xff",
        b"-l\xff",
        b"\xc3",
        b"-\xc3",
        b"--\xc3\xa9",
    ] {
        odd.push(OsString::from_vec(bytes.to_vec()));
    }

    let prefixes: [&[&str]; 8] = [
        &[],
        &["greet"],
        &["add"],
        &["sizes"],
        &["fail"],
        &["remote"],
        &["remote", "add", "o"],
        &["help"],
    ];
    // The `\0` strings cannot be passed through exec; they are skipped there.
    for prefix in prefixes {
        for arg in &odd {
            if arg.as_encoded_bytes().contains(&0) {
                continue;
            }
            // Twice in a row too, where the command takes options (kept to
            // one prefix so the whole loop stays quick).
            let twice = prefix == ["greet"];
            let tails = [
                Some(vec![arg.clone()]),
                twice.then(|| vec![arg.clone(), arg.clone()]),
            ];
            for tail in tails.into_iter().flatten() {
                let mut argv: Vec<OsString> = prefix.iter().map(OsString::from).collect();
                argv.extend(tail);
                let out = run("demo", &argv);
                let shown: Vec<String> = argv
                    .iter()
                    .map(|a| a.to_string_lossy().chars().take(40).collect())
                    .collect();
                assert!(
                    matches!(out.code, Some(0..=2)),
                    "demo {shown:?}: exit {:?}\n{}",
                    out.code,
                    out.stderr.chars().take(2000).collect::<String>()
                );
                assert!(
                    !out.stderr.contains("panicked") && !out.stderr.contains("RUST_BACKTRACE"),
                    "demo {shown:?} panicked:\n{}",
                    out.stderr.chars().take(2000).collect::<String>()
                );
                if out.code == Some(2) {
                    assert!(
                        out.stderr.starts_with("error: ") || out.stderr.contains("Usage:"),
                        "exit 2 without an error or help: demo {shown:?}\n{}",
                        out.stderr.chars().take(2000).collect::<String>()
                    );
                }
            }
        }
    }
}
