//! Every app shape, through example binaries run as a user would: a
//! program that takes its own arguments (`grep`), one with a root command,
//! commands and plugins (`vcs`), and one binary under many names
//! (`busybox`).

mod common;

use std::path::Path;

use common::{example, example_path, run, run_command, Run};

fn grep(args: &[&str]) -> Run {
    run("grep", args)
}

fn vcs(args: &[&str]) -> Run {
    run("vcs", args)
}

// ------------------------------------------------------------------ root

#[test]
fn a_root_app_takes_its_own_arguments_and_options() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "Hello\nworld\nhello again\n").expect("write");
    let a = a.to_str().expect("UTF-8 path");
    grep(&["-i", "hello", a])
        .code(0)
        .no_stderr()
        .stdout_is("Hello\nhello again\n");
    // Options anywhere, clustered, a heading of their own.
    grep(&["hello", a, "-iA1"])
        .code(0)
        .stdout_is("Hello\nworld\nhello again\n");
    grep(&["-ci", "hello", a, a]).code(0).stdout_is("4\n");
    // `--color` alone is `always`; `--color=never`; a value must be
    // attached: `--color never` leaves `never` a positional.
    grep(&["--color", "again", a])
        .code(0)
        .stdout_is("hello \u{1b}[1;31magain\u{1b}[0m\n");
    grep(&["--color=never", "again", a])
        .code(0)
        .stdout_is("hello again\n");
    grep(&["--color", "never", a])
        .code(1)
        .stderr_is("error: no match\n");
}

#[test]
fn a_root_app_has_no_command_namespace() {
    // `help` and `completions` are words like any other: the pattern.
    let mut cmd = example("grep");
    cmd.arg("help").stdin(std::process::Stdio::piped());
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(b"no\nhelp me\n").expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "help me\n");
    let help = grep(&["--help"]);
    help.code(0).no_stderr();
    assert!(!help.stdout.contains("Commands:"), "{}", help.stdout);
    assert!(!help.stdout.contains("completions"), "{}", help.stdout);
}

/// clap 4.6's words for an unknown flag where the program takes
/// positionals (checked against a clap twin of this app): how to pass it
/// as a value, or the near miss with a usage line that shows it given. A
/// sync app with no async command takes no runtime option.
#[test]
fn a_root_apps_unknown_flags_are_reported_as_clap_reports_them() {
    let usage =
        "Usage: grep [OPTIONS] <PATTERN> [PATHS]...\n\nFor more information, try '--help'.\n";
    grep(&["--timeout", "1s", "x"]).code(2).stderr_is(&format!(
        "error: unexpected argument '--timeout' found\n\n  tip: to pass '--timeout' as a value, use '-- --timeout'\n\n{usage}"
    ));
    grep(&["-ix", "x"]).code(2).stderr_is(&format!(
        "error: unexpected argument '-x' found\n\n  tip: to pass '-x' as a value, use '-- -x'\n\n{usage}"
    ));
    grep(&["x", "--coun"]).code(2).stderr_is(
        "error: unexpected argument '--coun' found\n\n  tip: a similar argument exists: '--count'\n\n\
         Usage: grep --count <PATTERN> [PATHS]...\n\nFor more information, try '--help'.\n",
    );
}

#[test]
fn a_root_apps_help_is_the_programs() {
    grep(&["-h"]).code(0).no_stderr().stdout_is(
        "\
Search files for a pattern

Usage: grep [OPTIONS] <PATTERN> [PATHS]...

Arguments:
  <PATTERN>   The text to look for
  [PATHS]...  Files to search (stdin when none)

Options:
  -i, --ignore-case     Ignore case
  -c, --count           Print only how many lines match
      --color[=<WHEN>]  Colour the matches (alone: always) [default: auto] [possible values: always,
                        auto, never]
  -h, --help            Print help (see more with '--help')
  -V, --version         Print version

Context:
  -A, --after-context <NUM>  Show this many lines after each match
",
    );
    grep(&["--version"]).code(0).stdout_is("grep 1.0.0\n");
    // Missing the pattern: clap's error, with the usage of what is required.
    grep(&[]).usage_error("grep <PATTERN> [PATHS]...").stderr_is(
        "error: the following required arguments were not provided:\n  <PATTERN>\n\nUsage: grep <PATTERN> [PATHS]...\n\nFor more information, try '--help'.\n",
    );
    // A near miss: clap's usage line shows it as given.
    grep(&["--colr", "x"])
        .usage_error("grep --color[=<WHEN>] <PATTERN> [PATHS]...")
        .stderr_has("tip: a similar argument exists: '--color'");
}

// --------------------------------------------------- root, commands, plugins

#[test]
fn no_command_runs_the_root_and_a_command_name_selects_the_command() {
    vcs(&[])
        .code(0)
        .no_stderr()
        .stdout_is("status of . (long)\n");
    vcs(&["-s"]).code(0).stdout_is("status of . (short)\n");
    vcs(&["-C", "/tmp", "--short"])
        .code(0)
        .stdout_is("status of /tmp (short)\n");
    vcs(&["add", "a", "b", "-A"])
        .code(0)
        .stdout_is("add a (all)\nadd b (all)\n");
    vcs(&["-C", "x", "ci", "-m", "hi"])
        .code(0)
        .stdout_is("commit \"hi\"\n");
    // The root's own option, then a command: the root would not run.
    vcs(&["-s", "add", "x"])
        .usage_error("vcs [OPTIONS] [COMMAND]")
        .stderr_has("error: the subcommand 'add' cannot be used with '--short'\n");
}

#[test]
fn the_root_help_lists_the_commands_beside_the_roots_options() {
    vcs(&["--help"]).code(0).no_stderr().stdout_is(
        "\
A tiny version control tool

Usage: vcs [OPTIONS] [COMMAND]

Commands:
  add          Add files to the next commit
  commit       Record changes [alias: ci]
  completions  Print the completion script for a shell
  help         Print this message or the help of the given subcommand(s)

Options:
  -s, --short    Give the output in the short format
  -h, --help     Print help
  -V, --version  Print version

Global Options:
  -C, --dir <DIR>  Run as if started in this directory [default: .]
",
    );
}

#[test]
fn every_command_answers_version_with_propagate_version() {
    vcs(&["--version"]).code(0).stdout_is("vcs 0.3.0\n");
    vcs(&["add", "--version"])
        .code(0)
        .stdout_is("vcs-add 0.3.0\n");
    vcs(&["commit", "-V"])
        .code(0)
        .stdout_is("vcs-commit 0.3.0\n");
}

#[test]
fn help_if_no_args_on_a_command() {
    let out = vcs(&["add"]);
    out.code(2).no_stdout();
    assert!(
        out.stderr
            .starts_with("Add files to the next commit\n\nUsage: vcs add [OPTIONS] <PATHS>...\n"),
        "{out:#?}"
    );
}

#[test]
fn an_unknown_command_runs_the_plugin_with_the_rest_raw() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plugin = dir.path().join("vcs-hello");
    std::fs::write(&plugin, "#!/bin/sh\necho \"plugin got: $*\"\n").expect("write");
    make_executable(&plugin);
    let mut cmd = example("vcs");
    let path = std::env::join_paths(std::iter::once(dir.path().to_owned()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    cmd.env("PATH", path)
        .args(["hello", "--force", "-x", "a b"]);
    run_command(cmd)
        .code(0)
        .no_stderr()
        .stdout_is("plugin got: --force -x a b\n");
    // No such plugin: the handler's error, with its cause.
    vcs(&["nope", "x"])
        .code(1)
        .stderr_has("error: cannot run `vcs-nope` (no such command `nope`)\n");
    // Help lists no extra command.
    assert!(!vcs(&["-h"]).stdout.contains("plugin"));
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = std::fs::metadata(path).expect("meta").permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(path, perms).expect("chmod");
}

// ------------------------------------------------------------- multicall

/// A link to the busybox example named `name`, in `dir`.
fn applet(dir: &Path, name: &str) -> std::path::PathBuf {
    let link = dir.join(name);
    std::os::unix::fs::symlink(example_path("busybox"), &link).expect("symlink");
    link
}

fn run_as(path: &Path, args: &[&str]) -> Run {
    let mut cmd = std::process::Command::new(path);
    cmd.args(args).stdin(std::process::Stdio::null());
    run_command(cmd)
}

#[test]
fn the_name_it_runs_as_picks_the_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    run_as(&applet(dir.path(), "true"), &[]).code(0).no_stdout();
    run_as(&applet(dir.path(), "false"), &[])
        .code(1)
        .stderr_is("error: false\n");
    let echo = applet(dir.path(), "echo");
    run_as(&echo, &["-n", "hi", "there"])
        .code(0)
        .stdout_is("hi there");
    // Its help and errors name it as it was run.
    run_as(&echo, &["--help"])
        .code(0)
        .stdout_has("Usage: echo [OPTIONS] [WORDS]...\n");
    run_as(&echo, &["--nope"])
        .usage_error("echo [OPTIONS] [WORDS]...")
        .stderr_has("'--nope'");
}

#[test]
fn under_its_own_name_it_takes_the_command_first() {
    run("busybox", ["echo", "a", "b"])
        .code(0)
        .stdout_is("a b\n");
    run("busybox", ["true"]).code(0);
    // Any other name that names no command: as under its own.
    let dir = tempfile::tempdir().expect("temp dir");
    run_as(&applet(dir.path(), "box"), &["echo", "x"])
        .code(0)
        .stdout_is("x\n");
    // help_if_no_args: the app's help on stderr.
    let bare = run("busybox", std::iter::empty::<&str>());
    bare.code(2).no_stdout();
    assert!(
        bare.stderr
            .starts_with("Many small tools in one binary\n\nUsage: busybox <COMMAND>\n"),
        "{bare:#?}"
    );
}
