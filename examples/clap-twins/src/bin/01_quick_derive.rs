//! Twin of clap's `examples/tutorial_derive/01_quick.rs`.
//!
//! clap's parent options stay visible when a subcommand runs (`-dd test`);
//! in flash that is what globals are, so `-c` and `-d` are a globals group
//! headed `Options`, where clap lists them.

use std::io::Write;
use std::path::{Path, PathBuf};

use flash::{Context, Result};

/// The options clap's `Cli` declares beside its subcommand.
#[derive(flash::Args)]
#[args(heading = "Options")]
struct Opts {
    /// Sets a custom config file
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Turn debugging information on
    #[arg(short, long, count)]
    debug: u8,
}

// No doc comment: the program's about is the app's, from Cargo.toml, as
// `#[command(version, about, long_about = None)]` reads it.
#[flash::cmd(run)]
fn cli(
    ctx: &Context,
    opts: &Opts,
    /// Optional name to operate on
    name: Option<String>,
) -> Result<()> {
    // You can check the value provided by positional arguments, or option arguments
    if let Some(name) = name.as_deref() {
        writeln!(ctx.stdout(), "Value for name: {name}")?;
    }
    report(ctx, opts)
}

/// does testing things
#[flash::cmd(run)]
fn test(
    ctx: &Context,
    opts: &Opts,
    /// lists test values
    #[arg(short, long)]
    list: bool,
) -> Result<()> {
    report(ctx, opts)?;
    if list {
        writeln!(ctx.stdout(), "Printing testing lists...")?;
    } else {
        writeln!(ctx.stdout(), "Not printing testing lists...")?;
    }
    Ok(())
}

/// What clap's `main` prints of the parent's options, whichever command runs.
fn report(ctx: &Context, opts: &Opts) -> Result<()> {
    let mut out = ctx.stdout();
    if let Some(config_path) = opts.config.as_deref().map(Path::display) {
        writeln!(out, "Value for config: {config_path}")?;
    }

    // You can see how many times a particular flag or argument occurred
    // Note, only flags can have multiple occurrences
    match opts.debug {
        0 => writeln!(out, "Debug mode is off")?,
        1 => writeln!(out, "Debug mode is kind of on")?,
        2 => writeln!(out, "Debug mode is on")?,
        _ => writeln!(out, "Don't be crazy")?,
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "01_quick_derive",
        globals: Opts,
        root: cli,
        commands: [test],
        completions: false,
    }
    .run()
}
