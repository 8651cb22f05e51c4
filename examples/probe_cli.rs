//! A tiny app the behaviour tests (`tests/cli_*.rs`) run: raw bytes of
//! OS-string arguments, clustered short flags, a command that declares
//! built-in names (`-v`, `--timeout`) itself, and one command per execution
//! model that reports the runtime and threads it finds.

#![deny(warnings, clippy::all)]

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use flash::{Context, Result};

/// Write the raw bytes of each argument, one per line.
#[flash::cmd(run)]
fn raw(
    ctx: &Context,
    /// A path, passed through untouched
    path: PathBuf,
    /// An extra value, passed through untouched
    #[arg(short, long)]
    extra: Option<OsString>,
    /// More paths
    rest: Vec<PathBuf>,
) -> Result<()> {
    let mut out = ctx.stdout();
    let mut line = |label: &str, bytes: &[u8]| -> Result<()> {
        out.write_all(label.as_bytes())?;
        out.write_all(bytes)?;
        out.write_all(b"\n")?;
        Ok(())
    };
    line("path=", path.as_os_str().as_encoded_bytes())?;
    if let Some(extra) = &extra {
        line("extra=", extra.as_encoded_bytes())?;
    }
    for p in &rest {
        line("rest=", p.as_os_str().as_encoded_bytes())?;
    }
    Ok(())
}

/// Report short flags, for clustering.
#[flash::cmd(run)]
fn flags(
    ctx: &Context,
    /// Be loud
    #[arg(short, long)]
    loud: bool,
    /// Be quiet (the command's own `-q`)
    #[arg(short, long)]
    quiet: bool,
    /// Something extra
    #[arg(short = 'x', long)]
    extra: bool,
    /// A name
    #[arg(short, long)]
    name: Option<String>,
) -> Result<()> {
    writeln!(
        ctx.stdout(),
        "loud={loud} quiet={quiet} extra={extra} name={name:?}"
    )?;
    Ok(())
}

/// Declare built-in names as the command's own.
#[flash::cmd(run_async)]
async fn own(
    ctx: &Context,
    /// The command's own verbose flag
    #[arg(short, long)]
    verbose: bool,
    /// The command's own timeout, any text
    #[arg(long)]
    timeout: Option<String>,
) -> Result<()> {
    writeln!(ctx.stdout(), "verbose={verbose} timeout={timeout:?}")?;
    Ok(())
}

/// `runtime=<flavour|none> threads=<n> model=<name>` for the current thread.
fn report(ctx: &Context, cpu: Option<u64>) -> Result<()> {
    let runtime = match flash::tokio::runtime::Handle::try_current() {
        Ok(handle) => format!("{:?}", handle.runtime_flavor()),
        Err(_) => "none".to_owned(),
    };
    let mut line = format!(
        "runtime={runtime} threads={} model={}",
        threads(),
        ctx.model().name()
    );
    if let Some(n) = cpu {
        line.push_str(&format!(" cpu={n}"));
    }
    writeln!(ctx.stdout(), "{line}")?;
    Ok(())
}

/// The process's thread count, from `/proc/self/status` (0 where unknown).
fn threads() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .and_then(|n| n.trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Report the runtime of the io model.
#[flash::cmd(run_async, model = io)]
async fn io(ctx: &Context) -> Result<()> {
    report(ctx, None)
}

/// Report the runtime of the cpu model, after using its CPU pool.
#[flash::cmd(run_async, model = cpu)]
async fn cpu(ctx: &Context) -> Result<()> {
    let sum = ctx.spawn_cpu(|| Ok((1..=100u64).sum::<u64>())).await?;
    report(ctx, Some(sum))
}

/// Report the runtime of the stream model.
#[flash::cmd(run_async, model = stream)]
async fn stream(ctx: &Context) -> Result<()> {
    report(ctx, None)
}

/// Report the (absent) runtime of a blocking command.
#[flash::cmd(run)]
fn blocking(ctx: &Context) -> Result<()> {
    report(ctx, None)
}

/// The same, for a blocking command that takes no context.
#[flash::cmd(run, model = blocking)]
fn bare() -> Result<()> {
    let runtime = flash::tokio::runtime::Handle::try_current().is_ok();
    println!("has_runtime={runtime} threads={}", threads());
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "probe",
        about: "Probe app for flash's behaviour tests",
        logging: true,
        commands: [raw, flags, own, io, cpu, stream, blocking, bare],
    }
    .run()
}
