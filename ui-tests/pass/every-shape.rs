//! Every app shape and key of issue 15, compiling together.

use std::ffi::OsString;
use std::path::PathBuf;

/// Options of every command.
#[derive(flash::Args)]
#[args(heading = "Filters")]
struct Filters {
    /// Only these
    #[arg(long)]
    only: Option<String>,
}

/// A group of options only, after a variadic positional: not a positional.
#[derive(flash::Args)]
struct FetchOpts {
    /// Retries
    #[arg(long, default = 3)]
    retries: u32,
}

fn names(g: &Filters, word: &str) -> Vec<(String, String)> {
    let _ = g;
    vec![(format!("{word}x"), "an x".to_owned())]
}

/// When to colour.
#[derive(flash::ValueEnum, Clone, Copy, Debug)]
enum When { Always, Auto, Never }

/// Search files.
#[flash::cmd(run, help_if_no_args)]
fn search(
    /// The pattern
    pattern: Option<String>,
    /// Where
    #[arg(value_hint = dir)]
    paths: Vec<PathBuf>,
    /// When to colour
    #[arg(long)]
    color: Option<Option<When>>,
    /// How much context
    #[arg(long, default_missing = 3, default = 0)]
    context: u32,
    /// Force
    #[arg(short, no_long, heading = "Danger")]
    force: bool,
    /// A note
    #[arg(long, complete = names)]
    note: Option<String>,
    /// After `--`
    #[arg(last)]
    rest: Option<String>,
) -> flash::Result<()> {
    let _ = (pattern, paths, color, context, force, note, rest);
    Ok(())
}

/// Synchronize.
#[flash::cmd(run, short_flag = 'S', long_flag = "sync")]
fn sync(
    /// Search too
    #[arg(short)]
    s: bool,
    filters: Filters,
) -> flash::Result<()> { let _ = (s, filters); Ok(()) }

/// Fetch.
#[flash::cmd(run_async)]
async fn fetch(urls: Vec<String>, opts: FetchOpts) -> flash::Result<()> { let _ = (urls, opts); Ok(()) }

/// A plugin.
#[flash::cmd(run)]
fn plugin(name: String, args: Vec<OsString>) -> flash::Result<()> { let _ = (name, args); Ok(()) }

fn main() {
    let _ = flash::app! {
        name: "shapes",
        root: search,
        commands: [sync, fetch],
        external: plugin,
        multicall: true,
        globals: Filters,
        logging: true,
        completions: hidden,
        runtime_flags: [timeout, metrics],
        help_if_no_args: true,
        propagate_version: true,
    };
    let _ = flash::app! { root: search, completions: false, runtime_flags: [] };
}
