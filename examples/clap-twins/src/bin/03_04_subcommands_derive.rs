//! Twin of clap's `examples/tutorial_derive/03_04_subcommands.rs`.
//!
//! clap's derive makes a required subcommand show the help when run bare
//! (`arg_required_else_help`): `help_if_no_args` says so here.

use std::io::Write;

use flash::{Context, Result};

/// Adds files to myapp
#[flash::cmd(run)]
fn add(ctx: &Context, name: Option<String>) -> Result<()> {
    writeln!(ctx.stdout(), "'myapp add' was used, name is: {name:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "03_04_subcommands_derive",
        commands: [add],
        help_if_no_args: true,
        propagate_version: true,
        completions: false,
    }
    .run()
}
