//! Twin of clap's `examples/tutorial_derive/02_crate.rs`: version and about
//! read from Cargo.toml, as `app!` does by default.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, #[arg(long)] two: String, #[arg(long)] one: String) -> Result<()> {
    writeln!(ctx.stdout(), "two: {two:?}")?;
    writeln!(ctx.stdout(), "one: {one:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "02_crate_derive", root: cli }.run()
}
