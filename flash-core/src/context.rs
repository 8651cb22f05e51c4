//! `Context`: what a handler gets from the runtime.
//!
//! SKELETON (to be completed by the async-core work): the public methods and
//! their signatures are what ops and generated code rely on.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::error::{Error, Result};
use crate::model::{Model, RuntimeOptions, Streams};
use crate::output::Output;

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
    cpu_slots: Arc<Semaphore>,
    tasks: tokio_util::task::TaskTracker,
    scope: crate::scope::Scope,
}

impl Context {
    pub(crate) fn blocking(streams: Streams) -> Self {
        Context::new(Model::Blocking, RuntimeOptions::default(), streams)
    }

    pub(crate) fn new(model: Model, options: RuntimeOptions, streams: Streams) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Context {
            inner: Arc::new(Inner {
                model,
                slots: Arc::new(Semaphore::new(options.max_concurrency.max(1))),
                cpu_slots: Arc::new(Semaphore::new(cores)),
                options,
                streams,
                token: CancellationToken::new(),
                tasks: tokio_util::task::TaskTracker::new(),
                scope: crate::scope::Scope::new(),
            }),
        }
    }

    /// Cancels and joins what is left, then hands back the handler's result.
    pub(crate) fn finish(&self, result: Result<()>) -> Result<()> {
        self.inner.token.cancel();
        self.inner.tasks.close();
        self.inner.scope.release();
        result
    }

    /// The command's resource scope: temp files, tracked files, cleanups.
    pub fn scope(&self) -> &crate::scope::Scope {
        &self.inner.scope
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
    /// cancellation point for loops.
    pub fn check_cancelled(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Spawns `fut` once one of `max_concurrency` slots is free (waits for it:
    /// backpressure). The task is cancelled if still running when the handler
    /// returns.
    pub async fn spawn<F, T>(&self, fut: F) -> Result<TaskHandle<T>>
    where
        F: Future<Output = Result<T>> + Send + 'static,
        T: Send + 'static,
    {
        let permit = tokio::select! {
            permit = self.inner.slots.clone().acquire_owned() => permit
                .map_err(|_| Error::ResourceExhausted("task slots are closed".into()))?,
            _ = self.inner.token.cancelled() => return Err(Error::Cancelled),
        };
        let token = self.inner.token.clone();
        let handle = self.inner.tasks.spawn(async move {
            let _permit = permit;
            tokio::select! {
                out = fut => out,
                _ = token.cancelled() => Err(Error::Cancelled),
            }
        });
        Ok(TaskHandle { handle })
    }

    /// Runs `f` on the CPU pool and waits for its result. `f` should call
    /// [`Context::check_cancelled`] between chunks of work.
    pub async fn spawn_cpu<F, T>(&self, f: F) -> Result<T>
    where
        F: FnOnce() -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self
            .inner
            .cpu_slots
            .acquire()
            .await
            .map_err(|_| Error::ResourceExhausted("cpu pool is closed".into()))?;
        match tokio::task::spawn_blocking(f).await {
            Ok(out) => out,
            Err(e) => Err(Error::context("a CPU task panicked", e)),
        }
    }

    /// Waits for every task spawned so far.
    pub async fn join_all(&self) -> Result<()> {
        self.inner.tasks.close();
        self.inner.tasks.wait().await;
        self.inner.tasks.reopen();
        Ok(())
    }

    /// Runs `fut` with a deadline: `Err(Error::Timeout)` when it passes.
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

/// A spawned task; await [`TaskHandle::join`] for its result.
#[derive(Debug)]
pub struct TaskHandle<T> {
    handle: tokio::task::JoinHandle<Result<T>>,
}

impl<T> TaskHandle<T> {
    /// Waits for the task; a panic in it becomes an error.
    pub async fn join(self) -> Result<T> {
        match self.handle.await {
            Ok(out) => out,
            Err(e) if e.is_cancelled() => Err(Error::Cancelled),
            Err(e) => Err(Error::context("a task panicked", e)),
        }
    }
}
