//! An app written as a user would write one, with `flash` as its only
//! dependency: its tests run it in-process (`try_run_from`) and as a built
//! binary (`src/bin/facade.rs`), argv in, stdout, stderr and exit code out.
//!
//! - `log N`, `alog N`: a line at every level, from a sync command, and
//!   from an async command and one of its tasks;
//! - `flaky K`: an operation that hangs its first `K` tries, each bounded
//!   by `ctx.with_timeout` and retried;
//! - `boom`, `aboom`, `task-boom`, `temp-boom DIR`: panics;
//! - `wait DIR`, `stubborn`: commands a signal or a deadline ends;
//! - `ask`: an argument with a prompt.
//!
//! The `after` hook says it ran on stderr and, when `FACADE_MARKER` names a
//! file, writes the command's name there (for the process-level tests).

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use flash::tracing::{debug, error, info, trace, warn};
use flash::{Context, Error, Result};

/// Log one line at every level.
#[flash::cmd(run)]
fn log(
    ctx: &Context,
    /// Which run this is
    n: u32,
) -> Result<()> {
    lines(n, "sync");
    writeln!(ctx.stdout(), "{n}")?;
    Ok(())
}

/// Log one line at every level, from the handler and from a task.
#[flash::cmd(run_async)]
async fn alog(
    ctx: &Context,
    /// Which run this is
    n: u32,
) -> Result<()> {
    lines(n, "async");
    ctx.spawn(async move {
        lines(n, "task");
        Ok(())
    })
    .await?
    .join()
    .await?;
    writeln!(ctx.stdout(), "{n}")?;
    Ok(())
}

fn lines(n: u32, from: &str) {
    error!("error {from} {n}");
    warn!("warn {from} {n}");
    info!("info {from} {n}");
    debug!("debug {from} {n}");
    trace!("trace {from} {n}");
}

/// An operation that hangs its first tries, each given 20 ms and retried.
#[flash::cmd(run_async)]
async fn flaky(
    ctx: &Context,
    /// How many tries hang
    hangs: u32,
) -> Result<()> {
    let tries = Arc::new(AtomicU32::new(0));
    let policy = flash::Backoff::new().initial_delay(Duration::from_millis(1));
    let value = policy
        .retry(|| {
            let tries = tries.clone();
            ctx.with_timeout(Duration::from_millis(20), async move {
                if tries.fetch_add(1, Ordering::SeqCst) < hangs {
                    std::future::pending::<()>().await;
                }
                Ok(42)
            })
        })
        .await?;
    writeln!(
        ctx.stdout(),
        "value={value} tries={}",
        tries.load(Ordering::SeqCst)
    )?;
    Ok(())
}

/// Panic in a sync handler.
#[flash::cmd(run)]
fn boom(ctx: &Context) -> Result<()> {
    writeln!(ctx.stdout(), "before")?;
    explode("sync boom")
}

/// Panic in an async handler.
#[flash::cmd(run_async)]
async fn aboom(ctx: &Context) -> Result<()> {
    writeln!(ctx.stdout(), "before")?;
    flash::tokio::task::yield_now().await;
    explode("async boom")
}

/// Panic in a spawned task, joined.
#[flash::cmd(run_async)]
async fn task_boom(ctx: &Context) -> Result<()> {
    let task = ctx.spawn(async { explode("task boom") }).await?;
    task.join().await
}

/// Panic with a scoped temp file in `dir`.
#[flash::cmd(run_async)]
async fn temp_boom(
    ctx: &Context,
    /// Where the temp file goes
    dir: PathBuf,
) -> Result<()> {
    let mut tmp = ctx.scope().temp_file(&dir.join("out"))?;
    tmp.file().write_all(b"half")?;
    explode("temp boom")
}

fn explode(message: &str) -> Result<()> {
    if std::hint::black_box(true) {
        panic!("{message}");
    }
    Ok(())
}

/// Print `ready`, hold a scoped temp file in `dir`, wait until cancelled.
#[flash::cmd(run_async)]
async fn wait(
    ctx: &Context,
    /// Where the temp file goes
    dir: PathBuf,
) -> Result<()> {
    let mut tmp = ctx.scope().temp_file(&dir.join("out"))?;
    tmp.file().write_all(b"half")?;
    ready(ctx)?;
    ctx.cancelled().await;
    Ok(())
}

/// Print `ready`, then never yield and never look at the token.
#[flash::cmd(run_async)]
async fn stubborn(ctx: &Context) -> Result<()> {
    ready(ctx)?;
    loop {
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn ready(ctx: &Context) -> Result<()> {
    let mut out = ctx.stdout();
    out.write_all(b"ready\n")?;
    out.flush()?;
    Ok(())
}

/// A value asked for on the terminal when not given.
#[flash::cmd(run)]
fn ask(
    ctx: &Context,
    /// Who
    #[arg(long, prompt = "Name")]
    name: String,
) -> Result<()> {
    writeln!(ctx.stdout(), "name={name}")?;
    Ok(())
}

/// Fail with an I/O error.
#[flash::cmd(run)]
fn missing(
    /// A file that is not there
    path: PathBuf,
) -> Result<()> {
    std::fs::read(&path).map_err(|e| Error::fs(&path, e))?;
    Ok(())
}

/// Runs after every command: says so, and leaves a marker for the
/// process-level tests.
fn after(ctx: &Context) -> Result<()> {
    writeln!(ctx.stderr(), "after ran: {}", ctx.command())?;
    if let Some(marker) = std::env::var_os("FACADE_MARKER") {
        std::fs::write(marker, ctx.command())?;
    }
    Ok(())
}

/// The app, with `logging: true`.
pub fn app() -> flash::App {
    flash::app! {
        name: "facade",
        about: "An app that depends on flash alone",
        after: after,
        logging: true,
        commands: [log, alog, flaky, boom, aboom, task_boom, temp_boom, wait, stubborn, ask, missing],
    }
}

/// Greet, logging a warning.
#[flash::cmd(run)]
fn greet(ctx: &Context) -> Result<()> {
    warn!("greeting");
    writeln!(ctx.stdout(), "hello")?;
    Ok(())
}

/// The same kind of app without `logging: true`: no `-v`, no subscriber
/// of flash's.
pub fn quiet_app() -> flash::App {
    flash::app! { name: "quiet", commands: [greet] }
}
