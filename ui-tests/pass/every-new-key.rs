//! Every key and feature of shared options, state, hooks and value enums,
//! together: globals, sync and async state providers, `before`/`after`
//! hooks, a `ValueEnum` with `name`/`alias`, `Args` by value, and the
//! `#[arg]` keys `count`, `negate`, `conflicts_with`, `requires`, `hidden`,
//! `last`, `range`, `parse`, plus `hidden` and `one_of` commands.
#![deny(warnings)]

use std::path::PathBuf;

use flash::{Context, Result};

/// Options every command takes.
#[derive(flash::Args)]
struct Global {
    /// Where the notes live
    #[arg(long, env = "UI_NOTES_DIR", default = ".notes")]
    dir: PathBuf,
    /// More output (-v, -vv)
    #[arg(short, long, count)]
    verbose: u8,
}

/// How to write files.
#[derive(flash::Args)]
struct WriteOpts {
    /// Overwrite what is there
    #[arg(short, long, conflicts_with = "backup")]
    force: bool,
    /// Keep a backup with this suffix
    #[arg(long, value_name = "SUFFIX")]
    backup: Option<String>,
}

/// Output format.
#[derive(flash::ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    /// One line per note
    Plain,
    /// JSON lines
    Json,
    /// Comma-separated
    #[value(name = "csv", alias = ["comma", "commas"])]
    Csv,
    /// Not shown
    #[value(hidden)]
    Debug,
}

struct Db {
    dir: PathBuf,
}

struct Index {
    size: usize,
}

fn open_db(g: &Global) -> Result<Db> {
    Ok(Db { dir: g.dir.clone() })
}

async fn load_index(ctx: &Context, db: &Db) -> Result<Index> {
    let _ = ctx.is_cancelled();
    Ok(Index { size: db.dir.as_os_str().len() })
}

fn audit(ctx: &Context, g: &Global, db: &Db) -> Result<()> {
    let _ = (ctx.command(), g.verbose, &db.dir);
    Ok(())
}

fn report(ctx: &Context) -> std::result::Result<(), std::io::Error> {
    let _ = ctx.command();
    Ok(())
}

fn parse_level(text: &str) -> std::result::Result<u8, String> {
    text.parse::<u8>().map_err(|e| format!("not a level: {e}"))
}

/// List notes.
#[flash::cmd(run, alias = "ls")]
fn list(
    g: &Global,
    db: &Db,
    /// How to print them
    #[arg(short, long, default = Format::Plain)]
    format: Format,
    /// Colour the output
    #[arg(long, negate)]
    color: bool,
    /// Show archived notes too
    #[arg(long, default = true)]
    archived: bool,
    /// How many to show
    #[arg(short = 'n', long, range = 1..=100, default = 10)]
    limit: u32,
    /// Log level
    #[arg(long, parse = parse_level, requires = "format")]
    level: Option<u8>,
    /// Internal
    #[arg(long, hidden)]
    trace: bool,
) -> Result<()> {
    let _ = (&g.dir, &db.dir, format, color, archived, limit, level, trace);
    Ok(())
}

/// Write a note.
#[flash::cmd(run_async, one_of = ["body", "file"])]
async fn write(
    ctx: &Context,
    index: &Index,
    opts: WriteOpts,
    /// Its text
    #[arg(long)]
    body: Option<String>,
    /// Read it from a file
    #[arg(long)]
    file: Option<PathBuf>,
    /// Ratio
    #[arg(long, range = 0.0..1.0)]
    ratio: Option<f64>,
    /// Levels
    #[arg(long, parse = parse_level)]
    levels: Vec<u8>,
    /// Arguments for the editor
    #[arg(last)]
    rest: Vec<String>,
) -> Result<()> {
    let _ = (ctx.command(), index.size, opts.force, opts.backup, body, file, ratio, levels, rest);
    Ok(())
}

/// Rebuild the index (hidden).
#[flash::cmd(run, hidden)]
fn reindex(db: &Db, #[arg(short, long, count)] verbose: u8) -> Result<()> {
    let _ = (&db.dir, verbose);
    Ok(())
}

fn main() {
    let app = flash::app! {
        name: "notes",
        globals: Global,
        state: [open_db, load_index],
        before: audit,
        after: report,
        commands: [list, write, tools { reindex }],
    };
    for args in [
        &["notes", "-v", "list", "--format", "comma", "--no-archived", "-n", "5"][..],
        &["notes", "write", "--body", "hi", "--levels", "1", "-f", "--", "-x"],
        &["notes", "tools", "reindex", "-vv", "--dir", "y"],
    ] {
        let out = app.try_run_with(args.iter().copied(), [("UI_NOTES_DIR", "x")]);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
}
