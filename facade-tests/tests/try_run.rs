//! `try_run_from` from a crate that depends on flash alone: every run is
//! its own (its `-v` level, its log lines, its outputs) even with runs on
//! two threads at once; a retried `with_timeout`; panics as outcomes; a
//! prompt that never reads the terminal; an app's own subscriber.

use flash::Outcome;
use flash_facade_tests::{app, quiet_app};

fn run(args: &[&str]) -> Outcome {
    app().try_run_from(std::iter::once("facade").chain(args.iter().copied()))
}

/// The levels a run's stderr shows for run `n` of `from`.
fn levels(out: &Outcome, from: &str, n: u32) -> Vec<&'static str> {
    ["ERROR", "WARN", "INFO", "DEBUG", "TRACE"]
        .into_iter()
        .filter(|level| {
            let line = format!("{} {from} {n}", level.to_lowercase());
            out.stderr
                .lines()
                .any(|l| l.contains(&format!(" {level} ")) && l.ends_with(&line))
        })
        .collect()
}

/// The lines of `out`'s stderr that name a run other than `n`.
fn foreign(out: &Outcome, n: u32) -> Vec<String> {
    out.stderr
        .lines()
        .filter(|l| {
            let last = l.rsplit(' ').next().unwrap_or("");
            last.parse::<u32>().is_ok_and(|m| m != n)
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_run_has_its_own_level_and_log_lines_across_threads() {
    // Two threads, 50 runs each, at once: one with `-v` (before or after
    // the command's name), one without; sync and async commands.
    let verbose = std::thread::spawn(|| {
        for n in 0..50u32 {
            let cmd = if n % 2 == 0 { "log" } else { "alog" };
            let n_text = n.to_string();
            let args: Vec<&str> = if n % 4 < 2 {
                vec!["-v", cmd, &n_text]
            } else {
                vec![cmd, &n_text, "-v"]
            };
            let out = run(&args);
            assert_eq!(
                (out.code, out.stdout.as_str()),
                (0, format!("{n}\n").as_str()),
                "{out:?}"
            );
            let from = if cmd == "log" { "sync" } else { "async" };
            assert_eq!(levels(&out, from, n), ["ERROR", "WARN", "INFO"], "{out:?}");
            if cmd == "alog" {
                assert_eq!(
                    levels(&out, "task", n),
                    ["ERROR", "WARN", "INFO"],
                    "{out:?}"
                );
            }
            assert!(foreign(&out, n).is_empty(), "{out:?}");
        }
    });
    let plain = std::thread::spawn(|| {
        for n in 100..150u32 {
            let cmd = if n % 2 == 0 { "alog" } else { "log" };
            let out = run(&[cmd, &n.to_string()]);
            assert_eq!(out.code, 0, "{out:?}");
            let from = if cmd == "log" { "sync" } else { "async" };
            assert_eq!(levels(&out, from, n), ["ERROR", "WARN"], "{out:?}");
            assert!(foreign(&out, n).is_empty(), "{out:?}");
        }
    });
    verbose.join().expect("the -v thread");
    plain.join().expect("the plain thread");
}

#[test]
fn each_level_of_verbosity() {
    let cases: [(&[&str], &[&str]); 5] = [
        (&["-q"], &["ERROR"]),
        (&[], &["ERROR", "WARN"]),
        (&["-v"], &["ERROR", "WARN", "INFO"]),
        (&["-vv"], &["ERROR", "WARN", "INFO", "DEBUG"]),
        (
            &["--verbose", "-vv"],
            &["ERROR", "WARN", "INFO", "DEBUG", "TRACE"],
        ),
    ];
    for (flags, expected) in cases {
        let mut args = flags.to_vec();
        args.extend(["log", "7"]);
        let out = run(&args);
        assert_eq!(out.code, 0, "{out:?}");
        assert_eq!(levels(&out, "sync", 7), expected, "{flags:?}: {out:?}");
    }
    // `RUST_LOG` wins over the flags, for this run only.
    let out = app().try_run_with(["facade", "log", "8"], [("RUST_LOG", "debug")]);
    assert_eq!(
        levels(&out, "sync", 8),
        ["ERROR", "WARN", "INFO", "DEBUG"],
        "{out:?}"
    );
    let out = run(&["log", "9"]);
    assert_eq!(levels(&out, "sync", 9), ["ERROR", "WARN"], "{out:?}");
}

#[test]
fn a_retried_with_timeout_tries_again() {
    let out = run(&["-v", "flaky", "2"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "value=42 tries=3\n"),
        "{out:?}"
    );
    // Each wait says why, in the error's own words.
    let waits: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("retrying in"))
        .collect();
    assert_eq!(waits.len(), 2, "{out:?}");
    assert!(
        waits
            .iter()
            .all(|l| l.ends_with(": operation timed out after 20ms")),
        "{out:?}"
    );
    // Past the retries: the operation's error, exit 1, not the command's
    // deadline (124).
    let out = run(&["flaky", "10"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr
            .contains("error: operation timed out after 20ms\n"),
        "{out:?}"
    );
}

#[test]
fn a_panic_is_an_outcome_with_code_101() {
    for cmd in ["boom", "aboom", "task-boom"] {
        let out = run(&[cmd]);
        assert_eq!(out.code, 101, "{cmd}: {out:?}");
        let what = match cmd {
            "boom" => "sync boom",
            "aboom" => "async boom",
            _ => "task boom",
        };
        assert!(
            out.stderr
                .contains(&format!("error: the command panicked: {what}\n")),
            "{cmd}: {out:?}"
        );
        // The `after` hook ran, as for any failure.
        assert!(
            out.stderr.contains(&format!("after ran: {cmd}\n")),
            "{cmd}: {out:?}"
        );
    }
    // The output before the panic is kept.
    assert_eq!(run(&["boom"]).stdout, "before\n");
}

#[test]
fn a_panic_removes_the_scoped_temp_files() {
    let dir = std::env::temp_dir().join(format!("flash-facade-panic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = run(&["temp-boom", dir.to_str().expect("UTF-8 temp dir")]);
    assert_eq!(out.code, 101, "{out:?}");
    let left: Vec<_> = std::fs::read_dir(&dir).expect("read dir").collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_prompt_never_reads_the_terminal_under_try_run() {
    let out = run(&["ask"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.starts_with(
            "error: the following required arguments were not provided:\n  --name <NAME>\n"
        ),
        "{out:?}"
    );
    assert_eq!(run(&["ask", "--name", "ada"]).stdout, "name=ada\n");
}

#[test]
fn an_io_error_shows_its_cause_once() {
    let out = run(&["missing", "/nonexistent/flash-facade"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stderr,
        "error: `/nonexistent/flash-facade`: No such file or directory (os error 2)\nafter ran: missing\n"
    );
}

#[test]
fn without_logging_there_is_no_v_and_the_apps_own_subscriber_logs() {
    // `-v` is not a built-in of an app without `logging: true`.
    let out = quiet_app().try_run_from(["quiet", "-v", "greet"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: unexpected argument '-v' found\n"),
        "{out:?}"
    );
    let help = quiet_app().try_run_from(["quiet", "greet", "--help"]);
    assert!(!help.stdout.contains("--verbose"), "{help:?}");
    // flash installs no subscriber: the app's own sees the warning, and
    // nothing lands on the run's stderr.
    let seen = Counter::default();
    let out = flash::tracing::subscriber::with_default(seen.clone(), || {
        quiet_app().try_run_from(["quiet", "greet"])
    });
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "hello\n", "")
    );
    assert_eq!(seen.warnings(), 1);
}

/// A subscriber of the app's own: counts the warnings it is given.
#[derive(Clone, Default)]
struct Counter(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Counter {
    fn warnings(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl flash::tracing::Subscriber for Counter {
    fn enabled(&self, _: &flash::tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &flash::tracing::span::Attributes<'_>) -> flash::tracing::span::Id {
        flash::tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &flash::tracing::span::Id, _: &flash::tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &flash::tracing::span::Id, _: &flash::tracing::span::Id) {}
    fn event(&self, event: &flash::tracing::Event<'_>) {
        if *event.metadata().level() == flash::tracing::Level::WARN {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
    fn enter(&self, _: &flash::tracing::span::Id) {}
    fn exit(&self, _: &flash::tracing::span::Id) {}
}
