//! The app of this crate run as a user runs it: a signal to a command that
//! awaits cancellation ends it with 128 + the signal's number, its scoped
//! temp file gone and its `after` hook run; past the grace period a command
//! that never yields is ended with the same code; a deadline exits 124
//! with `after` run; a panic prints `error: the command panicked: …` once
//! (not Rust's own report as well) and exits 101, with `--metrics`.
//!
//! Every signal waits for the command's `ready` line (its handlers are in
//! place by then), never a sleep; nothing is timed.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

fn facade(args: &[&str], marker: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_facade"));
    cmd.args(args)
        .env("FACADE_MARKER", marker)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// A fresh directory for one case.
fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flash-facade-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Reads the command's `ready` line: its signal handlers are in place.
fn wait_ready(child: &mut Child) {
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read stdout");
    assert_eq!(line, "ready\n", "the command did not start");
}

fn send(child: &Child, signal: &str) {
    let status = Command::new("sh")
        .args(["-c", "kill -s \"$1\" \"$2\"", "sh", signal])
        .arg(child.id().to_string())
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -s {signal}");
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names left in `dir` but `marker`.
fn left(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "marker")
        .collect();
    names.sort();
    names
}

#[test]
fn each_signal_exits_128_plus_its_number_after_the_after_hook() {
    for (signal, number) in [("INT", 2), ("TERM", 15), ("HUP", 1), ("QUIT", 3)] {
        let dir = dir(&format!("sig-{signal}"));
        let marker = dir.join("marker");
        let mut child = facade(&["wait", dir.to_str().expect("UTF-8")], &marker)
            .spawn()
            .expect("spawn");
        wait_ready(&mut child);
        send(&child, signal);
        let out = child.wait_with_output().expect("wait");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(128 + number), "SIG{signal}: {err}");
        assert!(
            err.contains(&format!("error: cancelled by SIG{signal}\n")),
            "{err}"
        );
        assert!(err.contains("after ran: wait\n"), "SIG{signal}: {err}");
        assert_eq!(
            std::fs::read_to_string(&marker).ok().as_deref(),
            Some("wait")
        );
        assert!(left(&dir).is_empty(), "SIG{signal}: {:?}", left(&dir));
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}

#[test]
fn a_command_that_never_yields_is_ended_with_the_signals_code() {
    let dir = dir("stubborn");
    let marker = dir.join("marker");
    let mut child = facade(&["stubborn"], &marker).spawn().expect("spawn");
    wait_ready(&mut child);
    send(&child, "TERM");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: cancelled by SIGTERM\n"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_deadline_exits_124_after_the_after_hook() {
    let dir = dir("deadline");
    let marker = dir.join("marker");
    let out = facade(
        &["wait", dir.to_str().expect("UTF-8"), "--timeout", "50ms"],
        &marker,
    )
    .output()
    .expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(124), "{err}");
    assert!(err.contains("error: timed out after 50ms\n"), "{err}");
    assert!(err.contains("after ran: wait\n"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&marker).ok().as_deref(),
        Some("wait")
    );
    assert!(left(&dir).is_empty(), "{:?}", left(&dir));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_panic_is_reported_once_and_exits_101() {
    let dir = dir("panic");
    let marker = dir.join("marker");
    let out = facade(&["boom"], &marker).output().expect("run");
    assert_eq!(out.status.code(), Some(101));
    assert_eq!(
        stderr(&out),
        "error: the command panicked: sync boom\nafter ran: boom\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "before\n");
    assert_eq!(
        std::fs::read_to_string(&marker).ok().as_deref(),
        Some("boom")
    );

    let out = facade(&["aboom", "--metrics"], &marker)
        .output()
        .expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(101), "{err}");
    assert!(
        err.starts_with("after ran: aboom\nasync performance report (io model)\n"),
        "{err}"
    );
    assert!(
        err.ends_with("error: the command panicked: async boom\n"),
        "{err}"
    );
    assert!(!err.contains("panicked at"), "{err}");
    // The report is for the app's user: no build hints.
    assert!(!err.contains("RUSTFLAGS"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&marker).ok().as_deref(),
        Some("aboom")
    );

    let out = facade(&["task-boom"], &marker).output().expect("run");
    assert_eq!(out.status.code(), Some(101));
    assert_eq!(
        stderr(&out),
        "after ran: task-boom\nerror: the command panicked: task boom\n"
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn rust_backtrace_brings_rusts_own_report_back() {
    let dir = dir("backtrace");
    let out = facade(&["boom"], &dir.join("marker"))
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(101), "{err}");
    assert!(err.contains("panicked at"), "{err}");
    assert!(
        err.contains("error: the command panicked: sync boom\n"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
