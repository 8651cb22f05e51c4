//! The async execution models: the runtime each builds, and how an async
//! handler runs on it, with its signals, deadline, memory watch and report.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use tracing::Instrument;

use crate::cli::error::{Error, Result};
use crate::cli::exec::{Model, RuntimeOptions};
use crate::cli::invoke::Invocation;
use crate::cli::log::Logger;
use crate::cli::output::Streams;
use crate::runtime::context::{CancelReason, Context};
use crate::runtime::env::Env;
use crate::runtime::race::{race, Either};
use crate::runtime::signals::{relay, Caught, OnSignal};
use crate::runtime::tasks::CatchUnwind;
use crate::runtime::watchdog::Watchdog;

/// Runs an async command's `body` where `run_async` can build its runtime:
/// right here, or, when the caller is itself inside a tokio runtime (an app
/// tested with `try_run_from` from `#[tokio::test]`), on a thread of its own.
pub fn outside_runtime(invocation: Invocation, body: fn(Invocation) -> Result<()>) -> Result<()> {
    if tokio::runtime::Handle::try_current().is_err() {
        return body(invocation);
    }
    std::thread::scope(|s| {
        s.spawn(move || body(invocation))
            .join()
            .unwrap_or_else(|payload| {
                Err(Error::Panicked(crate::cli::panic::message(
                    payload.as_ref(),
                )))
            })
    })
}

/// How long a cancelled handler may take to return on its own before it is
/// dropped at its current await point (its locals, temp files included, are
/// dropped then). A handler that never reaches an await point is the
/// watchdog's: it ends the process after its own, longer, grace.
///
/// Half a second: an op that checks the token between chunks returns well
/// within it even with both cores loaded (measured: up to ~250 ms from a
/// SIGHUP to `fl encrypt`'s return, debug build, two CPU burners beside
/// other builds on a 2-core machine; 100 ms was too tight there), and it
/// stays half the watchdog's one-second grace. A cooperative handler
/// returns at once and never waits for it.
const DROP_AFTER: Duration = Duration::from_millis(500);

/// Runs an async handler on the runtime of `model`, with signal handling,
/// `--timeout`, `--memory-limit` and `--metrics` as `options` say.
/// Signals are handled only when `streams` are the process's own (not under
/// `try_run_from`). Must not be called from inside a tokio runtime.
///
/// When the handler returns, every task it spawned is cancelled and joined and
/// the scope is released before this returns. Errors: the handler's own, or
/// [`Error::Signal`] after SIGINT/SIGTERM/SIGHUP/SIGQUIT, [`Error::Deadline`]
/// after the deadline, [`Error::ResourceExhausted`] past the memory limit,
/// [`Error::Panicked`] if it panicked; map them with [`Error::exit_code`].
///
/// ```
/// use flash_core::cli::exec::{Model, RuntimeOptions};
/// use flash_core::cli::output::Streams;
/// use flash_core::runtime::run_async;
/// let result = run_async(Model::Io, RuntimeOptions::default(), Streams::captured(), |ctx| async move {
///     let task = ctx.spawn(async { Ok(21 * 2) }).await?;
///     assert_eq!(task.join().await?, 42);
///     Ok(())
/// });
/// assert!(result.is_ok());
/// ```
pub fn run_async<'a, F, Fut>(
    model: Model,
    options: RuntimeOptions,
    streams: Streams,
    handler: F,
) -> Result<()>
where
    F: FnOnce(Context) -> Fut + 'a,
    Fut: Future<Output = Result<()>> + 'a,
{
    let path = options.command.into();
    run_boxed(
        Run {
            model,
            options,
            path,
            streams,
            logger: None,
            after: None,
        },
        Box::new(move |ctx| Box::pin(handler(ctx))),
    )
}

/// Runs an async command's handler, as generated code calls it: on the
/// runtime of `model`, as [`run_async`] does, with the app's `before` hook
/// before it, its `after` hook after it whatever ends it (an error, a
/// panic, its deadline, a signal), its run's log dispatcher around it, and
/// its [`Env`] to extract `&T` parameters from.
pub fn run_command<'a, F, Fut>(
    model: Model,
    options: RuntimeOptions,
    mut inv: Invocation,
    handler: F,
) -> Result<()>
where
    F: FnOnce(Rc<Env>) -> Fut + 'a,
    Fut: Future<Output = Result<()>> + 'a,
{
    let streams = inv.streams();
    let path = inv.command_path();
    let logger = inv.take_logger();
    // The context is given when the runtime is up: the env's own options
    // go unused.
    let env = Rc::new(Env::new(inv, RuntimeOptions::default()));
    let after = |result| env.after(result);
    let handler_env = Rc::clone(&env);
    run_boxed(
        Run {
            model,
            options,
            path,
            streams,
            logger: logger.as_ref(),
            after: Some(&after),
        },
        Box::new(move |ctx| {
            handler_env.set_ctx(ctx);
            Box::pin(async move {
                handler_env.before()?;
                handler(handler_env).await
            })
        }),
    )
}

/// A handler whose future is boxed.
type BoxedHandler<'a> =
    Box<dyn FnOnce(Context) -> Pin<Box<dyn Future<Output = Result<()>> + 'a>> + 'a>;

/// What [`run_boxed`] runs a handler with.
struct Run<'r> {
    model: Model,
    options: RuntimeOptions,
    path: Cow<'static, str>,
    streams: Streams,
    /// The run's log dispatcher (`app! { logging: true }`).
    logger: Option<&'r Logger>,
    /// The `after` hook, given the command's result.
    after: Option<&'r dyn Fn(Result<()>) -> Result<()>>,
}

/// [`run_async`] on a boxed handler: compiled once here, not once per
/// command in every app (the runtime's set-up, signals and shutdown are
/// the same for all).
///
/// Once the handler has ended (returned, failed, panicked, or been
/// dropped after its cancellation), its tasks are joined and its scope
/// released, then the `after` hook runs and `--metrics` reports: on every
/// exit path but the process ended from outside (a second signal, the
/// grace period over).
fn run_boxed(run: Run<'_>, handler: BoxedHandler<'_>) -> Result<()> {
    if tokio::runtime::Handle::try_current().is_ok() {
        // `block_on` inside a runtime would panic; say what to do instead.
        return Err(Error::msg(
            "an async command cannot run inside another tokio runtime; call `try_run_from` from a plain `#[test]` or a `spawn_blocking` thread",
        ));
    }
    let Run {
        model,
        options,
        path,
        streams,
        logger,
        after,
    } = run;
    let _log = logger.map(Logger::enter);
    let log = logger.and_then(crate::runtime::logging::dispatch);
    let runtime = build_runtime(model, log.clone())?;
    let report = options.metrics;
    let ctx = Context::new(model, options, path, streams.clone(), log);
    let workers = match model {
        // The pool does a `cpu` command's work: start it with the command.
        Model::Cpu => ctx.pool()?.threads(),
        _ => runtime.metrics().num_workers(),
    };
    ctx.set_workers(workers);
    // The process's signals are the command's own unless it is embedded
    // (`try_run_from`, captured streams): caught until the report is out.
    let own_signals = streams.stdout.is_process_stdout();
    let caught = own_signals.then(|| Caught::install(OnSignal::Note));
    let watchdog = Watchdog::start(&ctx);
    let result = runtime.block_on(async {
        let result = drive(ctx.clone(), handler, own_signals).await;
        let result = match after {
            Some(after) => after(result),
            None => result,
        };
        if report {
            use std::io::Write;
            let text = ctx.metrics().to_string();
            let _ = streams.stderr.clone().write_all(text.as_bytes());
        }
        result
    });
    watchdog.stop();
    drop(caught);
    result
}

/// The tokio runtime of `model`: `io` gets one worker per core; `cpu` and
/// `stream` get the calling thread only (the CPU pool does a `cpu`
/// command's work; a `stream` command's memory stays flat because nothing
/// runs beside its one pipeline). Its threads log through `log`, the run's
/// dispatcher, if it has one.
fn build_runtime(model: Model, log: Option<tracing::Dispatch>) -> Result<tokio::runtime::Runtime> {
    let mut builder = match model {
        // One worker per core: tokio's default, which asks the OS itself.
        // Named so that the model is visible in `ps` and `top` (and to the
        // tests that tell the models apart).
        Model::Io => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.thread_name("flash-io");
            b
        }
        Model::Cpu | Model::Stream | Model::Blocking => {
            tokio::runtime::Builder::new_current_thread()
        }
    };
    if let Some(log) = log {
        builder
            .on_thread_start(move || crate::runtime::logging::on_thread(&log))
            .on_thread_stop(crate::runtime::logging::off_thread);
    }
    builder
        .enable_all()
        .build()
        .map_err(|e| Error::context("could not start the async runtime", e))
}

async fn drive(ctx: Context, handler: BoxedHandler<'_>, own_signals: bool) -> Result<()> {
    let command = ctx.options().command;
    let span = tracing::info_span!("command", name = command, model = ctx.model().name());
    let token = ctx.token();
    let fut = CatchUnwind {
        fut: handler(ctx.clone()),
        stdout: ctx.stdout(),
    };
    let fut = crate::runtime::context::scope_token(token.clone(), fut);
    // Cancelled by the token, or by a signal the relay sees: raced beside
    // the handler rather than spawned (a task of its own cost more than
    // the rest of the set-up).
    let cancelled = async {
        let relay = async {
            if own_signals {
                {
                    let ctx = ctx.clone();
                    relay(move |sig| ctx.cancel_with(CancelReason::Signal(sig))).await
                }
            } else {
                std::future::pending().await
            }
        };
        race(token.cancelled(), relay).await;
    };
    let result = async {
        let mut fut = std::pin::pin!(fut);
        match race(fut.as_mut(), cancelled).await {
            Either::Left(out) => out,
            Either::Right(()) => match tokio::time::timeout(DROP_AFTER, fut).await {
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
    ctx.shutdown(result, reason).instrument(span).await
}
