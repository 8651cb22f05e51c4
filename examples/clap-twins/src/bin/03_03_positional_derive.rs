//! Twin of clap's `examples/tutorial_derive/03_03_positional.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, name: String) -> Result<()> {
    writeln!(ctx.stdout(), "name: {name:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "03_03_positional_derive", root: cli }.run()
}
