//! Twin of clap's `examples/cargo-example-derive.rs`: a cargo plugin, named
//! `cargo` in its usage lines (clap's `name` and `bin_name`).
//!
//! clap's top level has no `--version` and its one subcommand has its own;
//! flash gives every app `-V` and shares it with `propagate_version`, the
//! closest there is (the top level's help differs; that case is excluded).
//! clap's styles (colours) are not reproduced: the examples' output is piped.

use std::io::Write;
use std::path::PathBuf;

use flash::{Context, Result};

/// A simple to use, efficient, and full-featured Command Line Argument Parser
#[flash::cmd(run)]
fn example_derive(ctx: &Context, #[arg(long)] manifest_path: Option<PathBuf>) -> Result<()> {
    writeln!(ctx.stdout(), "{manifest_path:?}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "cargo",
        // clap's has none (and this crate's description is clap's).
        about: "",
        commands: [example_derive],
        help_if_no_args: true,
        propagate_version: true,
        completions: false,
    }
    .run()
}
