//! Twin of clap's `examples/tutorial_derive/03_06_optional.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, name: Option<String>) -> Result<()> {
    writeln!(ctx.stdout(), "name: {name:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "03_06_optional_derive", root: cli }.run()
}
