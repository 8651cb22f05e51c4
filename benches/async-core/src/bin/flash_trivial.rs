//! A trivial async command through flash: print one line.
use std::io::Write;

use flash_core::{runtime::run_async, cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Streams};

fn main() -> std::process::ExitCode {
    let result = run_async(
        Model::Io,
        RuntimeOptions::default(),
        Streams::process(),
        |ctx| async move {
            ctx.stdout().write_all(b"hello\n")?;
            Ok(())
        },
    );
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => std::process::ExitCode::from(e.exit_code()),
    }
}
