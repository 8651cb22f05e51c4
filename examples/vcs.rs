//! A `git`-like app: run with no command it shows the status (its root
//! command), commands beside it, and plugins: an unknown command `foo` runs
//! `vcs-foo` from `PATH`, as `cargo` and `git` do.
//! `cargo run --example vcs -- add a.txt`.

#![deny(warnings, clippy::all)]

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use flash::{Context, Error, Result};

/// Options of every command.
#[derive(flash::Args)]
struct Global {
    /// Run as if started in this directory
    #[arg(short = 'C', long, value_name = "DIR", default = ".")]
    dir: PathBuf,
}

// Show what changed: the root command, which runs when no command is
// named. Without a doc comment of its own, its help is the app's `about`.
#[flash::cmd(run)]
fn status(
    ctx: &Context,
    g: &Global,
    /// Give the output in the short format
    #[arg(short, long)]
    short: bool,
) -> Result<()> {
    let format = if short { "short" } else { "long" };
    writeln!(ctx.stdout(), "status of {} ({format})", g.dir.display())?;
    Ok(())
}

/// Add files to the next commit.
#[flash::cmd(run, help_if_no_args)]
fn add(
    ctx: &Context,
    /// Files to add
    #[arg(required)]
    paths: Vec<PathBuf>,
    /// Add changes from all tracked files
    #[arg(short = 'A', long)]
    all: bool,
) -> Result<()> {
    for path in &paths {
        writeln!(
            ctx.stdout(),
            "add {}{}",
            path.display(),
            if all { " (all)" } else { "" }
        )?;
    }
    Ok(())
}

/// Record changes.
#[flash::cmd(run, alias = "ci")]
fn commit(
    ctx: &Context,
    /// The message
    #[arg(short, long)]
    message: String,
    /// Amend the last commit
    #[arg(long)]
    amend: bool,
) -> Result<()> {
    writeln!(
        ctx.stdout(),
        "commit {message:?}{}",
        if amend { " (amend)" } else { "" }
    )?;
    Ok(())
}

/// Runs `vcs-NAME` from `PATH` with the rest of the command line.
#[flash::cmd(run)]
fn plugin(
    ctx: &Context,
    /// The plugin's name
    name: String,
    /// Its arguments, as typed
    args: Vec<OsString>,
) -> Result<()> {
    let program = format!("vcs-{name}");
    let status = std::process::Command::new(&program)
        .args(&args)
        .status()
        .map_err(|e| {
            Error::context(
                format!("cannot run `{program}` (no such command `{name}`)"),
                e,
            )
        })?;
    if !status.success() {
        writeln!(ctx.stderr(), "`{program}` failed: {status}")?;
        return Err(Error::msg(format!("plugin `{name}` failed")));
    }
    Ok(())
}

/// The app, for tests.
pub fn app() -> flash::App {
    flash::app! {
        name: "vcs",
        version: "0.3.0",
        about: "A tiny version control tool",
        globals: Global,
        root: status,
        commands: [add, commit],
        external: plugin,
        propagate_version: true,
    }
}

#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    app().run()
}
