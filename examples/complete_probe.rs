//! What the completion tests complete: a hidden command and a hidden
//! argument, two value enums that share a variant name, path arguments
//! (one only for directories), hostile possible values, a completer that
//! reads app state built from a global typed on the line and one that
//! panics, a negative number as a positional, globals, a nested group and
//! aliases. Every command prints the arguments it received, so a test can
//! see what a shell's completion put on the line.
//! `COMPLETE=bash cargo run --example complete_probe`.

#![deny(warnings, clippy::all)]

use std::io::Write;
use std::path::PathBuf;

use flash::{Candidate, Context, Result};

/// Options every command takes.
#[derive(flash::Args)]
struct Global {
    /// Where the data lives
    #[arg(long, default = ".data", value_hint = dir)]
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

/// How a page is laid out: shares `json` with `Format`, with help of its
/// own.
#[derive(flash::ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Layout {
    /// One JSON document per page
    Json,
    /// An aligned table
    Table,
}

/// The notes in `--dir`, the state the note completer reads.
struct Notes(Vec<String>);

/// Reads the names in `--dir` (as typed on the line being completed).
fn open_notes(g: &Global) -> Result<Notes> {
    let mut names: Vec<String> = std::fs::read_dir(&g.dir)?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(Notes(names))
}

/// The notes whose names start with `word`.
fn note_names(notes: &Notes, word: &str) -> Vec<Candidate> {
    notes
        .0
        .iter()
        .filter(|n| n.starts_with(word))
        .map(|n| Candidate::new(n.as_str()).help("a note"))
        .collect()
}

/// A completer with a bug: it offers nothing, and the shell shows nothing.
fn explode(_word: &str) -> Vec<String> {
    panic!("the completer broke")
}

/// Prints what the program received, one `argv:` line, as Rust debug
/// strings (escapes for quotes, newlines and the like).
fn received(ctx: &Context) -> Result<()> {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    writeln!(ctx.stdout(), "argv: {argv:?}")?;
    Ok(())
}

/// Print files in a format.
///
/// Each file is read whole.
#[flash::cmd(run, alias = "cat")]
#[allow(clippy::too_many_arguments)]
fn show(
    ctx: &Context,
    g: &Global,
    /// The files to print
    files: Vec<PathBuf>,
    /// Output format
    #[arg(short, long, default = Format::Plain)]
    format: Format,
    /// Page layout
    #[arg(short, long)]
    layout: Option<Layout>,
    /// Write here instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Copy the files into this directory too
    #[arg(long, value_hint = dir)]
    into: Option<PathBuf>,
    /// A tag, from a list of awkward ones
    #[arg(long, possible = ["a b", "$(touch PWNED)", "`touch PWNED`", "semi;colon", "it's", "x:y", "k=v", "-dash", "new\nline", "back\\slash"])]
    tag: Option<String>,
    /// Number the lines
    #[arg(short = 'N', long)]
    number: bool,
    /// Dump the internals
    #[arg(long, hidden)]
    internals: bool,
) -> Result<()> {
    received(ctx)?;
    writeln!(
        ctx.stdout(),
        "show {files:?} {format:?} {layout:?} {output:?} {into:?} {tag:?} {number} {internals} in {} ({})",
        g.dir.display(),
        g.color
    )?;
    Ok(())
}

/// Open a note.
#[flash::cmd(run)]
fn open(
    ctx: &Context,
    /// The note's name
    #[arg(complete = note_names)]
    name: String,
    /// Never offers anything
    #[arg(long, complete = explode)]
    broken: Option<String>,
) -> Result<()> {
    received(ctx)?;
    writeln!(ctx.stdout(), "open {name:?} {broken:?}")?;
    Ok(())
}

/// Move by an offset.
#[flash::cmd(run)]
fn seek(
    ctx: &Context,
    /// Lines to move (negative: back)
    offset: i64,
    /// Where to count from
    #[arg(possible = ["start", "end"])]
    from: Option<String>,
) -> Result<()> {
    received(ctx)?;
    writeln!(ctx.stdout(), "seek {offset} {from:?}")?;
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
        state: [open_notes],
        commands: [
            show,
            open,
            seek,
            debug,
            /// Manage tags
            tag { tag::add, tag::remove },
        ],
    }
}

pub fn main() -> std::process::ExitCode {
    app().run()
}
