//! Execution models: which runtime runs a command.
//!
//! SKELETON (to be completed by the async-core work): the entry points and
//! their signatures are fixed, generated code calls them.

use std::future::Future;
use std::time::Duration;

use tracing::Instrument;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Output;

/// How a command runs, picked by `#[cmd(model = ...)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Model {
    /// The calling thread; no async runtime at all.
    Blocking,
    /// tokio multi-thread runtime, one worker per core.
    Io,
    /// tokio runtime plus a CPU pool sized to the cores.
    Cpu,
    /// tokio current-thread runtime with bounded buffers.
    Stream,
}

impl Model {
    /// The name used in `#[cmd(model = ...)]` and in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Model::Blocking => "blocking",
            Model::Io => "io",
            Model::Cpu => "cpu",
            Model::Stream => "stream",
        }
    }
}

/// The runtime flags of an async command after defaults and argv are merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeOptions {
    /// `--timeout`: expiry cancels the command (exit 124).
    pub timeout: Option<Duration>,
    /// `--max-concurrency`: bound on `Context::spawn` (default 10).
    pub max_concurrency: usize,
    /// `--memory-limit`: soft limit in bytes.
    pub memory_limit: Option<u64>,
    /// `--metrics`: print the report on stderr at exit.
    pub metrics: bool,
    /// Log level: 0 by default (warnings), +1 per `-v`, -1 for `-q`.
    /// `RUST_LOG`, when set, takes precedence.
    pub verbosity: i8,
    /// The command's name, for the tracing span (empty: unnamed).
    pub command: &'static str,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            timeout: None,
            max_concurrency: 10,
            memory_limit: None,
            metrics: false,
            verbosity: 0,
            command: "",
        }
    }
}

/// The output handles a command writes through.
#[derive(Clone, Debug)]
pub struct Streams {
    pub stdout: Output,
    pub stderr: Output,
}

impl Streams {
    /// The process's own stdout and stderr.
    pub fn process() -> Self {
        Streams {
            stdout: Output::stdout(),
            stderr: Output::stderr(),
        }
    }

    /// In-memory buffers, for `try_run_from`.
    pub fn captured() -> Self {
        Streams {
            stdout: Output::captured(),
            stderr: Output::captured(),
        }
    }
}

/// Runs a sync handler on the calling thread: builds no runtime, starts no thread.
///
/// The context's scope is released when the handler returns, however it
/// returns. SIGINT/SIGTERM meanwhile unlink the uncommitted temp files and
/// exit 130 at once (a sync handler has no cancellation point to stop at);
/// with captured streams (`try_run_from`) signals are left alone.
pub fn run_blocking<F>(streams: Streams, handler: F) -> Result<()>
where
    F: FnOnce(&Context) -> Result<()>,
{
    // Ctrl-C cannot reach a sync handler: it exits 130 at once, after
    // unlinking the uncommitted temp files. Not in an embedded run (captured
    // streams): the process's signals are not this command's to take.
    let signals = streams
        .stdout
        .is_process_stdout()
        .then(crate::signal::BlockingSignals::install);
    let ctx = Context::blocking(streams);
    let result = handler(&ctx);
    let out = ctx.finish(result);
    drop(signals);
    out
}

/// Runs an async command's `body` where `run_async` can build its runtime:
/// right here, or, when the caller is itself inside a tokio runtime (an app
/// tested with `try_run_from` from `#[tokio::test]`), on a thread of its own.
pub fn outside_runtime(
    invocation: crate::invoke::Invocation,
    body: fn(crate::invoke::Invocation) -> Result<()>,
) -> Result<()> {
    if tokio::runtime::Handle::try_current().is_err() {
        return body(invocation);
    }
    std::thread::scope(|s| {
        s.spawn(move || body(invocation))
            .join()
            .unwrap_or_else(|_| Err(Error::msg("the command panicked")))
    })
}

/// How long a cancelled handler may take to return on its own before it is
/// dropped at its current await point (its locals, temp files included, are
/// dropped then).
const GRACE: Duration = Duration::from_millis(100);

/// Runs an async handler on the runtime of `model`, with logging, signal
/// handling, `--timeout`, `--memory-limit` and `--metrics` as `options` say.
/// Signals are handled only when `streams` are the process's own (not under
/// `try_run_from`). Must not be called from inside a tokio runtime.
///
/// When the handler returns, every task it spawned is cancelled and joined and
/// the scope is released before this returns. Errors: the handler's own, or
/// [`Error::Cancelled`] after SIGINT/SIGTERM, [`Error::Timeout`] after the
/// deadline, [`Error::ResourceExhausted`] past the memory limit; map them
/// with [`Error::exit_code`].
///
/// ```
/// use flash_core::{model::run_async, Model, RuntimeOptions, Streams};
/// let result = run_async(Model::Io, RuntimeOptions::default(), Streams::captured(), |ctx| async move {
///     let task = ctx.spawn(async { Ok(21 * 2) }).await?;
///     assert_eq!(task.join().await?, 42);
///     Ok(())
/// });
/// assert!(result.is_ok());
/// ```
pub fn run_async<F, Fut>(
    model: Model,
    options: RuntimeOptions,
    streams: Streams,
    handler: F,
) -> Result<()>
where
    F: FnOnce(Context) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        // `block_on` inside a runtime would panic; say what to do instead.
        return Err(Error::msg(
            "an async command cannot run inside another tokio runtime; call `try_run_from` from a plain `#[test]` or a `spawn_blocking` thread",
        ));
    }
    crate::logging::install(options.verbosity);
    let runtime = build_runtime(model)?;
    let report = options.metrics;
    let ctx = Context::new(model, options, streams.clone());
    ctx.set_workers(runtime.metrics().num_workers());
    let result = runtime.block_on(drive(ctx.clone(), handler));
    if report {
        use std::io::Write;
        let text = runtime.block_on(async { ctx.metrics() }).to_string();
        let _ = streams.stderr.clone().write_all(text.as_bytes());
    }
    result
}

fn build_runtime(model: Model) -> Result<tokio::runtime::Runtime> {
    let mut builder = match model {
        Model::Stream | Model::Blocking => tokio::runtime::Builder::new_current_thread(),
        Model::Io | Model::Cpu => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(crate::context::cpu_pool_size());
            b
        }
    };
    builder
        .enable_all()
        .thread_name("flash-worker")
        .build()
        .map_err(|e| Error::context("could not start the async runtime", e))
}

async fn drive<F, Fut>(ctx: Context, handler: F) -> Result<()>
where
    F: FnOnce(Context) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let command = ctx.options().command;
    let span = tracing::info_span!("command", name = command, model = ctx.model().name());
    let watchers = crate::signal::start(&ctx);
    let token = ctx.token();
    let fut = crate::context::scope_token(token.clone(), handler(ctx.clone()));
    let result = async {
        tokio::pin!(fut);
        tokio::select! {
            biased;
            out = &mut fut => out,
            _ = token.cancelled() => match tokio::time::timeout(GRACE, &mut fut).await {
                Ok(out) => out,
                Err(_) => {
                    tracing::debug!("handler did not return in time after cancellation: dropped");
                    Err(Error::Cancelled)
                }
            },
        }
    }
    .instrument(span.clone())
    .await;
    let reason = ctx.reason();
    // Keep the signal watcher through shutdown: a second Ctrl-C while tasks
    // are being joined must still exit at once.
    let out = ctx.shutdown(result, reason).instrument(span).await;
    drop(watchers);
    out
}
