//! `Context`: what a handler gets from the runtime.
//!
//! Structured concurrency: every task goes through [`Context::spawn`] or
//! [`Context::spawn_cpu`], is counted by a `TaskTracker`, sees the command's
//! `CancellationToken`, and is cancelled and joined before the command ends.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use futures::FutureExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

use crate::error::{Error, Result};
use crate::metrics::{Metrics, MetricsSnapshot, Outcome};
use crate::model::{Model, RuntimeOptions, Streams};
use crate::output::Output;
use crate::scope::Scope;

tokio::task_local! {
    /// The token of the command whose code is running, so [`crate::retry`]
    /// can stop sleeping on cancellation without being handed a context.
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
    Signal(&'static str),
    Timeout(Duration),
    Memory(String),
}

impl CancelReason {
    fn to_error(&self) -> Error {
        match self {
            CancelReason::Signal(name) => {
                tracing::debug!("cancelled by {name}");
                Error::Cancelled
            }
            CancelReason::Timeout(dur) => Error::Timeout(*dur),
            CancelReason::Memory(msg) => Error::ResourceExhausted(msg.clone()),
        }
    }
}

/// The runtime context of one command invocation. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Context {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    model: Model,
    options: RuntimeOptions,
    streams: Streams,
    token: CancellationToken,
    slots: Arc<Semaphore>,
    /// Made on first use: sync commands never ask how many cores there are.
    cpu_slots: OnceLock<Arc<Semaphore>>,
    tasks: TaskTracker,
    scope: Scope,
    metrics: Metrics,
    /// The first failure of a task whose handle was dropped unjoined.
    failure: Mutex<Option<Error>>,
    reason: OnceLock<CancelReason>,
}

/// Task states for handing a failure to exactly one party: the joiner (through
/// the `JoinHandle`) or, once the handle is dropped unjoined, the context.
const RUNNING: u8 = 0;
const DETACHED: u8 = 1;
const DONE: u8 = 2;

impl Context {
    pub(crate) fn blocking(streams: Streams) -> Self {
        Context::new(Model::Blocking, RuntimeOptions::default(), streams)
    }

    pub(crate) fn new(model: Model, options: RuntimeOptions, streams: Streams) -> Self {
        Context {
            inner: Arc::new(Inner {
                model,
                slots: Arc::new(Semaphore::new(options.max_concurrency.max(1))),
                cpu_slots: OnceLock::new(),
                options,
                streams,
                token: CancellationToken::new(),
                tasks: TaskTracker::new(),
                scope: Scope::new(),
                metrics: Metrics::new(),
                failure: Mutex::new(None),
                reason: OnceLock::new(),
            }),
        }
    }

    pub(crate) fn set_workers(&self, n: usize) {
        self.inner.metrics.set_workers(n);
    }

    /// Fires the token for `reason` (the first reason given wins).
    pub(crate) fn cancel_with(&self, reason: CancelReason) {
        let _ = self.inner.reason.set(reason);
        self.inner.token.cancel();
    }

    pub(crate) fn reason(&self) -> Option<CancelReason> {
        self.inner.reason.get().cloned()
    }

    /// Ends a sync command: releases the scope, hands back the result.
    pub(crate) fn finish(&self, result: Result<()>) -> Result<()> {
        self.inner.token.cancel();
        self.inner.tasks.close();
        self.inner.scope.release();
        result
    }

    /// Ends an async command: cancels and joins every task, releases the
    /// scope, and picks the error to report. `reason` is why the token fired,
    /// read when the handler returned.
    pub(crate) async fn shutdown(
        &self,
        result: Result<()>,
        reason: Option<CancelReason>,
    ) -> Result<()> {
        self.inner.token.cancel();
        self.inner.tasks.close();
        self.inner.tasks.wait().await;
        self.inner.scope.release();
        let pending = self.take_failure();
        match (reason, result) {
            // The handler's error is most likely a consequence of the cancellation.
            (Some(reason), _) => Err(reason.to_error()),
            (None, Err(e)) => Err(e),
            (None, Ok(())) => pending.map_or(Ok(()), Err),
        }
    }

    fn take_failure(&self) -> Option<Error> {
        lock(&self.inner.failure).take()
    }

    fn record_failure(&self, err: Error) {
        if matches!(err, Error::Cancelled) {
            return;
        }
        tracing::debug!(error = %err, "a detached task failed");
        lock(&self.inner.failure).get_or_insert(err);
    }

    /// The execution model this command runs on.
    pub fn model(&self) -> Model {
        self.inner.model
    }

    /// The merged runtime options (`--timeout`, `--max-concurrency`, ...).
    pub fn options(&self) -> &RuntimeOptions {
        &self.inner.options
    }

    /// Where the command's normal output goes (captured under `try_run_from`).
    pub fn stdout(&self) -> Output {
        self.inner.streams.stdout.clone()
    }

    /// Where the command's diagnostics go (captured under `try_run_from`).
    pub fn stderr(&self) -> Output {
        self.inner.streams.stderr.clone()
    }

    /// The command's resource scope: temp files, tracked files and cleanup
    /// callbacks, released in reverse order when the command ends, however it
    /// ends.
    pub fn scope(&self) -> &Scope {
        &self.inner.scope
    }

    /// Task counts, durations, concurrency and memory so far (what
    /// `--metrics` prints at exit).
    pub fn metrics(&self) -> MetricsSnapshot {
        self.inner.metrics.snapshot(self.inner.model.name())
    }

    /// Whether cancellation (Ctrl-C, SIGTERM, timeout) was requested.
    pub fn is_cancelled(&self) -> bool {
        self.inner.token.is_cancelled()
    }

    /// Completes when cancellation is requested.
    pub async fn cancelled(&self) {
        self.inner.token.cancelled().await
    }

    /// The cancellation token, to hand on to code that takes one.
    pub fn token(&self) -> CancellationToken {
        self.inner.token.clone()
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

    async fn acquire(&self, slots: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit> {
        // Fast path first: no select machinery while slots are free.
        if let Ok(permit) = slots.clone().try_acquire_owned() {
            self.check_cancelled()?;
            return Ok(permit);
        }
        tokio::select! {
            biased;
            _ = self.inner.token.cancelled() => Err(Error::Cancelled),
            permit = slots.clone().acquire_owned() => permit
                .map_err(|_| Error::ResourceExhausted("task slots are closed".into())),
        }
    }

    /// Spawns `fut` once one of `max_concurrency` slots is free (waits for it:
    /// backpressure). Returns `Err(Error::Cancelled)` if the command is
    /// cancelled while waiting. The task is cancelled if still running when
    /// the handler returns; a panic in it becomes an error.
    ///
    /// An error of a task whose handle is dropped without
    /// [`TaskHandle::join`] is reported by [`Context::join_all`] (or as the
    /// command's error if the handler returns `Ok`).
    pub async fn spawn<F, T>(&self, fut: F) -> Result<TaskHandle<T>>
    where
        F: Future<Output = Result<T>> + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.acquire(&self.inner.slots).await?;
        self.inner.metrics.spawned();
        let state = Arc::new(AtomicU8::new(RUNNING));
        let ctx = self.clone();
        let task_state = state.clone();
        let span = tracing::debug_span!("task");
        let token = self.inner.token.clone();
        let task = async move {
            let metrics = &ctx.inner.metrics;
            let start = Instant::now();
            metrics.started();
            let out = tokio::select! {
                biased;
                _ = token.cancelled() => Err(Error::Cancelled),
                out = AssertUnwindSafe(fut).catch_unwind() => out.unwrap_or_else(|p| Err(panic_error(p))),
            };
            metrics.finished(outcome_of(&out), start.elapsed());
            // Free the slot only once the task no longer counts as running.
            drop(permit);
            if task_state
                .compare_exchange(RUNNING, DONE, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
            {
                if let Err(e) = out {
                    ctx.record_failure(e);
                }
                return Err(Error::Cancelled);
            }
            out
        };
        let task = CURRENT_TOKEN.scope(self.inner.token.clone(), task.instrument(span));
        let handle = self.inner.tasks.spawn(task);
        Ok(TaskHandle {
            handle: Some(handle),
            state,
            ctx: self.clone(),
        })
    }

    /// Runs `f` on the CPU pool (as many threads as cores) and waits for its
    /// result. `f` should call [`Context::check_cancelled`] between chunks of
    /// work: cancellation reaches CPU work only there. A panic in `f` becomes
    /// an error.
    ///
    /// ```
    /// use flash_core::{model::run_async, Model, RuntimeOptions, Streams};
    /// run_async(Model::Cpu, RuntimeOptions::default(), Streams::captured(), |ctx| async move {
    ///     let c = ctx.clone();
    ///     let sum = ctx.spawn_cpu(move || {
    ///         let mut sum = 0u64;
    ///         for chunk in 0..100u64 {
    ///             c.check_cancelled()?;
    ///             sum += (chunk * 1000..(chunk + 1) * 1000).sum::<u64>();
    ///         }
    ///         Ok(sum)
    ///     }).await?;
    ///     assert_eq!(sum, 99_999 * 100_000 / 2);
    ///     Ok(())
    /// }).unwrap();
    /// ```
    pub async fn spawn_cpu<F, T>(&self, f: F) -> Result<T>
    where
        F: FnOnce() -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let slots = self
            .inner
            .cpu_slots
            .get_or_init(|| Arc::new(Semaphore::new(cpu_pool_size())));
        let permit = self.acquire(slots).await?;
        self.inner.metrics.spawned();
        let ctx = self.clone();
        let span = tracing::debug_span!("cpu_task");
        // The tracker holds the job until `f` returns, even if this future is
        // dropped, so the command still joins it.
        let job = self.inner.tasks.spawn_blocking(move || {
            let _entered = span.enter();
            let metrics = &ctx.inner.metrics;
            let start = Instant::now();
            metrics.started();
            let out = std::panic::catch_unwind(AssertUnwindSafe(f))
                .unwrap_or_else(|p| Err(panic_error(p)));
            metrics.finished(outcome_of(&out), start.elapsed());
            drop(permit);
            out
        });
        match job.await {
            Ok(out) => out,
            Err(e) => Err(Error::context("a CPU task could not run", e)),
        }
    }

    /// Waits for every task spawned so far, then reports the first failure of
    /// a task whose handle was dropped unjoined, if any. Must not be called
    /// from inside a spawned task (it would wait for itself).
    pub async fn join_all(&self) -> Result<()> {
        self.inner.tasks.close();
        self.inner.tasks.wait().await;
        self.inner.tasks.reopen();
        self.take_failure().map_or(Ok(()), Err)
    }

    /// Runs `fut` with a deadline: `Err(Error::Timeout)` when it passes (the
    /// future is dropped then).
    pub async fn with_timeout<F, T>(&self, dur: Duration, fut: F) -> Result<T>
    where
        F: Future<Output = Result<T>>,
    {
        match tokio::time::timeout(dur, fut).await {
            Ok(out) => out,
            Err(_) => Err(Error::Timeout(dur)),
        }
    }
}

/// The CPU pool's size: one thread per core (asked once: it reads cgroup
/// files).
pub(crate) fn cpu_pool_size() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Holds an `Option<Error>`: nothing a panic could leave half-done.
    m.lock().unwrap_or_else(|poison| poison.into_inner())
}

fn outcome_of<T>(out: &Result<T>) -> Outcome {
    match out {
        Ok(_) => Outcome::Completed,
        Err(Error::Cancelled) => Outcome::Cancelled,
        Err(_) => Outcome::Failed,
    }
}

fn panic_error(payload: Box<dyn std::any::Any + Send>) -> Error {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-string payload".to_string());
    Error::msg(format!("a task panicked: {what}"))
}

/// A spawned task; await [`TaskHandle::join`] for its result.
#[derive(Debug)]
pub struct TaskHandle<T: Send + 'static> {
    handle: Option<tokio::task::JoinHandle<Result<T>>>,
    state: Arc<AtomicU8>,
    ctx: Context,
}

impl<T: Send + 'static> TaskHandle<T> {
    /// Waits for the task and returns its result; a panic in it becomes an
    /// error, and a task stopped by cancellation gives `Err(Error::Cancelled)`.
    pub async fn join(mut self) -> Result<T> {
        let handle = self
            .handle
            .take()
            .expect("the handle is only taken by join, which consumes self");
        match handle.await {
            Ok(out) => out,
            Err(e) if e.is_cancelled() => Err(Error::Cancelled),
            Err(e) => Err(Error::context("a task panicked", e)),
        }
    }

    /// Whether the task has ended.
    pub fn is_finished(&self) -> bool {
        self.handle.as_ref().is_none_or(|h| h.is_finished())
    }
}

impl<T: Send + 'static> Drop for TaskHandle<T> {
    fn drop(&mut self) {
        let Some(mut handle) = self.handle.take() else {
            return;
        };
        if self
            .state
            .compare_exchange(RUNNING, DETACHED, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            // The task reports its own failure when it ends.
            return;
        }
        // The task has ended and its result is in (or entering) the handle.
        match (&mut handle).now_or_never() {
            Some(Ok(Err(e))) => self.ctx.record_failure(e),
            Some(_) => {}
            None => {
                // Rare: the result is being stored right now; collect it on
                // the runtime, tracked so `join_all` still waits for it.
                if let Ok(rt) = tokio::runtime::Handle::try_current() {
                    let ctx = self.ctx.clone();
                    self.ctx.inner.tasks.spawn_on(
                        async move {
                            if let Ok(Err(e)) = handle.await {
                                ctx.record_failure(e);
                            }
                        },
                        &rt,
                    );
                }
            }
        }
    }
}
