//! Twin of clap's `examples/tutorial_derive/03_02_option.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, #[arg(short, long)] name: String) -> Result<()> {
    writeln!(ctx.stdout(), "name: {name:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "03_02_option_derive", root: cli }.run()
}
