//! What happens when an output fails, through the built `demo` example:
//! a full device is an error naming stdout (exit 1), even for help and
//! version and for a handler using `println!`; a closed pipe (`… | head`)
//! ends the command quietly, with the code a shell shows for `cat`.

mod common;

use std::process::{Command, Stdio};

use common::{example_path, Run};

/// Runs `demo ARGS` in bash with its stdout sent to `redirect` (a shell
/// redirection or pipe), returning demo's exit code and stderr.
fn demo_into(args: &str, redirect: &str) -> Run {
    let bin = example_path("demo");
    // demo's stderr goes to fd 3, then to this test; its exit code is
    // printed by bash after the pipeline (`PIPESTATUS`).
    let script = format!(
        "'{}' {args} 2>&3 {redirect}; echo \"code=${{PIPESTATUS[0]}}\"",
        bin.display()
    );
    let out = Command::new("bash")
        .args(["-c", &format!("exec 3>&2; {{ {script} ; }}")])
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let code = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("code="))
        .and_then(|c| c.parse().ok());
    Run {
        code,
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout_bytes: out.stdout,
    }
}

const FULL: &str = "error: stdout: No space left on device (os error 28)\n";

#[test]
fn help_and_version_on_a_full_device_are_an_error() {
    for args in ["--help", "--version", "greet --help", "help remote"] {
        let run = demo_into(args, "> /dev/full");
        run.code(1);
        assert_eq!(run.stderr, FULL, "demo {args}: {run:#?}");
    }
}

#[test]
fn a_handler_writing_through_the_context_to_a_full_device_names_stdout() {
    let run = demo_into("add 1 2", "> /dev/full");
    run.code(1);
    assert_eq!(run.stderr, FULL, "{run:#?}");
}

#[test]
fn a_handler_using_println_on_a_full_device_does_not_panic() {
    let run = demo_into("greet ada", "> /dev/full");
    run.code(1);
    assert_eq!(run.stderr, FULL, "{run:#?}");
}

#[test]
fn a_closed_pipe_ends_a_println_handler_quietly() {
    let run = demo_into("greet ada --times 200000", "| head -c 10 > /dev/null");
    run.code(141);
    assert_eq!(run.stderr, "", "{run:#?}");
}

#[test]
fn a_closed_pipe_ends_an_async_handler_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        let path = dir
            .path()
            .join(format!("file-with-a-long-enough-name-{i:05}"));
        std::fs::write(&path, b"x").unwrap();
    }
    // Some 200 KiB of output: more than a pipe holds once `head` is gone.
    let glob = format!("sizes '{}'/*", dir.path().display());
    let run = demo_into(&glob, "| head -c 10 > /dev/null");
    run.code(141);
    assert_eq!(run.stderr, "", "{run:#?}");
}

#[test]
fn a_full_stdout_after_the_handler_succeeded_is_still_an_error() {
    // One short line: it is still in stdout's buffer when the handler
    // returns; the exit flushes it and fails.
    let run = demo_into("remote add origin https://example.com", "> /dev/full");
    run.code(1);
    assert_eq!(run.stderr, FULL, "{run:#?}");
}
