//! Waits for Ctrl-C as a command: prints `ready`, returns at cancellation.
use std::io::Write;

use flash_core::cli::exec::{Model, RuntimeOptions};
use flash_core::cli::output::Streams;
use flash_core::runtime::run_async;

fn main() -> std::process::ExitCode {
    let result = run_async(
        Model::Io,
        RuntimeOptions::default(),
        Streams::process(),
        |ctx| async move {
            let mut out = ctx.stdout();
            out.write_all(b"ready\n")?;
            out.flush()?;
            ctx.cancelled().await;
            ctx.check_cancelled()
        },
    );
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => std::process::ExitCode::from(e.exit_code()),
    }
}
