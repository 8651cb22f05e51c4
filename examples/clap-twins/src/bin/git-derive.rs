//! Twin of clap's `examples/git-derive.rs`: several common subcommand
//! patterns (required arguments that show the help, an optional value,
//! `last`, a group of commands, external subcommands and configurable
//! aliases).
//!
//! clap's app is named `git` (only `--version` would show it, and it has
//! none); its usage lines show the binary's name, as the twin's do.
//!
//! Not expressible, so excluded: clap's `stash` takes `-m` itself and runs
//! `stash push` when no subcommand is named (`args_conflicts_with_subcommands`,
//! an optional subcommand), with a flattened help (`flatten_help`); flash's
//! groups only select commands. And clap's top level has no `--version`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::Write;
use std::path::PathBuf;

use flash::{Context, Error, Result};

/// Clones repos
#[flash::cmd(run, help_if_no_args)]
fn clone(
    ctx: &Context,
    /// The remote to clone
    remote: String,
) -> Result<()> {
    writeln!(ctx.stdout(), "Cloning {remote}")?;
    Ok(())
}

/// Compare two commits
#[flash::cmd(run)]
fn diff(
    ctx: &Context,
    #[arg(value_name = "COMMIT")] base: Option<OsString>,
    #[arg(value_name = "COMMIT")] head: Option<OsString>,
    #[arg(last)] path: Option<OsString>,
    #[arg(
        long,
        value_name = "WHEN",
        default = ColorWhen::Auto,
        default_missing = ColorWhen::Always
    )]
    color: ColorWhen,
) -> Result<()> {
    let (mut base, mut head, mut path) = (base, head, path);
    if path.is_none() {
        path = head;
        head = None;
        if path.is_none() {
            path = base;
            base = None;
        }
    }
    let base = base
        .as_deref()
        .map(|s| s.to_str().unwrap())
        .unwrap_or("stage");
    let head = head
        .as_deref()
        .map(|s| s.to_str().unwrap())
        .unwrap_or("worktree");
    let path = path.as_deref().unwrap_or_else(|| OsStr::new(""));
    writeln!(
        ctx.stdout(),
        "Diffing {}..{} {} (color={})",
        base,
        head,
        path.to_string_lossy(),
        color
    )?;
    Ok(())
}

/// pushes things
#[flash::cmd(run, help_if_no_args)]
fn push(
    ctx: &Context,
    /// The remote to target
    remote: String,
) -> Result<()> {
    writeln!(ctx.stdout(), "Pushing to {remote}")?;
    Ok(())
}

/// adds things
#[flash::cmd(run, help_if_no_args)]
fn add(
    ctx: &Context,
    /// Stuff to add
    #[arg(required)]
    path: Vec<PathBuf>,
) -> Result<()> {
    writeln!(ctx.stdout(), "Adding {path:?}")?;
    Ok(())
}

#[derive(flash::ValueEnum, Copy, Clone, Debug, PartialEq, Eq)]
enum ColorWhen {
    Always,
    Auto,
    Never,
}

impl fmt::Display for ColorWhen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        flash::ValueEnum::name(self).fmt(f)
    }
}

// Read through `Debug` only, as in clap's example.
#[allow(dead_code)]
#[derive(flash::Args, Debug)]
struct StashPushArgs {
    #[arg(short, long)]
    message: Option<String>,
}

#[flash::cmd(run, name = "push")]
fn stash_push(ctx: &Context, push: StashPushArgs) -> Result<()> {
    writeln!(ctx.stdout(), "Pushing {push:?}")?;
    Ok(())
}

#[flash::cmd(run)]
fn pop(ctx: &Context, stash: Option<String>) -> Result<()> {
    writeln!(ctx.stdout(), "Popping {stash:?}")?;
    Ok(())
}

#[flash::cmd(run)]
fn apply(ctx: &Context, stash: Option<String>) -> Result<()> {
    writeln!(ctx.stdout(), "Applying {stash:?}")?;
    Ok(())
}

fn aliases() -> HashMap<&'static str, Vec<&'static str>> {
    HashMap::from([
        ("last", vec!["diff", "HEAD~", "HEAD", "--"]),
        ("stage", vec!["add"]),
    ])
}

thread_local! {
    /// The aliases expanded so far by the runs that led to this one: clap's
    /// `expand_aliases` carries them down its recursion, the twin's nested
    /// runs of the app read them here (a sync command runs on the thread
    /// that runs the app).
    static EXPANDED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Any command git-derive does not know: an alias to expand, or a tool to
/// call out to.
#[flash::cmd(run)]
fn external(ctx: &Context, name: String, args: Vec<OsString>) -> Result<()> {
    let aliases = aliases();
    let Some(alias) = aliases.get(name.as_str()) else {
        writeln!(ctx.stdout(), "Calling out to {name:?} with {args:?}")?;
        return Ok(());
    };
    let recursive = EXPANDED.with_borrow_mut(|expanded| {
        let first = expanded.first().cloned();
        if expanded.contains(&name) {
            return first;
        }
        expanded.push(name.clone());
        None
    });
    if let Some(first) = recursive {
        return Err(Error::Usage(format!("recursive alias `{first}`")));
    }

    // Parse again with the alias expanded, as clap's `expand_aliases` does.
    let mut alias_args = vec![OsString::from("git-derive")];
    alias_args.extend(alias.iter().map(OsString::from));
    alias_args.extend(args);
    let outcome = app().try_run_from(alias_args);
    EXPANDED.with_borrow_mut(Vec::clear);
    ctx.stdout().write_all(outcome.stdout.as_bytes())?;
    ctx.stderr().write_all(outcome.stderr.as_bytes())?;
    if outcome.code != 0 {
        ctx.stdout().flush()?;
        std::process::exit(outcome.code.into());
    }
    Ok(())
}

fn app() -> flash::App {
    flash::app! {
        name: "git-derive",
        about: "A fictional versioning CLI",
        commands: [clone, diff, push, add, stash { stash_push, pop, apply }],
        external: external,
        help_if_no_args: true,
        completions: false,
    }
}

fn main() -> std::process::ExitCode {
    app().run()
}
