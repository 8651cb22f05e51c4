//! Twin of clap's `examples/demo.rs`.

use std::io::Write;

use flash::{Context, Result};

// Simple program to greet a person
//
// (clap's doc comment on `Args`, overridden there by `#[command(about)]`,
// which reads Cargo.toml: the twin has no doc comment, so the app's about,
// from Cargo.toml, is the program's.)
#[flash::cmd(run)]
fn args(
    ctx: &Context,
    /// Name of the person to greet
    #[arg(short, long)]
    name: String,
    /// Number of times to greet
    #[arg(short, long, default = 1)]
    count: u8,
) -> Result<()> {
    for _ in 0..count {
        writeln!(ctx.stdout(), "Hello {name}!")?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "demo", root: args }.run()
}
