//! Twin of clap's `examples/tutorial_derive/04_02_parse.rs`: clap's
//! `value_parser!(u16).range(1..)` is flash's `range`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(
    ctx: &Context,
    /// Network port to use
    #[arg(range = 1..=65535)]
    port: u16,
) -> Result<()> {
    writeln!(ctx.stdout(), "PORT = {port}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "04_02_parse_derive", root: cli }.run()
}
