//! A sync-only app through flash (default features): must link no tokio
//! runtime and no tracing-subscriber (checked with `nm` by the bench
//! script), since no command is async.
use std::io::Write;

/// Print one line.
#[flash::cmd(run)]
fn hello(ctx: &flash::Context) -> flash::Result<()> {
    ctx.stdout().write_all(b"hello\n")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "flash_sync_only", commands: [hello] }.run()
}
