//! Twin of clap's `examples/tutorial_derive/02_app_settings.rs`.
//!
//! clap's `#[command(next_line_help = true)]` has no flash key: help puts
//! each item's text beside it, which differs from clap's only in layout.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, #[arg(long)] two: String, #[arg(long)] one: String) -> Result<()> {
    writeln!(ctx.stdout(), "two: {two:?}")?;
    writeln!(ctx.stdout(), "one: {one:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "02_app_settings_derive", root: cli }.run()
}
