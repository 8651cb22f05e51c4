//! What the completion tests complete: a hidden command and a hidden
//! argument, a value enum, path arguments, globals, a nested group and
//! aliases. `cargo run --example complete_probe -- completions bash`.

#![deny(warnings, clippy::all)]

use std::io::Write;
use std::path::PathBuf;

use flash::{Context, Result};

/// Options every command takes.
#[derive(flash::Args)]
struct Global {
    /// Where the data lives
    #[arg(long, default = ".data")]
    dir: PathBuf,
    /// When to colour the output
    #[arg(long, possible = ["auto", "always", "never"], default = "auto")]
    color: String,
}

/// How things are printed.
#[derive(flash::ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    /// One line each
    Plain,
    /// JSON lines
    Json,
    /// Comma-separated values
    #[value(alias = "comma")]
    Csv,
}

/// Print files in a format.
///
/// Each file is read whole.
#[flash::cmd(run, alias = "cat")]
fn show(
    ctx: &Context,
    g: &Global,
    /// The files to print
    files: Vec<PathBuf>,
    /// Output format
    #[arg(short, long, default = Format::Plain)]
    format: Format,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Number the lines
    #[arg(short = 'N', long)]
    number: bool,
    /// Dump the internals
    #[arg(long, hidden)]
    internals: bool,
) -> Result<()> {
    writeln!(
        ctx.stdout(),
        "show {files:?} {format:?} {output:?} {number} {internals} in {} ({})",
        g.dir.display(),
        g.color
    )?;
    Ok(())
}

/// Print the state of the store.
#[flash::cmd(run, hidden)]
fn debug(ctx: &Context) -> Result<()> {
    writeln!(ctx.stdout(), "debug")?;
    Ok(())
}

mod tag {
    use std::io::Write;

    use flash::{Context, Result};

    /// Add a tag.
    #[flash::cmd(run)]
    pub fn add(
        ctx: &Context,
        /// The tag's name
        name: String,
        /// Its hue
        #[arg(long, possible = ["red", "green", "blue"])]
        hue: Option<String>,
    ) -> Result<()> {
        writeln!(ctx.stdout(), "add {name} {hue:?}")?;
        Ok(())
    }

    /// Remove a tag.
    #[flash::cmd(run, alias = "rm")]
    pub fn remove(
        ctx: &Context,
        /// The tag's name
        name: String,
    ) -> Result<()> {
        writeln!(ctx.stdout(), "remove {name}")?;
        Ok(())
    }
}

/// The app, a function of its own so that tests can read its tables.
pub fn app() -> flash::App {
    flash::app! {
        name: "complete_probe",
        about: "Probe of completions",
        globals: Global,
        commands: [
            show,
            debug,
            /// Manage tags
            tag { tag::add, tag::remove },
        ],
    }
}

pub fn main() -> std::process::ExitCode {
    app().run()
}
