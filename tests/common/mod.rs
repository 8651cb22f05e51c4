//! Shared helpers for the behaviour tests: find the built example binaries
//! and run them as a user would (argv in; stdout, stderr and exit code out).

#![allow(dead_code)] // each test crate uses its own subset

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `target/<profile>/examples/<name>`: this test binary is
/// `target/<profile>/deps/<test>-<hash>`, and cargo builds the examples of
/// the package before it runs its integration tests.
pub fn example_path(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps");
    let bin = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is not built; run the tests through `cargo test`",
        bin.display()
    );
    // `cargo test --test NAME` does not (re)build examples: catch the stale
    // binary we can prove stale rather than test yesterday's program.
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{name}.rs"));
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(src), Some(built)) = (modified(&source), modified(&bin)) {
        assert!(
            src <= built,
            "{} is newer than {}: cargo builds examples only without a target filter; \
             run `cargo build --examples` first, or plain `cargo test`",
            source.display(),
            bin.display()
        );
    }
    bin
}

/// A `Command` for the example `name` with a clean, predictable environment:
/// no colour overrides, no logging, none of the demo's env fallbacks, stdin
/// closed (a test must never wait for input).
pub fn example(name: &str) -> Command {
    let mut cmd = Command::new(example_path(name));
    for var in [
        "NO_COLOR",
        "CLICOLOR_FORCE",
        "FORCE_COLOR",
        "RUST_LOG",
        "DEMO_REASON",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(var);
    }
    cmd.stdin(Stdio::null());
    cmd
}

/// What one run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` only when killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub stdout_bytes: Vec<u8>,
}

impl Run {
    /// Asserts the exit code, showing the whole run when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(expected),
            "unexpected exit code; run: {self:#?}"
        );
        self
    }

    /// Asserts stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}; run: {self:#?}"
        );
        self
    }

    /// Asserts stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}; run: {self:#?}"
        );
        self
    }

    /// Asserts stdout is exactly `text`.
    #[track_caller]
    pub fn stdout_is(&self, text: &str) -> &Self {
        assert_eq!(self.stdout, text, "stdout differs; run: {self:#?}");
        self
    }

    /// Asserts stderr is exactly `text`.
    #[track_caller]
    pub fn stderr_is(&self, text: &str) -> &Self {
        assert_eq!(self.stderr, text, "stderr differs; run: {self:#?}");
        self
    }

    /// Asserts nothing was printed on stdout.
    #[track_caller]
    pub fn no_stdout(&self) -> &Self {
        self.stdout_is("")
    }

    /// Asserts nothing was printed on stderr.
    #[track_caller]
    pub fn no_stderr(&self) -> &Self {
        self.stderr_is("")
    }

    /// Asserts the shape of a usage error: one `error: …` first line on
    /// stderr, the usage line `usage`, the pointer to `--help`, nothing on
    /// stdout, exit 2.
    #[track_caller]
    pub fn usage_error(&self, usage: &str) -> &Self {
        self.code(2).no_stdout();
        assert!(
            self.stderr.starts_with("error: "),
            "a usage error starts with `error: `; run: {self:#?}"
        );
        assert!(
            self.stderr.lines().any(|l| l == format!("Usage: {usage}")),
            "usage line `Usage: {usage}` missing; run: {self:#?}"
        );
        assert!(
            self.stderr
                .ends_with("For more information, try '--help'.\n"),
            "usage error should end with the --help pointer; run: {self:#?}"
        );
        assert!(!self.stderr.contains("panicked"), "panic; run: {self:#?}");
        self
    }
}

impl Run {
    /// Asserts the shape of clap's error for a value: one `error: …`
    /// first line (and the possible values or a tip under it), no usage
    /// line, the pointer to `--help`, nothing on stdout, exit 2.
    #[track_caller]
    pub fn value_error(&self) -> &Self {
        self.code(2).no_stdout();
        assert!(
            self.stderr.starts_with("error: "),
            "a usage error starts with `error: `; run: {self:#?}"
        );
        assert!(
            !self.stderr.contains("Usage:"),
            "clap shows no usage line for a bad value; run: {self:#?}"
        );
        assert!(
            self.stderr
                .ends_with("\n\nFor more information, try '--help'.\n"),
            "usage error should end with the --help pointer; run: {self:#?}"
        );
        assert!(!self.stderr.contains("panicked"), "panic; run: {self:#?}");
        self
    }
}

/// Runs `cmd` to completion and collects its output.
pub fn run_command(mut cmd: Command) -> Run {
    let out = cmd.output().expect("the example binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout_bytes: out.stdout,
    }
}

/// Runs the example `name` with `args`.
pub fn run<I, S>(name: &str, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = example(name);
    cmd.args(args);
    run_command(cmd)
}

/// Runs the example `name` with `args` and extra environment variables.
pub fn run_env<I, S>(name: &str, args: I, env: &[(&str, &str)]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = example(name);
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run_command(cmd)
}

/// The body lines of a help section (`Options:` …) up to the next blank line.
pub fn section<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = help.lines().skip_while(|l| *l != heading);
    assert!(lines.next().is_some(), "no `{heading}` section in:\n{help}");
    lines.take_while(|l| !l.is_empty()).collect()
}

/// Where the description column starts in a help row `  -n, --times <T>  text`:
/// after the first run of two or more spaces that follows the left column.
/// `None` for a row with no description.
pub fn description_column(row: &str) -> Option<usize> {
    let start = row.len() - row.trim_start().len();
    let gap = row[start..].find("  ")? + start;
    let text = row[gap..].find(|c: char| c != ' ')? + gap;
    Some(row[..text].chars().count())
}

/// Asserts every row of every listed section starts its description in the
/// same column (clap aligns all sections of one help page together).
#[track_caller]
pub fn assert_aligned(help: &str, headings: &[&str]) {
    let mut columns = Vec::new();
    for heading in headings {
        for row in section(help, heading) {
            assert!(
                row.starts_with("  "),
                "row of {heading} is not indented: {row:?}\n{help}"
            );
            let col = description_column(row)
                .unwrap_or_else(|| panic!("row without description: {row:?}\n{help}"));
            columns.push((col, row));
        }
    }
    let first = columns.first().expect("at least one row").0;
    for (col, row) in &columns {
        assert_eq!(*col, first, "misaligned row {row:?} in:\n{help}");
    }
}
