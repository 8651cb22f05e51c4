//! Test probe: writes temp files in a loop until cancelled.
//!
//! `probe_cancel DIR [--timeout MS] [--stubborn] [--cpu]`
//! - default: the handler and 4 spawned tasks create temp files beside
//!   `DIR/out-N`, write, yield, and commit, checking for cancellation.
//! - `--stubborn`: a CPU job that never checks for cancellation keeps
//!   creating temp files, so only a second signal (or the grace timer)
//!   ends the process.
//! - `--itimer`: the handler runs its own interval timer (`ITIMER_REAL`,
//!   every 5 ms, its own SIGALRM handler) and waits to be cancelled; then
//!   prints whether the timer still ticks with its interval
//!   (`timer: ticking, interval 5000us`), and after the command whether
//!   its SIGALRM handler is still in place (`handler: kept`).
//! - `--sigpipe-default`: SIGPIPE is given its default action (Rust
//!   ignores it) before the command runs.
//!
//! Prints `ready` on stdout once the handler runs; exits with the error's
//! exit code.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use flash_core::{
    cli::error::Result, cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Streams,
    runtime::run_async, runtime::Context,
};

static NEXT: AtomicU64 = AtomicU64::new(0);
/// SIGALRMs of the probe's own interval timer.
static TICKS: AtomicU64 = AtomicU64::new(0);

extern "C" fn tick(_: libc::c_int) {
    TICKS.fetch_add(1, Ordering::Relaxed);
}

/// The app's own SIGALRM handler and 5 ms interval timer, installed while
/// the command runs (flash's handlers are in place by then).
fn start_own_timer() {
    // SAFETY: a handler that only touches an atomic; a valid itimerval.
    unsafe {
        libc::signal(libc::SIGALRM, tick as *const () as libc::sighandler_t);
        let every = libc::timeval {
            tv_sec: 0,
            tv_usec: 5000,
        };
        let timer = libc::itimerval {
            it_interval: every,
            it_value: every,
        };
        libc::setitimer(libc::ITIMER_REAL, &timer, std::ptr::null_mut());
    }
}

/// The interval of the process's `ITIMER_REAL`, in microseconds.
fn own_timer_interval() -> i64 {
    // SAFETY: getitimer fills a valid itimerval.
    unsafe {
        let mut timer: libc::itimerval = std::mem::zeroed();
        libc::getitimer(libc::ITIMER_REAL, &mut timer);
        timer.it_interval.tv_sec * 1_000_000 + timer.it_interval.tv_usec
    }
}

/// Whether SIGALRM still has the probe's handler.
fn own_handler_kept() -> bool {
    // SAFETY: a query of the current action only.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        libc::sigaction(libc::SIGALRM, std::ptr::null(), &mut current);
        current.sa_sigaction == tick as *const () as libc::sighandler_t
    }
}

/// `--itimer`: waits to be cancelled with its own timer running, then
/// says whether it still runs.
async fn own_timer(ctx: Context) -> Result<()> {
    start_own_timer();
    println!("ready");
    let _ = std::io::stdout().flush();
    ctx.cancelled().await;
    let before = TICKS.load(Ordering::Relaxed);
    // Ticks keep coming after the cancellation (and the grace timer's
    // arming): a few 5 ms periods.
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(1)).await;
        if TICKS.load(Ordering::Relaxed) >= before + 3 {
            break;
        }
    }
    let ticking = TICKS.load(Ordering::Relaxed) >= before + 3;
    println!(
        "timer: {}, interval {}us",
        if ticking { "ticking" } else { "stopped" },
        own_timer_interval()
    );
    let _ = std::io::stdout().flush();
    Err(flash_core::cli::error::Error::Cancelled)
}

async fn writer(ctx: Context, dir: Arc<PathBuf>) -> Result<()> {
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mut tmp = ctx.scope().temp_file(&dir.join(format!("out-{n}")))?;
        for _ in 0..4 {
            tmp.file().write_all(&[b'x'; 512])?;
            tokio::task::yield_now().await;
        }
        ctx.check_cancelled()?;
        tmp.commit()?;
        // Keep the directory small: committed files are fine to remove.
        let _ = std::fs::remove_file(dir.join(format!("out-{n}")));
    }
}

fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: probe_cancel DIR [--timeout MS] [--stubborn] [--idle]");
        return std::process::ExitCode::from(2);
    };
    // The program's own subscriber, as an app without `logging: true`
    // installs one: flash logs through it (`received SIGINT`).
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .init();
    let mut options = RuntimeOptions::default();
    options.command = "probe";
    let (mut stubborn, mut itimer, mut idle) = (false, false, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--timeout" => {
                let ms = args.next().and_then(|v| v.parse().ok()).unwrap_or(10);
                options.timeout = Some(Duration::from_millis(ms));
            }
            "--stubborn" => stubborn = true,
            "--itimer" => itimer = true,
            // Makes no temp file: waits to be cancelled.
            "--idle" => idle = true,
            // SAFETY: sets a disposition, nothing else runs yet.
            "--sigpipe-default" => unsafe {
                libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            },
            other => {
                eprintln!("unknown argument {other}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let dir = Arc::new(dir);
    let result = run_async(Model::Io, options, Streams::process(), |ctx| async move {
        if itimer {
            return own_timer(ctx).await;
        }
        if idle {
            println!("ready");
            let _ = std::io::stdout().flush();
            ctx.cancelled().await;
            return Err(flash_core::cli::error::Error::Cancelled);
        }
        if stubborn {
            let d = dir.clone();
            let c = ctx.clone();
            let job = ctx.spawn_cpu(move || {
                let mut held = Vec::new();
                loop {
                    let n = NEXT.fetch_add(1, Ordering::Relaxed);
                    held.push(c.scope().temp_file(&d.join(format!("cpu-{n}")))?);
                    if held.len() > 8 {
                        held.remove(0);
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            });
            println!("ready");
            let _ = std::io::stdout().flush();
            return job.await;
        }
        for _ in 0..4 {
            let _ = ctx.spawn(writer(ctx.clone(), dir.clone())).await?;
        }
        println!("ready");
        let _ = std::io::stdout().flush();
        writer(ctx.clone(), dir).await
    });
    if itimer {
        let kept = own_handler_kept();
        println!("handler: {}", if kept { "kept" } else { "lost" });
    }
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(e.exit_code())
        }
    }
}
