//! The apps the argv fuzzer drives: between them, every argument shape
//! flash has.
//!
//! `fz` has app `globals` (its own `-v`, an `env` + `default`, a
//! `default = true` bool), state, `before`/`after` hooks, a command with
//! every positional and option shape, an `Args` group taken by value,
//! `one_of`, digit shorts, a non-ASCII short, a hidden command and nested
//! groups with aliases. `fy` has no globals (so flash's built-in `-v`/`-q`
//! and runtime options hold), async commands, a command owning `-h`, `-v`
//! and `--timeout`, and a three-level group.
//!
//! Every handler writes one line on stdout and notes each text value it got
//! (see [`Seen`]) for the harness to check against argv.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use flash::{Context, Error, Result};

/// How a text value reached a handler, for the oracle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// A positional: a whole argv element.
    Whole,
    /// An option's value: a whole element or the end of one (`--x=V`,
    /// `-xV`), or an env var, or a default.
    Option,
}

/// A text value a handler received.
pub type Seen = (From, Vec<u8>);

/// What the last run's handler received: its text values, and for `shapes`
/// the `last` tail.
#[derive(Debug, Default)]
pub struct Record {
    pub seen: Vec<Seen>,
    pub tail: Option<Vec<Vec<u8>>>,
    /// The command that ran (its name).
    pub ran: Option<&'static str>,
}

/// The record of the current run (handlers of async commands run on
/// another thread, so not a thread-local).
pub static RECORD: Mutex<Record> = Mutex::new(Record {
    seen: Vec::new(),
    tail: None,
    ran: None,
});

fn record() -> std::sync::MutexGuard<'static, Record> {
    RECORD.lock().unwrap_or_else(|e| e.into_inner())
}

fn note(from: From, value: &OsStr) {
    record()
        .seen
        .push((from, value.as_encoded_bytes().to_vec()));
}

fn ran(name: &'static str) {
    record().ran = Some(name);
}

// ---------------------------------------------------------------- values

/// Output format.
#[derive(flash::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum Format {
    /// One line per item
    Plain,
    /// JSON lines
    Json,
    /// Comma-separated
    #[value(name = "csv", alias = "comma")]
    Csv,
}

/// A day, `YYYY-MM-DD`, read by `parse = parse_date` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(u16, u8, u8);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// `YYYY-MM-DD`, month 1..=12, day 1..=31.
pub fn parse_date(text: &str) -> std::result::Result<Date, String> {
    let bad = || format!("'{text}' is not a date like 2024-05-17");
    let mut parts = text.split('-');
    let mut field = |len: usize| {
        parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u16>().ok())
    };
    match (field(4), field(2), field(2), parts.next()) {
        (Some(y), Some(m @ 1..=12), Some(d @ 1..=31), None) => Ok(Date(y, m as u8, d as u8)),
        _ => Err(bad()),
    }
}

// ---------------------------------------------------------------- fz

/// Options every command of fz takes.
#[derive(flash::Args)]
pub struct Global {
    /// Where things live
    #[arg(long, env = "FZ_ROOT", default = ".")]
    root: PathBuf,
    /// More output (-v, -vv): the app's own, not flash's
    #[arg(short, long, count)]
    verbose: u8,
    /// Colour the output
    #[arg(long, default = true)]
    color: bool,
}

/// Which items a listing takes.
#[derive(flash::Args)]
pub struct Filter {
    /// Only items with this label
    #[arg(short = 'g', long)]
    label: Option<String>,
    /// At most this many
    #[arg(short = 'n', long, default = 10, range = 1..=1000)]
    limit: u32,
    /// Only items since this day
    #[arg(long, value_name = "DATE", parse = parse_date)]
    since: Option<Date>,
}

/// App state, opened from the globals.
pub struct Store {
    root: PathBuf,
}

fn open_store(g: &Global) -> Result<Store> {
    if g.root.as_os_str() == "fail-store" {
        return Err(Error::msg("cannot open the store"));
    }
    Ok(Store {
        root: g.root.clone(),
    })
}

fn audit(g: &Global) -> Result<()> {
    note(From::Option, g.root.as_os_str());
    if g.verbose >= 7 {
        return Err(Error::validation("too verbose"));
    }
    Ok(())
}

fn after(_g: &Global) -> Result<()> {
    Ok(())
}

/// Every positional and option shape.
#[flash::cmd(run, alias = "sh")]
#[allow(clippy::too_many_arguments)]
fn shapes(
    ctx: &Context,
    g: &Global,
    /// A required positional
    first: u32,
    /// An optional positional
    second: Option<String>,
    /// A variadic positional
    rest: Vec<PathBuf>,
    /// A required option
    #[arg(short, long)]
    must: String,
    /// An optional option, raw
    #[arg(short, long)]
    opt: Option<OsString>,
    /// A repeatable option
    #[arg(short, long)]
    tag: Vec<String>,
    /// A level
    #[arg(short, long, env = "FZ_LEVEL", default = 3, range = 1..=9)]
    level: u8,
    /// A mode
    #[arg(long, possible = ["fast", "slow"])]
    mode: Option<String>,
    /// Output format
    #[arg(short = 'F', long, default = Format::Plain)]
    format: Format,
    /// A day
    #[arg(long, parse = parse_date)]
    date: Option<Date>,
    /// Days
    #[arg(long, parse = parse_date)]
    dates: Vec<Date>,
    /// A flag
    #[arg(short, long)]
    force: bool,
    /// A count
    #[arg(short, long, count)]
    count: u8,
    /// Pin it
    #[arg(long, negate)]
    pin: bool,
    /// Print a header
    #[arg(long, default = true)]
    header: bool,
    /// Everything
    #[arg(long, conflicts_with = "tag")]
    all: bool,
    /// Write here
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace OUT
    #[arg(long, requires = "out")]
    overwrite: bool,
    /// Not shown
    #[arg(long, hidden)]
    secret: Option<String>,
    /// A non-ASCII short
    #[arg(short = 'é', long)]
    accent: bool,
    /// A signed number
    #[arg(long, range = -5..=5)]
    delta: Option<i32>,
    /// A float
    #[arg(long)]
    ratio: Option<f64>,
) -> Result<()> {
    ran("shapes");
    if let Some(s) = &second {
        note(From::Whole, OsStr::new(s));
    }
    rest.iter().for_each(|p| note(From::Whole, p.as_os_str()));
    note(From::Option, OsStr::new(&must));
    if let Some(o) = &opt {
        note(From::Option, o);
    }
    tag.iter().for_each(|t| note(From::Option, OsStr::new(t)));
    if let Some(m) = &mode {
        note(From::Option, OsStr::new(m));
    }
    if let Some(o) = &out {
        note(From::Option, o.as_os_str());
    }
    if let Some(s) = &secret {
        note(From::Option, OsStr::new(s));
    }
    note(From::Option, g.root.as_os_str());
    if first == 13 {
        return Err(Error::validation("13 is unlucky"));
    }
    writeln!(
        ctx.stdout(),
        "shapes {first} {second:?} {rest:?} {must:?} {opt:?} {tag:?} {level} {mode:?} \
         {format:?} {date:?} {dates:?} {force} {count} {pin} {header} {all} {out:?} {overwrite} \
         {secret:?} {accent} {delta:?} {ratio:?} root={:?} v={} color={}",
        g.root,
        g.verbose,
        g.color
    )?;
    Ok(())
}

/// Run a program: everything after `--`, raw.
///
/// (A `last` argument and a variadic positional cannot share a command:
/// the macro asks to move each after the other.)
#[flash::cmd(run, alias = "x")]
fn exec(
    ctx: &Context,
    /// A name for the run
    name: Option<String>,
    /// Variables for the program
    #[arg(short, long)]
    env: Vec<String>,
    /// The program and its arguments
    #[arg(last)]
    tail: Vec<OsString>,
) -> Result<()> {
    ran("exec");
    if let Some(n) = &name {
        note(From::Whole, OsStr::new(n));
    }
    env.iter().for_each(|e| note(From::Option, OsStr::new(e)));
    record().tail = Some(tail.iter().map(|t| t.as_encoded_bytes().to_vec()).collect());
    writeln!(ctx.stdout(), "exec {name:?} {env:?} {tail:?}")?;
    Ok(())
}

/// Pick by URL or file: exactly one.
#[flash::cmd(run, one_of = ["url", "file"])]
fn pick(
    ctx: &Context,
    filter: Filter,
    /// From a URL
    #[arg(long)]
    url: Option<String>,
    /// From a file
    #[arg(long)]
    file: Option<PathBuf>,
    /// A digit short: `-1` is a flag here, not a number
    #[arg(short = '1', long)]
    one: bool,
    /// Another digit short, with a value
    #[arg(short = '2', long)]
    two: Option<u8>,
    /// Numbers
    ids: Vec<i64>,
) -> Result<()> {
    ran("pick");
    if let Some(u) = &url {
        note(From::Option, OsStr::new(u));
    }
    if let Some(f) = &file {
        note(From::Option, f.as_os_str());
    }
    if let Some(l) = &filter.label {
        note(From::Option, OsStr::new(l));
    }
    writeln!(
        ctx.stdout(),
        "pick {:?} {} {:?} {url:?} {file:?} {one} {two:?} {ids:?}",
        filter.label,
        filter.limit,
        filter.since,
    )?;
    Ok(())
}

/// Not listed.
#[flash::cmd(run, hidden)]
fn debug(
    ctx: &Context,
    store: &Store,
    /// Not shown either
    #[arg(long, hidden)]
    dump: bool,
) -> Result<()> {
    ran("debug");
    writeln!(ctx.stdout(), "debug {dump} {:?}", store.root)?;
    Ok(())
}

/// Remotes.
pub mod remote {
    use super::*;

    /// Add a remote.
    #[flash::cmd(run, alias = "a")]
    pub fn add(
        ctx: &Context,
        store: &Store,
        /// Its name
        name: String,
        /// Its URL
        #[arg(short, long)]
        url: Option<String>,
    ) -> Result<()> {
        ran("add");
        note(From::Whole, OsStr::new(&name));
        writeln!(ctx.stdout(), "add {name:?} {url:?} {:?}", store.root)?;
        Ok(())
    }

    /// Remove remotes.
    #[flash::cmd(run, alias = ["rm", "del"])]
    pub fn remove(
        ctx: &Context,
        /// Their names
        #[arg(required)]
        names: Vec<String>,
        /// Even busy ones
        #[arg(short, long)]
        force: bool,
    ) -> Result<()> {
        ran("remove");
        names.iter().for_each(|n| note(From::Whole, OsStr::new(n)));
        writeln!(ctx.stdout(), "remove {names:?} {force}")?;
        Ok(())
    }

    /// Push to a mirror.
    #[flash::cmd(run, alias = "p")]
    pub fn push(
        ctx: &Context,
        /// Where
        to: Option<PathBuf>,
    ) -> Result<()> {
        ran("push");
        if let Some(t) = &to {
            note(From::Whole, t.as_os_str());
        }
        writeln!(ctx.stdout(), "push {to:?}")?;
        Ok(())
    }
}

/// The app with globals, state and hooks.
pub fn fz() -> flash::App {
    flash::app! {
        name: "fz",
        version: "0.1.0",
        about: "Fuzzed app",
        globals: Global,
        state: [open_store],
        before: audit,
        after: after,
        commands: [
            shapes,
            exec,
            pick,
            debug,
            /// Manage remotes
            remote { remote::add, remote::remove, /// Mirrors
                mirror { remote::push } },
        ],
    }
}

// ---------------------------------------------------------------- fy

/// Declare built-in names as the command's own.
#[flash::cmd(run_async, model = stream)]
async fn own(
    ctx: &Context,
    /// The command's own verbose flag
    #[arg(short, long)]
    verbose: bool,
    /// The command's own timeout, any text
    #[arg(long)]
    timeout: Option<String>,
) -> Result<()> {
    ran("own");
    if let Some(t) = &timeout {
        note(From::Option, OsStr::new(t));
    }
    writeln!(ctx.stdout(), "own {verbose} {timeout:?}")?;
    Ok(())
}

/// An async command: flash's runtime options apply.
#[flash::cmd(run_async, model = stream, alias = "go")]
async fn run(
    ctx: &Context,
    /// Items
    items: Vec<String>,
) -> Result<()> {
    ran("run");
    items.iter().for_each(|i| note(From::Whole, OsStr::new(i)));
    writeln!(ctx.stdout(), "run {items:?}")?;
    Ok(())
}

/// A command that owns `-h`.
#[flash::cmd(run)]
fn info(
    ctx: &Context,
    /// Human sizes (the command's own `-h`)
    #[arg(short, long)]
    human: bool,
    /// A path
    path: Option<PathBuf>,
) -> Result<()> {
    ran("info");
    if let Some(p) = &path {
        note(From::Whole, p.as_os_str());
    }
    writeln!(ctx.stdout(), "info {human} {path:?}")?;
    Ok(())
}

/// The deepest command.
#[flash::cmd(run, alias = "c")]
fn leaf(
    ctx: &Context,
    /// A word
    word: Option<String>,
) -> Result<()> {
    ran("leaf");
    if let Some(w) = &word {
        note(From::Whole, OsStr::new(w));
    }
    writeln!(ctx.stdout(), "leaf {word:?}")?;
    Ok(())
}

/// The app without globals: flash's built-ins hold.
pub fn fy() -> flash::App {
    flash::app! {
        name: "fy",
        version: "0.2.0",
        about: "Fuzzed app without globals",
        commands: [own, run, info, /// Level one
            a { /// Level two
                b { leaf } }],
    }
}
