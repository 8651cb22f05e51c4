//! Twin of clap's `examples/multicall-hostname.rs` (a builder example;
//! there is no derive one): the command is the name the binary is run as.

use std::io::Write;

use flash::{Context, Result};

/// show hostname part of FQDN
#[flash::cmd(run)]
fn hostname(ctx: &Context) -> Result<()> {
    writeln!(ctx.stdout(), "www")?;
    Ok(())
}

/// show domain name part of FQDN
#[flash::cmd(run)]
fn dnsdomainname(ctx: &Context) -> Result<()> {
    writeln!(ctx.stdout(), "example.com")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "hostname",
        // clap's has none (and this crate's description is clap's).
        about: "",
        multicall: true,
        commands: [hostname, dnsdomainname],
        help_if_no_args: true,
        completions: false,
    }
    .run()
}
