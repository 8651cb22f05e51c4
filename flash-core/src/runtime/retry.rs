//! Retry with exponential backoff, on the `backon` crate.
//!
//! Only errors for which [`Error::is_retryable`] holds are retried (network
//! errors, an operation's own time limit from `ctx.with_timeout`, and
//! errors marked with [`Error::retryable`]; never the command's own
//! deadline, a cancellation or a panic). Sleeps between tries
//! end early on cancellation: inside a flash command the command's token is
//! used without being passed; elsewhere give one with [`Backoff::cancel_on`].

use std::future::Future;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use tokio_util::sync::CancellationToken;

use crate::cli::error::{Error, Result};
use crate::runtime::race::race;

/// A retry policy. The default: 3 retries after the first try, 1 s first
/// delay doubling each time, capped at 30 s, no jitter.
///
/// ```
/// use std::time::Duration;
/// use flash::{Backoff, Error};
///
/// # flash::tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
/// let mut tries = 0;
/// let out = Backoff::new()
///     .initial_delay(Duration::from_millis(1))
///     .retry(|| {
///         tries += 1;
///         let n = tries;
///         async move { if n < 3 { Err(Error::msg("flaky").retryable()) } else { Ok(n) } }
///     })
///     .await;
/// assert_eq!(out?, 3);
/// # Ok::<(), Error>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Backoff {
    retries: usize,
    initial: Duration,
    max: Duration,
    jitter: bool,
    token: Option<CancellationToken>,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            retries: 3,
            initial: Duration::from_secs(1),
            max: Duration::from_secs(30),
            jitter: false,
            token: None,
        }
    }
}

impl Backoff {
    /// The default policy.
    pub fn new() -> Self {
        Backoff::default()
    }

    /// How many times to try again after the first failure (default 3).
    pub fn retries(mut self, n: usize) -> Self {
        self.retries = n;
        self
    }

    /// The delay before the first retry (default 1 s); it doubles each time.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial = delay;
        self
    }

    /// The longest delay (default 30 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max = delay;
        self
    }

    /// Adds a random part of up to the delay itself to each delay, so many
    /// clients do not retry in step (default off).
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// Stops waiting when `token` fires (with `Err(Error::Cancelled)`).
    /// Inside a flash command the command's token is used by default.
    pub fn cancel_on(mut self, token: CancellationToken) -> Self {
        self.token = Some(token);
        self
    }

    /// The delays this policy sleeps between tries, in order (without jitter).
    pub fn delays(&self) -> impl Iterator<Item = Duration> {
        use backon::BackoffBuilder;
        self.builder().build()
    }

    fn builder(&self) -> ExponentialBuilder {
        let b = ExponentialBuilder::default()
            .with_min_delay(self.initial)
            .with_max_delay(self.max)
            .with_factor(2.0)
            .with_max_times(self.retries);
        if self.jitter {
            b.with_jitter()
        } else {
            b
        }
    }

    /// Calls `op` until it succeeds, fails with an error that is not
    /// retryable, or the retries are spent (then its last error is returned).
    pub async fn retry<F, Fut, T>(&self, mut op: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let token = self
            .token
            .clone()
            .or_else(crate::runtime::context::current_token)
            .unwrap_or_default();
        let sleep_token = token.clone();
        // backon's sleeper must be 'static: it owns its clone of the token.
        let sleeper = move |dur: Duration| {
            let token = sleep_token.clone();
            async move {
                race(tokio::time::sleep(dur), token.cancelled()).await;
            }
        };
        let attempt = || {
            // A cancelled sleep ends early; this turns the next try into
            // `Cancelled`, which is not retryable, so backon stops there.
            let cancelled = token.is_cancelled();
            let fut = (!cancelled).then(&mut op);
            async move {
                match fut {
                    Some(fut) => fut.await,
                    None => Err(Error::Cancelled),
                }
            }
        };
        attempt
            .retry(self.builder())
            .sleep(sleeper)
            .when(Error::is_retryable)
            .notify(|err: &Error, dur: Duration| {
                // The error's own text, causes and all: why it waits.
                tracing::info!(
                    "retrying in {}: {}",
                    crate::cli::units::format_duration(dur),
                    crate::cli::error::one_line(err)
                );
            })
            .await
    }
}

/// Calls `op` with the default [`Backoff`]: up to 3 retries of retryable
/// errors, after 1 s, 2 s and 4 s.
pub async fn retry<F, Fut, T>(op: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    Backoff::default().retry(op).await
}
