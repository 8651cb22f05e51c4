//! A program that takes its own arguments, as most tools do (`rg
//! PATTERN PATH`): one root command, no command names.
//! `cargo run --example grep -- -i fn src`.

#![deny(warnings, clippy::all)]

use std::io::{BufRead, Write};
use std::path::PathBuf;

use flash::{Context, Error, Result};

/// When to colour the matches.
#[derive(flash::ValueEnum, Clone, Copy, Debug, PartialEq)]
enum When {
    /// Always
    Always,
    /// When stdout is a terminal
    Auto,
    /// Never
    Never,
}

/// Search files for a pattern.
///
/// Prints every line that contains the pattern, prefixed with its file's
/// name when more than one file is searched. With no files, reads stdin.
#[flash::cmd(run)]
fn search(
    ctx: &Context,
    /// The text to look for
    pattern: String,
    /// Files to search (stdin when none)
    #[arg(value_hint = file)]
    paths: Vec<PathBuf>,
    /// Ignore case
    #[arg(short, long)]
    ignore_case: bool,
    /// Print only how many lines match
    #[arg(short, long)]
    count: bool,
    /// Colour the matches (alone: always)
    #[arg(long, value_name = "WHEN", default = When::Auto, default_missing = When::Always)]
    color: When,
    /// Show this many lines after each match
    #[arg(short = 'A', long, value_name = "NUM", heading = "Context")]
    after_context: Option<usize>,
) -> Result<()> {
    let needle = if ignore_case {
        pattern.to_lowercase()
    } else {
        pattern.clone()
    };
    let named = paths.len() > 1;
    let mut out = ctx.stdout();
    let mut total = 0usize;
    let inputs: Vec<Option<PathBuf>> = if paths.is_empty() {
        vec![None]
    } else {
        paths.into_iter().map(Some).collect()
    };
    for input in inputs {
        let reader: Box<dyn BufRead> = match &input {
            Some(path) => Box::new(std::io::BufReader::new(
                std::fs::File::open(path).map_err(|e| Error::fs(path, e))?,
            )),
            None => Box::new(std::io::BufReader::new(std::io::stdin())),
        };
        let mut after = 0usize;
        for line in reader.lines() {
            let line = match (line, &input) {
                (Ok(line), _) => line,
                (Err(e), Some(path)) => return Err(Error::fs(path, e)),
                (Err(e), None) => return Err(e.into()),
            };
            let hay = if ignore_case {
                line.to_lowercase()
            } else {
                line.clone()
            };
            let hit = hay.contains(&needle);
            if hit {
                total += 1;
                after = after_context.unwrap_or(0);
            } else if after > 0 {
                after -= 1;
            } else {
                continue;
            }
            if count {
                continue;
            }
            if let (true, Some(path)) = (named, &input) {
                write!(out, "{}:", path.display())?;
            }
            let marked = match (hit, color) {
                (true, When::Always) => {
                    line.replace(&pattern, &format!("\x1b[1;31m{pattern}\x1b[0m"))
                }
                _ => line,
            };
            writeln!(out, "{marked}")?;
        }
    }
    if count {
        writeln!(out, "{total}")?;
    }
    if total == 0 {
        return Err(Error::msg("no match"));
    }
    Ok(())
}

/// The app, for tests.
pub fn app() -> flash::App {
    flash::app! {
        name: "grep",
        version: "1.0.0",
        root: search,
    }
}

#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    app().run()
}
