//! Twin of clap's `examples/tutorial_derive/03_01_flag_count.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, #[arg(short, long, count)] verbose: u8) -> Result<()> {
    writeln!(ctx.stdout(), "verbose: {verbose:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "03_01_flag_count_derive", root: cli }.run()
}
