//! Which runtime options an app takes (`app! { runtime_flags: [...] }`):
//! only those it offers and some async command has, wherever they may be
//! given (before the command name, after it), listed and suggested alike.

use flash::{Context, Result};

/// Fetch something, with a deadline.
#[flash::cmd(run_async)]
async fn fetch(_ctx: &Context) -> Result<()> {
    Ok(())
}

/// Count, synchronously.
#[flash::cmd(run)]
fn count() -> Result<()> {
    Ok(())
}

fn only_timeout() -> flash::App {
    flash::app! { name: "rt", runtime_flags: [timeout], commands: [fetch, count] }
}

fn sync_only() -> flash::App {
    flash::app! { name: "st", commands: [count] }
}

#[test]
fn an_offered_runtime_option_is_taken_before_or_after_the_command() {
    for args in [
        &["rt", "fetch", "--timeout", "5s"][..],
        &["rt", "--timeout", "5s", "fetch"][..],
    ] {
        let out = only_timeout().try_run_from(args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
    }
}

#[test]
fn a_runtime_option_the_app_does_not_offer_is_unknown_and_never_suggested() {
    let out = only_timeout().try_run_from(["rt", "fetch", "--metrics"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: unexpected argument '--metrics' found\n"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("'--metrics'\n"), "{}", out.stderr);
    assert!(!out.stderr.contains("similar"), "{}", out.stderr);
    let help = only_timeout().try_run_from(["rt", "fetch", "--help"]);
    assert!(
        help.stdout.contains("--timeout <DURATION>"),
        "{}",
        help.stdout
    );
    for absent in ["--metrics", "--max-concurrency", "--memory-limit"] {
        assert!(!help.stdout.contains(absent), "{absent}: {}", help.stdout);
    }
}

#[test]
fn an_app_without_async_commands_takes_no_runtime_option() {
    let out = sync_only().try_run_from(["st", "--timeout", "5s", "count"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: unexpected argument '--timeout' found\n"),
        "{}",
        out.stderr
    );
    let help = sync_only().try_run_from(["st", "--help"]);
    assert_eq!(help.code, 0);
    assert!(!help.stdout.contains("--timeout"), "{}", help.stdout);
    let out = sync_only().try_run_from(["st", "count"]);
    assert_eq!(out.code, 0, "{out:?}");
}
