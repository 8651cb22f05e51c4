//! Twin of clap's `examples/tutorial_derive/02_apps.rs`.
//!
//! clap's app is named `MyApp` while its usage lines show the binary's
//! name; flash has one name for both, the binary's here.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(ctx: &Context, #[arg(long)] two: String, #[arg(long)] one: String) -> Result<()> {
    writeln!(ctx.stdout(), "two: {two:?}")?;
    writeln!(ctx.stdout(), "one: {one:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "02_apps_derive",
        version: "1.0",
        about: "Does awesome things",
        root: cli,
    }
    .run()
}
