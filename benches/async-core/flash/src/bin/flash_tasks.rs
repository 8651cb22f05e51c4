//! N tiny tasks through `ctx.spawn` (bounded by --max-concurrency 10).
use std::hint::black_box;

use flash_core::cli::exec::{Model, RuntimeOptions};
use flash_core::cli::output::Streams;
use flash_core::runtime::run_async;

fn main() -> std::process::ExitCode {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let result = run_async(
        Model::Io,
        RuntimeOptions::default(),
        Streams::process(),
        move |ctx| async move {
            for i in 0..n {
                let _ = ctx.spawn(async move { Ok(black_box(i)) }).await?;
            }
            ctx.join_all().await
        },
    );
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => std::process::ExitCode::from(e.exit_code()),
    }
}
