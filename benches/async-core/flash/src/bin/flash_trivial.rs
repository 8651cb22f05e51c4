//! A trivial async command through flash, as a user writes it: an app with
//! one `run_async` command that prints one line (`flash_trivial hello`).
use std::io::Write;

/// Print one line.
#[flash::cmd(run_async)]
async fn hello(ctx: &flash::Context) -> flash::Result<()> {
    ctx.stdout().write_all(b"hello\n")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "flash_trivial", commands: [hello] }.run()
}
