//! `notes`: keep notes as plain files, one per note, in a directory.
//!
//! A multi-command flash app as people write them: options every command
//! takes (`Global`, before or after the command's name) and options some
//! take (`Filter`), app state opened once and only for the commands that
//! need it (`Store`, and the async `Index`), hooks around every command, a
//! value enum, clap's `#[arg]` vocabulary, a hidden command and a group.
//!
//! ```text
//! cargo run --example notes -- new "Buy milk" --body "2 litres" -t home
//! cargo run --example notes -- --dir /tmp/n list --format json
//! cargo run --example notes -- edit 1 -- nano -w
//! ```

#![deny(warnings, clippy::all)]

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use flash::{Context, Error, Result};

// ---------------------------------------------------------------- options

/// Options every command of notes takes.
#[derive(flash::Args)]
struct Global {
    /// Where the notes live
    #[arg(long, env = "NOTES_DIR", default = ".notes")]
    dir: PathBuf,
    /// More output (-v: what runs, -vv: what is opened)
    #[arg(short, long, count)]
    verbose: u8,
}

/// Which notes a listing takes.
#[derive(flash::Args)]
struct Filter {
    /// Only notes with this tag ('' for untagged notes)
    #[arg(short, long)]
    tag: Option<String>,
    /// At most this many notes
    #[arg(short = 'n', long, default = 100, range = 1..=1000)]
    limit: u32,
    /// Only notes dated on or after this day
    #[arg(long, value_name = "DATE", parse = parse_date)]
    since: Option<Date>,
}

impl Filter {
    /// The notes it keeps: pinned first, then newest first.
    fn apply<'a>(&self, notes: &'a [Note]) -> Vec<&'a Note> {
        let mut kept: Vec<&Note> = notes.iter().filter(|n| self.keeps(n)).collect();
        kept.sort_by_key(|n| std::cmp::Reverse((n.pinned, n.date, n.id)));
        kept.truncate(self.limit as usize);
        kept
    }

    fn keeps(&self, note: &Note) -> bool {
        let tagged = match self.tag.as_deref() {
            None => true,
            Some("") => note.tags.is_empty(),
            Some(tag) => note.tags.iter().any(|t| t == tag),
        };
        tagged && self.since.is_none_or(|day| note.date >= day)
    }
}

/// How notes are printed.
#[derive(flash::ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    /// One line per note
    Plain,
    /// JSON lines, one object per note
    Json,
    /// Comma-separated values
    #[value(name = "csv", alias = "comma")]
    Csv,
}

// ---------------------------------------------------------------- values

/// A note's number, typed `7` or `#7`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct NoteId(u32);

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

// Workaround for a flash bug: `parse = f` should be all a type that is
// not `FromStr` needs, but flash still asks `FromStr` of it. Never called
// (a test would see this message if it were): `parse_id` reads ids.
impl std::str::FromStr for NoteId {
    type Err = &'static str;
    fn from_str(_: &str) -> std::result::Result<Self, Self::Err> {
        Err("unreachable: notes reads ids with `parse_id`")
    }
}

fn parse_id(text: &str) -> std::result::Result<NoteId, String> {
    match text.strip_prefix('#').unwrap_or(text).parse::<u32>() {
        Ok(n) if n > 0 => Ok(NoteId(n)),
        _ => Err("note ids are positive numbers like 7 or #7".to_owned()),
    }
}

/// A day, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

// The same workaround: `parse_date` reads dates.
impl std::str::FromStr for Date {
    type Err = &'static str;
    fn from_str(_: &str) -> std::result::Result<Self, Self::Err> {
        Err("unreachable: notes reads dates with `parse_date`")
    }
}

fn parse_date(text: &str) -> std::result::Result<Date, String> {
    let mut parts = text.split('-');
    let mut field = |len: usize| {
        parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u16>().ok())
    };
    let (Some(year), Some(month), Some(day), None) = (field(4), field(2), field(2), field(0))
    else {
        return Err("expected a date like 2024-05-31".to_owned());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("there is no month {month}")),
    };
    if day == 0 || day > days {
        return Err(format!("month {month} of {year} has no day {day}"));
    }
    Ok(Date {
        year,
        month: month as u8,
        day: day as u8,
    })
}

/// Today in UTC (Howard Hinnant's `civil_from_days`).
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Date {
        year: (yoe + era * 400 + i64::from(month <= 2)) as u16,
        month: month as u8,
        day: (doy - (153 * mp + 2) / 5 + 1) as u8,
    }
}

/// One note: a header of `key: value` lines, a blank line, the text.
#[derive(Debug)]
struct Note {
    id: NoteId,
    title: String,
    date: Date,
    tags: Vec<String>,
    pinned: bool,
    body: String,
}

impl Note {
    fn to_text(&self) -> String {
        format!(
            "title: {}\ndate: {}\ntags: {}\npinned: {}\n\n{}",
            self.title,
            self.date,
            self.tags.join(", "),
            self.pinned,
            self.body
        )
    }

    fn parse(id: NoteId, text: &str) -> std::result::Result<Note, String> {
        let (head, body) = text
            .split_once("\n\n")
            .ok_or("no blank line after the header")?;
        let mut note = Note {
            id,
            title: String::new(),
            date: today(),
            tags: Vec::new(),
            pinned: false,
            body: body.to_owned(),
        };
        for line in head.lines() {
            let (key, value) = line
                .split_once(':')
                .ok_or_else(|| format!("`{line}` is not `key: value`"))?;
            let value = value.trim();
            match key {
                "title" => note.title = value.to_owned(),
                "date" => note.date = parse_date(value)?,
                "tags" => {
                    note.tags = value
                        .split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect()
                }
                "pinned" => note.pinned = value == "true",
                other => return Err(format!("unknown field `{other}`")),
            }
        }
        Ok(note)
    }
}

fn read_note(id: NoteId, path: &Path) -> Result<Note> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::validation(format!("there is no note {id}")))
        }
        Err(e) => return Err(Error::fs(path, e)),
    };
    Note::parse(id, &text).map_err(|why| Error::context(format!("note {id} is damaged"), why))
}

fn check_tags(tags: &[String]) -> Result<()> {
    match tags
        .iter()
        .find(|t| t.is_empty() || t.contains([',', '\n']))
    {
        Some(bad) => Err(Error::validation(format!(
            "`{bad}` is not a tag: tags are non-empty, without commas"
        ))),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------- state

/// The notes directory: opened once per run, for the commands that take it.
struct Store {
    dir: PathBuf,
}

/// State provider: opens the notes directory, creating it if needed.
fn open_store(ctx: &Context, g: &Global) -> Result<Store> {
    std::fs::create_dir_all(&g.dir).map_err(|e| {
        Error::context(format!("cannot open the notes in `{}`", g.dir.display()), e)
    })?;
    if g.verbose >= 2 {
        writeln!(ctx.stderr(), "notes: opened {}", g.dir.display())?;
    }
    Ok(Store { dir: g.dir.clone() })
}

impl Store {
    fn path(&self, id: NoteId) -> PathBuf {
        self.dir.join(format!("{}.md", id.0))
    }

    fn ids(&self) -> Result<Vec<NoteId>> {
        let entries = std::fs::read_dir(&self.dir).map_err(|e| Error::fs(&self.dir, e))?;
        let mut ids = Vec::new();
        for entry in entries {
            let name = entry.map_err(|e| Error::fs(&self.dir, e))?.file_name();
            let stem = name.to_str().and_then(|n| n.strip_suffix(".md"));
            if let Some(id) = stem.and_then(|s| parse_id(s).ok()) {
                ids.push(id);
            }
        }
        ids.sort();
        Ok(ids)
    }

    fn load(&self, id: NoteId) -> Result<Note> {
        read_note(id, &self.path(id))
    }

    /// Every note that reads back; a damaged one is skipped with a warning.
    fn all(&self) -> Result<Vec<Note>> {
        let mut notes = Vec::new();
        for id in self.ids()? {
            match self.load(id) {
                Ok(note) => notes.push(note),
                Err(e) => {
                    let why = std::error::Error::source(&e).map(|s| format!(" ({s})"));
                    let path = self.path(id);
                    flash::tracing::warn!(
                        "skipping {}: {e}{}",
                        path.display(),
                        why.unwrap_or_default()
                    );
                }
            }
        }
        Ok(notes)
    }

    fn next_id(&self) -> Result<NoteId> {
        Ok(NoteId(self.ids()?.last().map_or(1, |id| id.0 + 1)))
    }

    fn save(&self, ctx: &Context, note: &Note) -> Result<()> {
        write_whole(ctx, &self.path(note.id), note.to_text().as_bytes())
    }
}

/// Writes `dest` whole or not at all: a temp file beside it, renamed into
/// place; the command's scope removes it if the command ends first.
fn write_whole(ctx: &Context, dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = ctx.scope().temp_file(dest)?;
    tmp.file()
        .write_all(bytes)
        .map_err(|e| Error::fs(dest, e))?;
    tmp.commit()
}

/// Every note, read concurrently: what `export` works from.
struct Index {
    notes: Vec<Note>,
}

/// Async state provider: reads all notes on the command's blocking tasks.
async fn load_index(ctx: &Context, g: &Global, store: &Store) -> Result<Index> {
    let mut reads = Vec::new();
    for id in store.ids()? {
        let path = store.path(id);
        reads.push(ctx.spawn_blocking(move || read_note(id, &path)).await?);
    }
    let mut notes = Vec::new();
    for read in reads {
        notes.push(read.join().await?);
    }
    if g.verbose >= 2 {
        writeln!(ctx.stderr(), "notes: indexed {} notes", notes.len())?;
    }
    Ok(Index { notes })
}

// ---------------------------------------------------------------- hooks

/// Before every command: refuse to run while the notes are locked, and
/// say what runs (`-v`).
fn audit(ctx: &Context, g: &Global) -> Result<()> {
    let lock = g.dir.join(".lock");
    if lock.exists() {
        return Err(Error::context(
            format!("the notes in `{}` are locked", g.dir.display()),
            format!(
                "`{}` exists; remove it if no other notes runs",
                lock.display()
            ),
        ));
    }
    if g.verbose > 0 {
        writeln!(
            ctx.stderr(),
            "notes: {} in {}",
            ctx.command(),
            g.dir.display()
        )?;
    }
    Ok(())
}

/// After every command, however it ended: a line in the directory's
/// history, and (`-v`) a word on stderr.
fn report(ctx: &Context, g: &Global) -> Result<()> {
    if g.dir.is_dir() {
        let path = g.dir.join(".history");
        let mut history = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::fs(&path, e))?;
        writeln!(history, "{}", ctx.command()).map_err(|e| Error::fs(&path, e))?;
    }
    if g.verbose > 0 {
        writeln!(ctx.stderr(), "notes: {} finished", ctx.command())?;
    }
    Ok(())
}

// ---------------------------------------------------------------- output

fn render(
    out: &mut impl Write,
    notes: &[&Note],
    format: Format,
    header: bool,
    bodies: bool,
) -> Result<()> {
    match format {
        Format::Plain => {
            if header {
                writeln!(out, "ID   DATE        TITLE")?;
            }
            for n in notes {
                let tags: String = n.tags.iter().map(|t| format!(" #{t}")).collect();
                let pin = if n.pinned { " (pinned)" } else { "" };
                writeln!(
                    out,
                    "{:<4} {}  {}{tags}{pin}",
                    n.id.to_string(),
                    n.date,
                    n.title
                )?;
                if bodies {
                    for line in n.body.lines() {
                        writeln!(out, "     {line}")?;
                    }
                }
            }
        }
        Format::Json => {
            for n in notes {
                let tags: Vec<String> = n.tags.iter().map(|t| json(t)).collect();
                let body = if bodies {
                    format!(",\"body\":{}", json(&n.body))
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{{\"id\":{},\"title\":{},\"date\":\"{}\",\"tags\":[{}],\"pinned\":{}{body}}}",
                    n.id.0,
                    json(&n.title),
                    n.date,
                    tags.join(","),
                    n.pinned
                )?;
            }
        }
        Format::Csv => {
            if header {
                writeln!(
                    out,
                    "id,date,title,tags,pinned{}",
                    if bodies { ",body" } else { "" }
                )?;
            }
            for n in notes {
                let body = if bodies {
                    format!(",{}", csv(&n.body))
                } else {
                    String::new()
                };
                let tags = csv(&n.tags.join(" "));
                writeln!(
                    out,
                    "{},{},{},{tags},{}{body}",
                    n.id.0,
                    n.date,
                    csv(&n.title),
                    n.pinned
                )?;
            }
        }
    }
    Ok(())
}

fn json(text: &str) -> String {
    let mut s = String::from('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => s.extend(['\\', c]),
            '\n' => s.push_str("\\n"),
            c if u32::from(c) < 0x20 => s.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

// ---------------------------------------------------------------- commands

/// Write a new note.
///
/// Its text comes from `--body` or from `--file`: exactly one of them.
/// Prints the new note's id.
#[flash::cmd(run, alias = "add", one_of = ["body", "file"])]
#[allow(clippy::too_many_arguments)]
fn new(
    ctx: &Context,
    store: &Store,
    /// The note's title
    title: String,
    /// The text of the note
    #[arg(short, long)]
    body: Option<String>,
    /// Read the text from this file
    #[arg(short, long, value_name = "PATH")]
    file: Option<PathBuf>,
    /// Tag the note (repeatable)
    #[arg(short, long)]
    tag: Vec<String>,
    /// The note's day (default: today)
    #[arg(long, value_name = "DATE", parse = parse_date)]
    date: Option<Date>,
    /// Pin the note to the top of listings
    #[arg(long, negate)]
    pin: bool,
) -> Result<()> {
    let body = match (body, file) {
        (Some(text), _) => text,
        (None, Some(path)) => std::fs::read_to_string(&path)
            .map_err(|e| Error::context("cannot read the text of the note", Error::fs(path, e)))?,
        (None, None) => return Err(Error::validation("give the text with --body or --file")),
    };
    if title.trim().is_empty() || title.contains('\n') {
        return Err(Error::validation("a title is one non-empty line"));
    }
    check_tags(&tag)?;
    let note = Note {
        id: store.next_id()?,
        title,
        date: date.unwrap_or_else(today),
        tags: tag,
        pinned: pin,
        body,
    };
    store.save(ctx, &note)?;
    writeln!(ctx.stdout(), "{}", note.id)?;
    Ok(())
}

/// List notes, pinned first, then newest first.
#[flash::cmd(run, alias = "ls")]
fn list(
    ctx: &Context,
    store: &Store,
    filter: Filter,
    /// Output format
    #[arg(short, long, default = Format::Plain)]
    format: Format,
    /// Print a header row (plain and csv)
    #[arg(long, default = true)]
    header: bool,
    /// Print only the ids, one per line
    #[arg(long, conflicts_with = "format")]
    ids_only: bool,
) -> Result<()> {
    let notes = store.all()?;
    let shown = filter.apply(&notes);
    flash::tracing::info!("listing {} of {} notes", shown.len(), notes.len());
    let mut out = ctx.stdout();
    if ids_only {
        for note in shown {
            writeln!(out, "{}", note.id)?;
        }
        return Ok(());
    }
    render(&mut out, &shown, format, header, false)
}

/// Print one note.
#[flash::cmd(run, alias = "cat")]
fn show(
    ctx: &Context,
    store: &Store,
    /// The note (7 or #7)
    #[arg(parse = parse_id)]
    id: NoteId,
    /// How much to print: 1 = the title line, 2 = the whole note
    #[arg(long, possible = ["1", "2"], default = "2")]
    level: String,
    /// Print the file as stored
    #[arg(long, hidden)]
    raw: bool,
) -> Result<()> {
    let note = store.load(id)?;
    let mut out = ctx.stdout();
    if raw {
        write!(out, "{}", note.to_text())?;
        return Ok(());
    }
    render(&mut out, &[&note], Format::Plain, false, level == "2")
}

/// Edit a note in an editor.
///
/// Everything after `--` is the editor command, taken as typed, and the
/// note's path is added after it; without one, `$VISUAL`, `$EDITOR` or `vi`.
/// A note the editor leaves damaged is put back as it was.
#[flash::cmd(run)]
fn edit(
    ctx: &Context,
    store: &Store,
    /// The note (7 or #7)
    #[arg(parse = parse_id)]
    id: NoteId,
    /// The editor and its arguments
    #[arg(last)]
    editor: Vec<String>,
) -> Result<()> {
    let before = store.load(id)?;
    let mut command = editor;
    if command.is_empty() {
        let var = std::env::var("VISUAL").or_else(|_| std::env::var("EDITOR"));
        command = var
            .unwrap_or_else(|_| "vi".to_owned())
            .split_whitespace()
            .map(str::to_owned)
            .collect();
    }
    let program = command.remove(0);
    let status = std::process::Command::new(&program)
        .args(&command)
        .arg(store.path(id))
        .status()
        .map_err(|e| Error::context(format!("cannot start the editor `{program}`"), e))?;
    if !status.success() {
        return Err(Error::msg(format!(
            "the editor `{program}` failed ({status})"
        )));
    }
    if let Err(damage) = store.load(id) {
        store.save(ctx, &before)?;
        return Err(Error::context(
            format!("the edit left note {id} damaged; it is back as it was"),
            damage,
        ));
    }
    writeln!(ctx.stdout(), "edited {id}")?;
    Ok(())
}

/// Delete notes.
#[flash::cmd(run, alias = "rm")]
fn remove(
    ctx: &Context,
    store: &Store,
    /// The notes to delete (7 or #7)
    #[arg(required, parse = parse_id)]
    ids: Vec<NoteId>,
    /// Delete pinned notes too
    #[arg(short, long)]
    force: bool,
) -> Result<()> {
    for &id in &ids {
        if store.load(id)?.pinned && !force {
            return Err(Error::validation(format!(
                "note {id} is pinned; add --force to delete it"
            )));
        }
    }
    for id in ids {
        let path = store.path(id);
        std::fs::remove_file(&path).map_err(|e| Error::fs(path, e))?;
        writeln!(ctx.stdout(), "removed {id}")?;
    }
    Ok(())
}

/// Export notes with their text, to stdout or to a file.
#[flash::cmd(run_async)]
async fn export(
    ctx: &Context,
    index: &Index,
    filter: Filter,
    /// Output format
    #[arg(short, long, default = Format::Plain)]
    format: Format,
    /// Write to this file instead, whole or not at all
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "out")]
    force: bool,
) -> Result<()> {
    let notes = filter.apply(&index.notes);
    let mut text = Vec::new();
    render(&mut text, &notes, format, true, true)?;
    let Some(out) = out else {
        ctx.stdout().write_all(&text)?;
        return Ok(());
    };
    if out.exists() && !force {
        return Err(Error::validation(format!(
            "`{}` exists; add --force to replace it",
            out.display()
        )));
    }
    write_whole(ctx, &out, &text)?;
    writeln!(
        ctx.stderr(),
        "exported {} notes to {}",
        notes.len(),
        out.display()
    )?;
    Ok(())
}

/// Print where the notes live (it need not exist yet).
#[flash::cmd(run, name = "where")]
fn location(ctx: &Context, g: &Global) -> Result<()> {
    writeln!(ctx.stdout(), "{}", g.dir.display())?;
    Ok(())
}

/// Print what notes sees: its global options and its store.
#[flash::cmd(run, hidden)]
fn debug(ctx: &Context, g: &Global, store: &Store) -> Result<()> {
    let count = store.ids()?.len();
    writeln!(
        ctx.stdout(),
        "dir: {}\nverbose: {}\nnotes: {count}",
        store.dir.display(),
        g.verbose
    )?;
    Ok(())
}

mod tag {
    use std::io::Write;

    use super::{check_tags, parse_id, NoteId, Store};
    use flash::{Context, Result};

    /// Add tags to a note.
    #[flash::cmd(run)]
    pub fn add(
        ctx: &Context,
        store: &Store,
        /// The note (7 or #7)
        #[arg(parse = parse_id)]
        id: NoteId,
        /// The tags to add
        #[arg(required)]
        tags: Vec<String>,
    ) -> Result<()> {
        check_tags(&tags)?;
        let mut note = store.load(id)?;
        for tag in tags {
            if !note.tags.contains(&tag) {
                note.tags.push(tag);
            }
        }
        store.save(ctx, &note)?;
        writeln!(ctx.stdout(), "{id}: {}", note.tags.join(", "))?;
        Ok(())
    }

    /// Remove tags from a note.
    #[flash::cmd(run, alias = "rm")]
    pub fn remove(
        ctx: &Context,
        store: &Store,
        /// The note (7 or #7)
        #[arg(parse = parse_id)]
        id: NoteId,
        /// The tags to remove
        #[arg(required)]
        tags: Vec<String>,
    ) -> Result<()> {
        let mut note = store.load(id)?;
        note.tags.retain(|t| !tags.contains(t));
        store.save(ctx, &note)?;
        writeln!(ctx.stdout(), "{id}: {}", note.tags.join(", "))?;
        Ok(())
    }
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "notes",
        about: "Keep notes in plain files",
        globals: Global,
        state: [open_store, load_index],
        before: audit,
        after: report,
        config: true,
        logging: true,
        commands: [
            new,
            list,
            show,
            edit,
            remove,
            export,
            location,
            debug,
            /// Manage the tags of a note
            tag { tag::add, tag::remove },
        ],
    }
    .run()
}
