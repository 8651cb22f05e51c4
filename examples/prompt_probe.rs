//! Prompt probe for the tests (`tests/cli_prompt.rs`): values asked for on
//! the terminal when no source gives them.

use std::io::Write;

/// Log in.
#[flash::cmd(run)]
fn login(
    ctx: &flash::Context,
    /// Who
    #[arg(prompt = "User")]
    user: String,
    /// The passphrase
    #[arg(long, env = "PROBE_PASS", prompt = "Passphrase", secret)]
    passphrase: String,
    /// Which port
    #[arg(long, default = 8080, range = 1..=65535, prompt = "Port")]
    port: u32,
) -> flash::Result<()> {
    // The passphrase itself is never printed: its length says it arrived.
    writeln!(
        ctx.stdout(),
        "user={user} passphrase-length={} port={port}",
        passphrase.chars().count()
    )?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "probe", commands: [login] }.run()
}
