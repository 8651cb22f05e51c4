//! `Context`: what a handler gets from the runtime.
//!
//! Every command can take one: its output handles and its name. With the
//! `async` feature it also carries the command's services: cancellation,
//! structured tasks (see `tasks`), the CPU pool, the resource scope and
//! the metrics.

use std::borrow::Cow;
use std::sync::Arc;

use crate::cli::exec::{Model, RuntimeOptions};
use crate::cli::output::{Output, Streams};

/// The runtime context of one command invocation. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Context {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    /// The command as typed after the app's name: `tag add` (borrowed from
    /// the tables when it is one name, as most are).
    command: Cow<'static, str>,
    model: Model,
    streams: Streams,
    #[cfg(feature = "async")]
    pub(crate) rt: services::Services,
}

impl Context {
    /// The context of a sync command.
    pub(crate) fn blocking(
        options: RuntimeOptions,
        path: Cow<'static, str>,
        streams: Streams,
    ) -> Self {
        #[cfg(not(feature = "async"))]
        let _ = options;
        Context {
            inner: Arc::new(Inner {
                command: path,
                model: Model::Blocking,
                streams,
                #[cfg(feature = "async")]
                rt: services::Services::new(options, None),
            }),
        }
    }

    /// The context of an async command on `model`; `log` is its run's log
    /// dispatcher, for the threads of its CPU pool.
    #[cfg(feature = "async")]
    pub(crate) fn new(
        model: Model,
        options: RuntimeOptions,
        path: Cow<'static, str>,
        streams: Streams,
        log: Option<tracing::Dispatch>,
    ) -> Self {
        Context {
            inner: Arc::new(Inner {
                command: path,
                model,
                streams,
                rt: services::Services::new(options, log),
            }),
        }
    }

    /// The running command as typed after the app's name, by its primary
    /// name (not an alias): `greet`, or `tag add` in a group.
    pub fn command(&self) -> &str {
        &self.inner.command
    }

    /// The execution model this command runs on.
    pub fn model(&self) -> Model {
        self.inner.model
    }

    /// Where the command's normal output goes (captured under `try_run_from`).
    pub fn stdout(&self) -> Output {
        self.inner.streams.stdout.clone()
    }

    /// Where the command's diagnostics go (captured under `try_run_from`).
    pub fn stderr(&self) -> Output {
        self.inner.streams.stderr.clone()
    }
}

#[cfg(feature = "async")]
pub(crate) use services::{current_token, scope_token, CancelReason};

/// The async services of a context: what `run_async` sets up and tears
/// down around a handler.
#[cfg(feature = "async")]
mod services {
    use std::future::Future;
    use std::sync::{Arc, Mutex, OnceLock};

    use crate::runtime::tracker::Tracker;
    use tokio::sync::Semaphore;
    use tokio_util::sync::CancellationToken;

    use super::Context;
    use crate::cli::error::{signal_name, Error, Result};
    use crate::cli::exec::RuntimeOptions;
    use crate::runtime::metrics::{Metrics, MetricsSnapshot};
    use crate::runtime::pool::CpuPool;
    use crate::runtime::scope::Scope;

    tokio::task_local! {
        /// The token of the command whose code is running, so `retry` can
        /// stop sleeping on cancellation without being handed a context.
        static CURRENT_TOKEN: CancellationToken;
    }

    /// Runs `fut` with `token` as the current command's token.
    pub(crate) fn scope_token<F: Future>(
        token: CancellationToken,
        fut: F,
    ) -> impl Future<Output = F::Output> {
        CURRENT_TOKEN.scope(token, fut)
    }

    /// The cancellation token of the command running the current task, if any.
    pub(crate) fn current_token() -> Option<CancellationToken> {
        CURRENT_TOKEN.try_with(CancellationToken::clone).ok()
    }

    /// Why the command's token fired, when it was not the handler's own doing.
    #[derive(Clone, Debug)]
    pub(crate) enum CancelReason {
        /// A signal, by its number.
        Signal(i32),
        /// The command's own deadline.
        Timeout(std::time::Duration),
        Memory(String),
    }

    impl CancelReason {
        pub(crate) fn to_error(&self) -> Error {
            match self {
                CancelReason::Signal(signal) => {
                    tracing::debug!("cancelled by {}", signal_name(*signal));
                    Error::Signal(*signal)
                }
                CancelReason::Timeout(dur) => Error::Deadline(*dur),
                CancelReason::Memory(msg) => Error::ResourceExhausted(msg.clone()),
            }
        }
    }

    #[derive(Debug)]
    pub(crate) struct Services {
        pub(crate) options: RuntimeOptions,
        pub(crate) token: CancellationToken,
        /// `max_concurrency` slots, taken by `spawn` and `spawn_blocking`;
        /// made by the first of them (see [`Services::slots`]).
        slots: OnceLock<Arc<Semaphore>>,
        /// Made on first use (at start for the `cpu` model): a command that
        /// computes nothing starts no pool.
        pub(crate) pool: OnceLock<CpuPool>,
        pub(crate) tasks: Tracker,
        pub(crate) scope: Scope,
        pub(crate) metrics: Metrics,
        /// The first failure of a task whose handle was dropped unjoined.
        pub(crate) failure: Mutex<Option<Error>>,
        pub(crate) reason: OnceLock<CancelReason>,
        /// The run's log dispatcher (`app! { logging: true }`), for the
        /// CPU pool's threads.
        pub(crate) log: Option<tracing::Dispatch>,
    }

    impl Services {
        pub(crate) fn new(options: RuntimeOptions, log: Option<tracing::Dispatch>) -> Self {
            Services {
                log,
                slots: OnceLock::new(),
                options,
                token: CancellationToken::new(),
                pool: OnceLock::new(),
                tasks: Tracker::new(),
                scope: Scope::new(),
                metrics: Metrics::new(),
                failure: Mutex::new(None),
                reason: OnceLock::new(),
            }
        }
    }

    impl Services {
        /// The task slots, made on first use: a command that spawns
        /// nothing does not pay for them at start.
        pub(crate) fn slots(&self) -> &Arc<Semaphore> {
            self.slots.get_or_init(|| {
                // Past tokio's limit is as good as unbounded.
                let permits = self
                    .options
                    .max_concurrency
                    .clamp(1, Semaphore::MAX_PERMITS);
                Arc::new(Semaphore::new(permits))
            })
        }
    }

    fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        // Holds an `Option<Error>`: nothing a panic could leave half-done.
        m.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    impl Context {
        pub(crate) fn rt(&self) -> &Services {
            &self.inner.rt
        }

        pub(crate) fn set_workers(&self, n: usize) {
            self.rt().metrics.set_workers(n);
        }

        /// Fires the token for `reason` (the first reason given wins).
        /// A command cancelled so prints nothing more on its stdout
        /// (`Output` refuses it).
        pub(crate) fn cancel_with(&self, reason: CancelReason) {
            // The reason first: a handler whose write finds stdout withheld
            // returns that error, and the command's end must then find the
            // reason set (else the refused write is reported as the
            // command's own failure, exit 1, as happened on a loaded
            // machine when this thread was preempted in between).
            let _ = self.rt().reason.set(reason);
            self.stdout().withhold();
            self.rt().token.cancel();
        }

        pub(crate) fn reason(&self) -> Option<CancelReason> {
            self.rt().reason.get().cloned()
        }

        /// Ends a sync command: releases the scope, hands back the result.
        pub(crate) fn finish(&self, result: Result<()>) -> Result<()> {
            self.release();
            result
        }

        /// Ends a sync command: cancels its token, releases its scope.
        pub(crate) fn release(&self) {
            self.rt().token.cancel();
            self.rt().tasks.close();
            self.rt().scope.release();
        }

        /// Ends an async command: cancels and joins every task, releases the
        /// scope, and picks the error to report. `reason` is why the token
        /// fired, read when the handler returned.
        pub(crate) async fn shutdown(
            &self,
            result: Result<()>,
            reason: Option<CancelReason>,
        ) -> Result<()> {
            self.rt().token.cancel();
            self.rt().tasks.close();
            self.rt().tasks.wait().await;
            self.rt().scope.release();
            let pending = self.take_failure();
            match (reason, result) {
                // The handler's error is most likely a consequence of the cancellation.
                (Some(reason), _) => Err(reason.to_error()),
                (None, Err(e)) => Err(e),
                (None, Ok(())) => pending.map_or(Ok(()), Err),
            }
        }

        pub(crate) fn take_failure(&self) -> Option<Error> {
            lock(&self.rt().failure).take()
        }

        pub(crate) fn record_failure(&self, err: Error) {
            if matches!(err, Error::Cancelled) {
                return;
            }
            tracing::debug!(error = %err, "a detached task failed");
            lock(&self.rt().failure).get_or_insert(err);
        }

        /// The CPU pool, started on first use.
        pub(crate) fn pool(&self) -> Result<&CpuPool> {
            if let Some(pool) = self.rt().pool.get() {
                return Ok(pool);
            }
            let pool = CpuPool::new(self.rt().log.clone())?;
            // Another task may have won the race: its pool is used, this one dropped.
            Ok(self.rt().pool.get_or_init(|| pool))
        }

        /// The merged runtime options (`--timeout`, `--max-concurrency`, ...).
        pub fn options(&self) -> &RuntimeOptions {
            &self.rt().options
        }

        /// The command's resource scope: temp files and cleanup callbacks,
        /// released in reverse order when the command ends, however it ends.
        pub fn scope(&self) -> &Scope {
            &self.rt().scope
        }

        /// Task counts, durations, concurrency and memory so far (what
        /// `--metrics` prints at exit).
        pub fn metrics(&self) -> MetricsSnapshot {
            self.rt().metrics.snapshot(self.model().name())
        }

        /// Whether cancellation (Ctrl-C, SIGTERM, timeout) was requested.
        pub fn is_cancelled(&self) -> bool {
            self.rt().token.is_cancelled()
        }

        /// Completes when cancellation is requested.
        pub async fn cancelled(&self) {
            self.rt().token.cancelled().await
        }

        /// The cancellation token, to hand on to code that takes one
        /// (`flash::CancellationToken`, tokio-util's).
        pub fn token(&self) -> CancellationToken {
            self.rt().token.clone()
        }

        /// Returns `Err(Error::Cancelled)` if cancellation was requested: a
        /// cancellation point for loops, CPU work included.
        pub fn check_cancelled(&self) -> Result<()> {
            if self.is_cancelled() {
                Err(Error::Cancelled)
            } else {
                Ok(())
            }
        }
    }
}

#[cfg(all(test, feature = "async"))]
mod tests {
    use super::*;
    use std::io::Write;

    /// A cancelled command withholds its stdout; a new run has its own.
    #[test]
    fn a_new_run_may_print_after_a_cancelled_one() {
        let first = Context::new(
            Model::Io,
            RuntimeOptions::default(),
            "first".into(),
            Streams::captured(),
            None,
        );
        first.cancel_with(CancelReason::Signal(2));
        let refused = first.stdout().write_all(b"x").expect_err("withheld");
        assert!(refused.to_string().starts_with("stdout: "), "{refused}");
        let second = Context::blocking(
            RuntimeOptions::default(),
            "second".into(),
            Streams::captured(),
        );
        second.stdout().write_all(b"x").expect("a run of its own");
        assert_eq!(second.stdout().take_captured(), b"x");
    }
}
