//! Twin of clap's `examples/tutorial_derive/04_02_validate.rs`.

use std::io::Write;
use std::ops::RangeInclusive;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(
    ctx: &Context,
    /// Network port to use
    #[arg(parse = port_in_range)]
    port: u16,
) -> Result<()> {
    writeln!(ctx.stdout(), "PORT = {port}")?;
    Ok(())
}

const PORT_RANGE: RangeInclusive<usize> = 1..=65535;

fn port_in_range(s: &str) -> std::result::Result<u16, String> {
    let port: usize = s
        .parse()
        .map_err(|_| format!("`{s}` isn't a port number"))?;
    if PORT_RANGE.contains(&port) {
        Ok(port as u16)
    } else {
        Err(format!(
            "port not in range {}-{}",
            PORT_RANGE.start(),
            PORT_RANGE.end()
        ))
    }
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "04_02_validate_derive", root: cli }.run()
}
