//! What the fuzzers (`fuzz/`) found, minimised, as ordinary tests driven
//! through `App::try_run_from`.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use flash::{Context, Result};

/// An async command: flash's runtime options apply to it.
#[flash::cmd(run_async, model = stream)]
async fn go(ctx: &Context) -> Result<()> {
    writeln!(ctx.stdout(), "done")?;
    Ok(())
}

fn app() -> flash::App {
    flash::app! { name: "fr", commands: [go] }
}

/// Panics of flash's watchdog thread since the hook was installed (they
/// happen out of the `Outcome`'s sight).
static WATCHDOG_PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_watchdog_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("flash-watchdog") {
            WATCHDOG_PANICS.fetch_add(1, Ordering::SeqCst);
        }
        previous(info);
    }));
}

/// Found by `parse_argv`: a `--timeout` that parses (it fits a `Duration`)
/// but does not fit an `Instant` (past ~292 billion years, up to the
/// largest `Duration`) made the watchdog thread panic with "overflow when
/// adding duration to instant" (`Instant::now() + t` in
/// `runtime/watchdog.rs`). A deadline that far is no deadline.
#[test]
fn a_timeout_past_the_end_of_time_is_no_deadline() {
    count_watchdog_panics();
    for timeout in [
        "9223372036854775807",
        "10000000000000000000s",
        "200000000000000000m",
    ] {
        let out = app().try_run_from(["fr", "go", "--timeout", timeout]);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (0, "done\n", ""),
            "--timeout {timeout}"
        );
    }
    assert_eq!(
        WATCHDOG_PANICS.load(Ordering::SeqCst),
        0,
        "the watchdog panicked"
    );
}

/// Found by `parse_argv`: a `--max-concurrency` above tokio's
/// `Semaphore::MAX_PERMITS` (`usize::MAX >> 3`) panicked building the
/// context ("a semaphore may not have more than MAX_PERMITS permits",
/// `Semaphore::new` in `runtime/context.rs`). It should be a usage error
/// naming the largest value, or be capped.
#[test]
fn a_max_concurrency_past_the_semaphore_limit_is_not_a_panic() {
    for n in ["18446744073709551615", "2305843009213693952"] {
        // A panic would be an outcome of its own (101), not an unwinding.
        let out = app().try_run_from(["fr", "go", "--max-concurrency", n]);
        assert!(
            out.code == 0 || (out.code == 2 && out.stderr.starts_with("error: ")),
            "--max-concurrency {n}: {out:?}"
        );
    }
}
