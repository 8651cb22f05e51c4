//! Structured concurrency: every task a command starts goes through its
//! [`Context`] ([`Context::spawn`], [`Context::spawn_cpu`],
//! [`Context::spawn_blocking`]), is counted by the command's tracker, sees the
//! command's `CancellationToken`, and is cancelled and joined before the
//! command ends.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::Instrument;

use crate::cli::error::{Error, Result};
use crate::cli::output::Output;
use crate::cli::panic::catch;
use crate::cli::report::panic_error;
use crate::runtime::context::{scope_token, Context};
use crate::runtime::metrics::Outcome;
use crate::runtime::race::{race, Either};

/// Task states for handing a failure to exactly one party: the joiner (through
/// the `JoinHandle`) or, once the handle is dropped unjoined, the context.
const RUNNING: u8 = 0;
const DETACHED: u8 = 1;
const DONE: u8 = 2;

impl Context {
    async fn acquire(&self, slots: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit> {
        // Fast path first: no select machinery while slots are free.
        if let Ok(permit) = slots.clone().try_acquire_owned() {
            self.check_cancelled()?;
            return Ok(permit);
        }
        match race(self.rt().token.cancelled(), slots.clone().acquire_owned()).await {
            Either::Left(()) => Err(Error::Cancelled),
            Either::Right(permit) => {
                permit.map_err(|_| Error::ResourceExhausted("task slots are closed".into()))
            }
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
        let permit = self.acquire(self.rt().slots()).await?;
        self.rt().metrics.spawned();
        let state = Arc::new(AtomicU8::new(RUNNING));
        let ctx = self.clone();
        let task_state = state.clone();
        let span = tracing::debug_span!("task");
        let token = self.rt().token.clone();
        let task = async move {
            let metrics = &ctx.rt().metrics;
            let start = Instant::now();
            metrics.started();
            let caught = CatchUnwind {
                fut,
                stdout: ctx.stdout(),
            };
            let out = match race(token.cancelled(), caught).await {
                Either::Left(()) => Err(Error::Cancelled),
                Either::Right(out) => out,
            };
            metrics.finished(outcome_of(&out), start.elapsed());
            // Free the slot only once the task no longer counts as running.
            drop(permit);
            settle(&ctx, &task_state, out)
        };
        let task = scope_token(self.rt().token.clone(), task.instrument(span));
        let handle = self.rt().tasks.spawn(task);
        Ok(TaskHandle {
            handle: Some(handle),
            state,
            ctx: self.clone(),
        })
    }

    /// Runs `f` on the command's CPU pool (one thread per core, shared with
    /// the ops) and waits for its result. `f` should call
    /// [`Context::check_cancelled`] between chunks of work: cancellation
    /// reaches CPU work only there. `f` may use rayon (`par_iter`, `join`):
    /// it runs on the same pool. A panic in `f` becomes an error.
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// /// Sum a large range on the CPU pool.
    /// #[flash::cmd(run_async, model = cpu)]
    /// async fn sum(ctx: &flash::Context) -> flash::Result<()> {
    ///     let c = ctx.clone();
    ///     let total = ctx
    ///         .spawn_cpu(move || {
    ///             let mut sum = 0u64;
    ///             for chunk in 0..100u64 {
    ///                 c.check_cancelled()?;
    ///                 sum += (chunk * 1000..(chunk + 1) * 1000).sum::<u64>();
    ///             }
    ///             Ok(sum)
    ///         })
    ///         .await?;
    ///     writeln!(ctx.stdout(), "{total}")?;
    ///     Ok(())
    /// }
    ///
    /// let app = flash::app! { name: "demo", commands: [sum] };
    /// assert_eq!(app.try_run_from(["demo", "sum"]).stdout, "4999950000\n");
    /// ```
    pub async fn spawn_cpu<F, T>(&self, f: F) -> Result<T>
    where
        F: FnOnce() -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.check_cancelled()?;
        let pool = self.pool()?;
        self.rt().metrics.spawned();
        let (tx, rx) = tokio::sync::oneshot::channel();
        let ctx = self.clone();
        let span = tracing::debug_span!("cpu_task");
        // Counted by the tracker until `f` returns, even if this future is
        // dropped, so the command still joins it.
        let token = self.rt().tasks.token();
        pool.spawn(move || {
            let _entered = span.enter();
            let metrics = &ctx.rt().metrics;
            let start = Instant::now();
            metrics.started();
            let out = catch(f).unwrap_or_else(|m| Err(panic_error(&ctx.stdout(), m)));
            metrics.finished(outcome_of(&out), start.elapsed());
            let _ = tx.send(out);
            drop(token);
        });
        rx.await
            .unwrap_or_else(|_| Err(Error::msg("a CPU task ended without a result")))
    }

    /// Spawns blocking I/O `f` (reading files, waiting on a child process)
    /// on tokio's blocking threads once one of the `max_concurrency` slots is
    /// free (waits for it: backpressure), like [`Context::spawn`]. It is
    /// counted and joined like every task of the command; it cannot be
    /// stopped mid-call, so `f` should check [`Context::check_cancelled`]
    /// between reads. A panic in `f` becomes an error.
    pub async fn spawn_blocking<F, T>(&self, f: F) -> Result<TaskHandle<T>>
    where
        F: FnOnce() -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.acquire(self.rt().slots()).await?;
        self.rt().metrics.spawned();
        let state = Arc::new(AtomicU8::new(RUNNING));
        let ctx = self.clone();
        let task_state = state.clone();
        let span = tracing::debug_span!("blocking_task");
        let handle = self.rt().tasks.spawn_blocking(move || {
            let _entered = span.enter();
            let metrics = &ctx.rt().metrics;
            let start = Instant::now();
            metrics.started();
            let out = catch(f).unwrap_or_else(|m| Err(panic_error(&ctx.stdout(), m)));
            metrics.finished(outcome_of(&out), start.elapsed());
            drop(permit);
            settle(&ctx, &task_state, out)
        });
        Ok(TaskHandle {
            handle: Some(handle),
            state,
            ctx: self.clone(),
        })
    }

    /// Waits for every task spawned so far, then reports the first failure of
    /// a task whose handle was dropped unjoined, if any. Must not be called
    /// from inside a spawned task (it would wait for itself).
    pub async fn join_all(&self) -> Result<()> {
        self.rt().tasks.close();
        self.rt().tasks.wait().await;
        self.rt().tasks.reopen();
        self.take_failure().map_or(Ok(()), Err)
    }

    /// Runs `fut` with a time limit of its own: `Err(Error::TimedOut)`
    /// when it passes (the future is dropped then). That is an ordinary
    /// error of one operation, which [`retry`](crate::runtime::retry::retry)
    /// tries again (`retry(|| ctx.with_timeout(d, fetch()))`); the
    /// command's own deadline (`--timeout`) is [`Error::Deadline`].
    pub async fn with_timeout<F, T>(&self, dur: Duration, fut: F) -> Result<T>
    where
        F: Future<Output = Result<T>>,
    {
        match tokio::time::timeout(dur, fut).await {
            Ok(out) => out,
            Err(_) => Err(Error::TimedOut(dur)),
        }
    }
}

/// Hands a finished task's result to its handle, or, if the handle was
/// dropped unjoined, its failure to the context.
fn settle<T>(ctx: &Context, state: &AtomicU8, out: Result<T>) -> Result<T> {
    if state
        .compare_exchange(RUNNING, DONE, Ordering::AcqRel, Ordering::Acquire)
        .is_err()
    {
        if let Err(e) = out {
            ctx.record_failure(e);
        }
        return Err(Error::Cancelled);
    }
    out
}

fn outcome_of<T>(out: &Result<T>) -> Outcome {
    match out {
        Ok(_) => Outcome::Completed,
        Err(Error::Cancelled) => Outcome::Cancelled,
        Err(_) => Outcome::Failed,
    }
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
            Err(e) => Err(Error::Panicked(match e.try_into_panic() {
                Ok(payload) => crate::cli::panic::message(payload.as_ref()),
                Err(e) => e.to_string(),
            })),
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
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let polled = match Pin::new(&mut handle).poll(&mut cx) {
            Poll::Ready(out) => Some(out),
            Poll::Pending => None,
        };
        match polled {
            Some(Ok(Err(e))) => self.ctx.record_failure(e),
            Some(_) => {}
            None => {
                // Rare: the result is being stored right now; collect it on
                // the runtime, tracked so `join_all` still waits for it.
                if let Ok(rt) = tokio::runtime::Handle::try_current() {
                    let ctx = self.ctx.clone();
                    self.ctx.rt().tasks.spawn_on(
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

pin_project_lite::pin_project! {
    /// A future's output, or the error its panic stands for
    /// ([`panic_error`]: `Error::Panicked`, or `println!`'s failure on
    /// `stdout`): a task's bookkeeping (metrics, slot, detached failure),
    /// and a command's scope, `after` hook and report, survive a panic.
    pub(crate) struct CatchUnwind<F> {
        #[pin]
        pub(crate) fut: F,
        pub(crate) stdout: Output,
    }
}

impl<F: Future<Output = Result<T>>, T> Future for CatchUnwind<F> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let fut = this.fut;
        match catch(|| fut.poll(cx)) {
            Ok(poll) => poll,
            Err(message) => Poll::Ready(Err(panic_error(this.stdout, message))),
        }
    }
}
