//! A sync-only command through flash: must link no tokio runtime and no
//! tracing-subscriber (checked with `nm` by the bench script).
use std::io::Write;

use flash_core::cli::output::Streams;
use flash_core::runtime::run_blocking;

fn main() -> std::process::ExitCode {
    let result = run_blocking(Default::default(), Streams::process(), |ctx| {
        ctx.stdout().write_all(b"hello\n")?;
        Ok(())
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => std::process::ExitCode::from(e.exit_code()),
    }
}
