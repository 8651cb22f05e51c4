//! Twin of clap's `examples/tutorial_derive/03_01_flag_bool.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, #[arg(short, long)] verbose: bool) -> Result<()> {
    writeln!(ctx.stdout(), "verbose: {verbose:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "03_01_flag_bool_derive", root: cli }.run()
}
