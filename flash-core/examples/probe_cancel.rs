//! Test probe: writes temp files in a loop until cancelled.
//!
//! `probe_cancel DIR [--timeout MS] [--stubborn] [--cpu]`
//! - default: the handler and 4 spawned tasks create temp files beside
//!   `DIR/out-N`, write, yield, and commit, checking for cancellation.
//! - `--stubborn`: a CPU job that never checks for cancellation keeps
//!   creating temp files, so only a second signal ends the process.
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
        eprintln!("usage: probe_cancel DIR [--timeout MS] [--stubborn]");
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
    let mut stubborn = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--timeout" => {
                let ms = args.next().and_then(|v| v.parse().ok()).unwrap_or(10);
                options.timeout = Some(Duration::from_millis(ms));
            }
            "--stubborn" => stubborn = true,
            other => {
                eprintln!("unknown argument {other}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let dir = Arc::new(dir);
    let result = run_async(Model::Io, options, Streams::process(), |ctx| async move {
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
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(e.exit_code())
        }
    }
}
