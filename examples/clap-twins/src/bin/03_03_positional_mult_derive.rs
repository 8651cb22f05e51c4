//! Twin of clap's `examples/tutorial_derive/03_03_positional_mult.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, name: Vec<String>) -> Result<()> {
    writeln!(ctx.stdout(), "name: {name:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "03_03_positional_mult_derive", root: cli }.run()
}
