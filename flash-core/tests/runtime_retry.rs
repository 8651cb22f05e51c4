//! Retry delays, checked exactly on tokio's paused clock (no real sleeping).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flash_core::runtime::retry::{retry, Backoff};
use flash_core::{cli::error::Error, cli::error::Result};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Runs `policy` on an operation that always fails with `make_err()`, and
/// returns the delays between tries plus the final result.
async fn gaps(policy: Option<Backoff>, make_err: fn() -> Error) -> (Vec<Duration>, Result<()>) {
    let tries = Arc::new(Mutex::new(Vec::new()));
    let t = tries.clone();
    let op = move || {
        t.lock().unwrap().push(Instant::now());
        async move { Err::<(), _>(make_err()) }
    };
    let out = match policy {
        Some(p) => p.retry(op).await,
        None => retry(op).await,
    };
    let at = tries.lock().unwrap().clone();
    (at.windows(2).map(|w| w[1] - w[0]).collect(), out)
}

fn secs(s: &[u64]) -> Vec<Duration> {
    s.iter().map(|&s| Duration::from_secs(s)).collect()
}

fn flaky() -> Error {
    Error::msg("flaky").retryable()
}

#[tokio::test(start_paused = true)]
async fn default_is_three_retries_doubling_from_one_second() {
    let (gaps, out) = gaps(None, flaky).await;
    assert_eq!(gaps, secs(&[1, 2, 4]));
    assert_eq!(out.expect_err("gives up").to_string(), "flaky");
}

#[tokio::test(start_paused = true)]
async fn delays_are_capped_at_thirty_seconds() {
    let (gaps, _) = gaps(Some(Backoff::new().retries(7)), flaky).await;
    assert_eq!(gaps, secs(&[1, 2, 4, 8, 16, 30, 30]));
    assert_eq!(
        Backoff::new().retries(7).delays().collect::<Vec<_>>(),
        secs(&[1, 2, 4, 8, 16, 30, 30])
    );
}

#[tokio::test(start_paused = true)]
async fn network_errors_are_retried_others_are_not() {
    let (gaps, _) = gaps(None, || Error::network("reset", "connection reset")).await;
    assert_eq!(gaps.len(), 3);
    let (gaps, out) = gaps_of_validation().await;
    assert!(gaps.is_empty());
    assert!(matches!(out, Err(Error::Validation(_))));
}

async fn gaps_of_validation() -> (Vec<Duration>, Result<()>) {
    gaps(None, || Error::validation("bad")).await
}

#[tokio::test(start_paused = true)]
async fn jitter_stays_between_the_delay_and_twice_it() {
    let (gaps, _) = gaps(Some(Backoff::new().jitter(true)), flaky).await;
    assert_eq!(gaps.len(), 3);
    for (gap, base) in gaps.iter().zip(secs(&[1, 2, 4])) {
        assert!(*gap >= base && *gap < base * 2, "{gap:?} for {base:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn success_after_failures_stops_retrying() {
    let mut n = 0;
    let start = Instant::now();
    let out = retry(|| {
        n += 1;
        let now = n;
        async move {
            if now < 3 {
                Err(flaky())
            } else {
                Ok(now)
            }
        }
    })
    .await;
    assert_eq!(out.expect("third try"), 3);
    assert_eq!(start.elapsed(), Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn cancellation_ends_the_sleep() {
    let token = CancellationToken::new();
    let t = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        t.cancel();
    });
    let start = Instant::now();
    let (gaps, out) = gaps(Some(Backoff::new().cancel_on(token)), flaky).await;
    assert!(matches!(out, Err(Error::Cancelled)), "{out:?}");
    // Tried at 0 s and 1 s; the 2 s sleep was cut at 1.5 s.
    assert_eq!(gaps, secs(&[1]));
    assert_eq!(start.elapsed(), Duration::from_millis(1500));
}

#[test]
fn inside_a_command_the_command_token_cancels_the_sleep() {
    use flash_core::{
        cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Streams, runtime::run_async,
    };
    let mut opts = RuntimeOptions::default();
    opts.timeout = Some(Duration::from_millis(30));
    // Without the command's token this would sleep 1 s + 2 s + 4 s; the
    // result is the same either way, so look at what the retry returned.
    let seen = Arc::new(Mutex::new(None));
    let s = seen.clone();
    let err = run_async(
        Model::Stream,
        opts,
        Streams::captured(),
        |_ctx| async move {
            let out: Result<()> = retry(|| async { Err(flaky()) }).await;
            *s.lock().unwrap() = Some(out.map_err(|e| e.to_string()));
            Ok(())
        },
    )
    .expect_err("timed out");
    assert_eq!(err.exit_code(), 124);
    assert_eq!(*seen.lock().unwrap(), Some(Err("cancelled".to_string())));
}
