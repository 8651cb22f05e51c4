//! Colour: never when piped, never with `NO_COLOR`, ANSI styles on a
//! terminal. The terminal is a pty from util-linux `script`; where `script`
//! is missing the terminal cases are skipped with a note.

mod common;

use std::process::{Command, Stdio};

use common::{example_path, run, run_env, Run};

const ESC: char = '\x1b';

fn assert_plain(out: &Run, what: &str) {
    assert!(
        !out.stdout.contains(ESC) && !out.stderr.contains(ESC),
        "{what}: escape codes in piped output: {out:#?}"
    );
}

#[test]
fn piped_output_has_no_colour() {
    for argv in [
        &["--help"][..],
        &["greet", "--help"],
        &["sizes", "-h"],
        &["help", "remote"],
        &[],
        &["gret"],
        &["greet", "--lod"],
        &["fail"],
    ] {
        let out = run("demo", argv);
        assert!(
            !out.stdout.is_empty() || !out.stderr.is_empty(),
            "{argv:?} printed nothing"
        );
        assert_plain(&out, &format!("demo {}", argv.join(" ")));
    }
}

/// Whether util-linux `script` is here to give a child a pty.
fn have_script() -> bool {
    let found = Command::new("script")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("note: util-linux `script` not found; terminal colour cases skipped");
    }
    found
}

/// Runs `demo ARGS` on a pty (stdout and stderr both the terminal) and
/// returns what the terminal showed and the exit code of `demo`.
fn on_terminal(args: &str, no_color: bool) -> (String, Option<i32>) {
    let bin = example_path("demo");
    let line = format!("'{}' {args}", bin.display());
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::null())
        .env_remove("CLICOLOR_FORCE")
        .env_remove("DEMO_REASON")
        .env("TERM", "xterm-256color");
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd.output().expect("script runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn help_is_styled_on_a_terminal() {
    if !have_script() {
        return;
    }
    let (shown, code) = on_terminal("--help", false);
    assert_eq!(code, Some(0), "{shown}");
    assert!(
        shown.contains("\x1b[1m\x1b[4mUsage:\x1b[0m"),
        "bold underlined heading:\n{shown:?}"
    );
    assert!(
        shown.contains("\x1b[1m\x1b[4mCommands:\x1b[0m"),
        "{shown:?}"
    );
    assert!(
        shown.contains("\x1b[1mgreet\x1b[0m"),
        "bold command name:\n{shown:?}"
    );
    // The text itself is the same as the plain page once styles are removed.
    let plain = run("demo", ["--help"]).stdout;
    assert_eq!(strip_ansi(&shown).replace("\r\n", "\n"), plain);

    let (shown, code) = on_terminal("greet --help", false);
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("\x1b[1m\x1b[4mOptions:\x1b[0m"), "{shown:?}");
    assert!(shown.contains(ESC), "{shown:?}");
    let plain = run("demo", ["greet", "--help"]).stdout;
    assert_eq!(strip_ansi(&shown).replace("\r\n", "\n"), plain);
}

#[test]
fn errors_are_styled_on_a_terminal() {
    if !have_script() {
        return;
    }
    let (shown, code) = on_terminal("gret", false);
    assert_eq!(code, Some(2), "{shown}");
    assert!(shown.contains("\x1b[31m"), "red error label:\n{shown:?}");
    assert!(
        strip_ansi(&shown).starts_with("error: unrecognized subcommand 'gret'"),
        "{shown:?}"
    );

    let (shown, code) = on_terminal("fail", false);
    assert_eq!(code, Some(1), "{shown}");
    assert!(shown.contains("\x1b[31m"), "{shown:?}");
    assert!(
        strip_ansi(&shown).contains("caused by: disk on fire"),
        "{shown:?}"
    );
}

#[test]
fn no_color_wins_on_a_terminal() {
    if !have_script() {
        return;
    }
    for (args, expected) in [
        ("--help", 0),
        ("greet --help", 0),
        ("gret", 2),
        ("fail", 1),
        ("", 2),
    ] {
        let (shown, code) = on_terminal(args, true);
        assert_eq!(code, Some(expected), "demo {args}: {shown}");
        assert!(!shown.is_empty(), "demo {args} showed nothing");
        assert!(
            !shown.contains(ESC),
            "NO_COLOR set, yet styled: demo {args}\n{shown:?}"
        );
    }
}

#[test]
fn no_color_when_piped_even_if_set_oddly() {
    // NO_COLOR with piped output: still plain (both reasons hold).
    let out = run_env("demo", ["--help"], &[("NO_COLOR", "1")]);
    out.code(0);
    assert_plain(&out, "NO_COLOR=1 demo --help");
}

/// Removes `ESC [ … m` sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == ESC {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
