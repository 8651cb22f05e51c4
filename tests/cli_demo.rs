//! Runs the built `demo` example as a user would: argv in; stdout, stderr and
//! the exit code out. Covers help, version, every command-line convention of
//! the contract, usage errors (shape, tip, usage line, exit 2), handler
//! errors (cause chain, exit 1) and argvs that must never panic.

mod common;

use common::{assert_aligned, run, run_env, Run};

const ROOT_USAGE: &str = "demo [OPTIONS] <COMMAND>";
const GREET_USAGE: &str = "demo greet [OPTIONS] [NAME]";

fn demo<const N: usize>(args: [&str; N]) -> Run {
    run("demo", args)
}

// ---------------------------------------------------------------- help
//
// Whole pages, as clap lays them out (per-section columns, padding after
// an item with no help, next-line items with blank lines between them in
// long help): checked against a clap twin of the demo when written.

const GLOBALS: &str = "\
Global Options:
  -v, --verbose...  More output per occurrence (-v info, -vv debug, -vvv trace)
  -q, --quiet       Less output (errors only)
";

const ROOT_HELP: &str = "\
Demo of flash

Usage: demo [OPTIONS] <COMMAND>

Commands:
  greet        Greet someone [alias: hi]
  add          Add numbers and print the sum
  sizes        Print the size of every file, reading them concurrently
  fail         Fail on purpose, to show the cause chain
  remote       Manage remotes
  completions  Print the completion script for a shell
  help         Print this message or the help of the given subcommand(s)

Options:
  -h, --help     Print help
  -V, --version  Print version

";

#[test]
fn root_help_by_every_spelling_is_the_same_page_on_stdout() {
    let page = [ROOT_HELP, GLOBALS].concat();
    for spelling in [["--help"], ["-h"], ["help"]] {
        demo(spelling).code(0).no_stderr().stdout_is(&page);
    }
    assert_aligned(&page, &["Commands:"]);
    assert_aligned(&page, &["Options:"]);
}

const GREET_LONG: &str = "\
Greet someone.

Prints one greeting per `--times`, in capitals with `--loud`.

Usage: demo greet [OPTIONS] [NAME]

Arguments:
  [NAME]
          Who to greet
          
          [default: world]

Options:
  -l, --loud
          Shout the greeting

  -n, --times <TIMES>
          How many times
          
          [default: 1]

      --style <STYLE>
          Greeting style
          
          [default: plain]
          [possible values: plain, fancy]

  -h, --help
          Print help (see a summary with '-h')

Global Options:
  -v, --verbose...
          More output per occurrence (-v info, -vv debug, -vvv trace)

  -q, --quiet
          Less output (errors only)
";

#[test]
fn command_help_by_every_spelling_shows_long_help() {
    for argv in [
        &["greet", "--help"][..],
        &["help", "greet"],
        &["hi", "--help"],
        &["help", "hi"],
    ] {
        run("demo", argv).code(0).no_stderr().stdout_is(GREET_LONG);
    }
}

#[test]
fn short_help_shows_only_the_first_paragraph() {
    let page = "\
Greet someone

Usage: demo greet [OPTIONS] [NAME]

Arguments:
  [NAME]  Who to greet [default: world]

Options:
  -l, --loud           Shout the greeting
  -n, --times <TIMES>  How many times [default: 1]
      --style <STYLE>  Greeting style [default: plain] [possible values: plain, fancy]
  -h, --help           Print help (see more with '--help')

";
    demo(["greet", "-h"])
        .code(0)
        .no_stderr()
        .stdout_is(&[page, GLOBALS].concat());
}

#[test]
fn nested_command_help() {
    let page = [
        "\
Remove a remote

Usage: demo remote rm [OPTIONS] <NAME>

Arguments:
  <NAME>  Remote name

Options:
  -h, --help  Print help

",
        GLOBALS,
    ]
    .concat();
    for argv in [
        &["help", "remote", "rm"][..],
        &["remote", "rm", "--help"],
        &["remote", "help", "rm"],
        &["remote", "remove", "--help"],
        &["help", "remote", "remove"],
    ] {
        run("demo", argv).code(0).no_stderr().stdout_is(&page);
    }

    let add = [
        "\
Add a remote

Usage: demo remote add [OPTIONS] <NAME> <URL>

Arguments:
  <NAME>  Remote name
  <URL>   Remote URL

Options:
  -f, --fetch  Fetch after adding
  -h, --help   Print help

",
        GLOBALS,
    ]
    .concat();
    demo(["remote", "add", "--help"])
        .code(0)
        .no_stderr()
        .stdout_is(&add);
}

const REMOTE_HELP: &str = "\
Manage remotes

Usage: demo remote [OPTIONS] <COMMAND>

Commands:
  add   Add a remote
  rm    Remove a remote [alias: remove]
  help  Print this message or the help of the given subcommand(s)

Options:
  -h, --help  Print help

";

#[test]
fn group_help() {
    let page = [REMOTE_HELP, GLOBALS].concat();
    for argv in [
        &["remote", "--help"][..],
        &["remote", "-h"],
        &["help", "remote"],
        &["remote", "help"],
    ] {
        run("demo", argv).code(0).no_stderr().stdout_is(&page);
    }
}

#[test]
fn async_command_help_lists_runtime_options_with_command_defaults() {
    // `#[cmd(max_concurrency = 4)]` is the default shown, not flash's 10;
    // a help too long for its column wraps under it.
    let page = [
        "\
Print the size of every file, reading them concurrently

Usage: demo sizes [OPTIONS] <FILES>...

Arguments:
  <FILES>...  Files to read

Options:
  -h, --help  Print help

Runtime Options:
      --timeout <DURATION>   Cancel the command after this long and exit 124 (e.g. 500ms, 30s, 2m;
                             0: none)
      --max-concurrency <N>  Most tasks the command runs at once [default: 4]
      --memory-limit <SIZE>  Fail the command when it uses more memory than this (e.g. 64MiB)
      --metrics              Print the async performance report on stderr at exit

",
        GLOBALS,
    ]
    .concat();
    demo(["sizes", "--help"])
        .code(0)
        .no_stderr()
        .stdout_is(&page);
}

#[test]
fn help_shows_env_and_default() {
    let page = [
        "\
Fail on purpose, to show the cause chain

Usage: demo fail [OPTIONS]

Options:
      --reason <REASON>  What to say went wrong [env: DEMO_REASON] [default: disk on fire]
  -h, --help             Print help

",
        GLOBALS,
    ]
    .concat();
    demo(["fail", "--help"])
        .code(0)
        .no_stderr()
        .stdout_is(&page);
}

#[test]
fn no_arguments_prints_help_on_stderr_and_exits_2() {
    demo([])
        .code(2)
        .no_stdout()
        .stderr_is(&[ROOT_HELP, GLOBALS].concat());
    demo(["remote"])
        .code(2)
        .no_stdout()
        .stderr_is(&[REMOTE_HELP, GLOBALS].concat());
    // Something given, but no command: clap's error, not the help.
    demo(["-v"])
        .usage_error(ROOT_USAGE)
        .stderr_has("error: 'demo' requires a subcommand but one was not provided\n  [subcommands: greet, add, sizes, fail, remote, completions, help]\n");
}

#[test]
fn help_of_help() {
    demo(["help", "help"]).code(0).no_stderr().stdout_is(
        "\
Print this message or the help of the given subcommand(s)

Usage: demo help [COMMAND]...

Arguments:
  [COMMAND]...  Print help for the subcommand(s)
",
    );
}

#[test]
fn help_with_a_trailing_unknown_name_is_an_error() {
    // As clap: every word after `help` names a command.
    demo(["help", "greet", "extra"])
        .usage_error(GREET_USAGE)
        .stderr_has("error: unrecognized subcommand 'extra'\n");
}

#[test]
fn root_short_flags_cluster_with_help_and_version() {
    demo(["-vh"])
        .code(0)
        .no_stderr()
        .stdout_is(&[ROOT_HELP, GLOBALS].concat());
    demo(["-qV"]).code(0).no_stderr().stdout_is("demo 0.1.0\n");
}

#[test]
fn help_of_an_unknown_command() {
    demo(["help", "nope"])
        .usage_error(ROOT_USAGE)
        .stderr_has("error: unrecognized subcommand 'nope'\n");
    demo(["help", "gret"])
        .usage_error(ROOT_USAGE)
        .stderr_has("tip: a similar subcommand exists: 'greet'");
    demo(["help", "remote", "rmm"])
        .usage_error("demo remote [OPTIONS] <COMMAND>")
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
    demo(["remote", "--version"]).usage_error("demo remote [OPTIONS] <COMMAND>");
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

    demo(["greet", "--style=bad"]).value_error().stderr_is(
        "error: invalid value 'bad' for '--style <STYLE>'\n  [possible values: plain, fancy]\n\nFor more information, try '--help'.\n",
    );
    demo(["greet", "--style", "fancyy"]).value_error().stderr_is(
        "error: invalid value 'fancyy' for '--style <STYLE>'\n  [possible values: plain, fancy]\n\n  tip: a similar value exists: 'fancy'\n\nFor more information, try '--help'.\n",
    );
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
        .value_error()
        .stderr_has("error: invalid value '0' for '--max-concurrency <N>': must be at least 1\n");
    demo(["sizes", "--timeout", "abc", a_s])
        .value_error()
        .stderr_has("invalid value 'abc' for '--timeout <DURATION>'");
    demo(["sizes", "--memory-limit", "lots", a_s])
        .value_error()
        .stderr_has("--memory-limit");
    demo(["sizes", "--bogus", a_s])
        .usage_error(sizes_usage)
        .stderr_has("'--bogus'");
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
        .usage_error("demo remote [OPTIONS] <COMMAND>")
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
    // clap's usage line for a near miss shows it as given.
    let out = demo(["greet", "--lod"]);
    out.usage_error("demo greet --loud [NAME]");
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
    // clap's usage line of a missing argument names what is required and
    // what was given, without `[OPTIONS]`.
    demo(["add"]).usage_error("demo add <NUMBERS>...").stderr_is(
        "error: the following required arguments were not provided:\n  <NUMBERS>...\n\nUsage: demo add <NUMBERS>...\n\nFor more information, try '--help'.\n",
    );
    let out = demo(["remote", "add", "origin"]);
    out.usage_error("demo remote add <NAME> <URL>")
        .stderr_has("not provided:\n  <URL>\n");
    assert!(
        !out.stderr.contains("  <NAME>\n"),
        "NAME was given: {out:#?}"
    );
    demo(["remote", "rm"])
        .usage_error("demo remote rm <NAME>")
        .stderr_has("<NAME>");
}

#[test]
fn missing_value() {
    for argv in [
        &["greet", "--times"][..],
        &["greet", "-n"],
        &["greet", "--times", "--loud"],
    ] {
        run("demo", argv).value_error().stderr_is(
            "error: a value is required for '--times <TIMES>' but none was supplied\n\nFor more information, try '--help'.\n",
        );
    }
    // The possible values are listed, as clap lists them.
    demo(["greet", "--style"]).value_error().stderr_is(
        "error: a value is required for '--style <STYLE>' but none was supplied\n  [possible values: plain, fancy]\n\nFor more information, try '--help'.\n",
    );
}

#[test]
fn invalid_value() {
    demo(["greet", "--times", "abc"]).value_error().stderr_is(
        "error: invalid value 'abc' for '--times <TIMES>': invalid digit found in string\n\nFor more information, try '--help'.\n",
    );
    demo(["greet", "-n", "-1"]).value_error().stderr_has("'-1'");
    demo(["add", "1", "x"])
        .value_error()
        .stderr_has("invalid value 'x' for '<NUMBERS>...'");
}

#[test]
fn too_many_positionals() {
    demo(["greet", "a", "b"])
        .usage_error(GREET_USAGE)
        .stderr_has("unexpected argument 'b'");
    demo(["remote", "rm", "a", "b"])
        .usage_error("demo remote rm [OPTIONS] <NAME>")
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
