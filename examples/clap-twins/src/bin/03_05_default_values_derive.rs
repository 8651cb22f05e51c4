//! Twin of clap's `examples/tutorial_derive/03_05_default_values.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, #[arg(default = 2020)] port: u16) -> Result<()> {
    writeln!(ctx.stdout(), "port: {port:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "03_05_default_values_derive", root: cli }.run()
}
