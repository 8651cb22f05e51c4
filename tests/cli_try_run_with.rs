//! `App::try_run_with(args, env)` in-process: environment variables laid
//! over the process's for that run only (set but empty counts as unset),
//! read by the `env` fallbacks of globals and of a command's own options;
//! and app state built per run, once, only for the commands that take it,
//! hooks included.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use flash::{Context, Outcome, Result};

/// The app's globals.
#[derive(flash::Args)]
struct Global {
    /// Where the data lives
    #[arg(long, env = "FLASH_TRY_RUN_WITH_DIR", default = "default-dir")]
    dir: String,
}

/// How many `Counter`s were ever built. Only `counted` takes one, and only
/// `state_is_built_once_per_run_and_only_when_taken` runs it, so no other
/// test moves this number.
static BUILT: AtomicUsize = AtomicUsize::new(0);

/// State with a serial number.
struct Counter {
    serial: usize,
}

fn open_counter() -> Result<Counter> {
    Ok(Counter {
        serial: BUILT.fetch_add(1, Ordering::SeqCst) + 1,
    })
}

/// State built from the `Counter`: taking both must not build two.
struct Derived {
    serial: usize,
}

fn open_derived(counter: &Counter) -> Result<Derived> {
    Ok(Derived {
        serial: counter.serial,
    })
}

/// Print the directory and the name.
#[flash::cmd(run, name = "where")]
fn location(
    ctx: &Context,
    g: &Global,
    /// Who asks
    #[arg(long, env = "FLASH_TRY_RUN_WITH_NAME")]
    name: Option<String>,
) -> Result<()> {
    writeln!(ctx.stdout(), "dir={} name={name:?}", g.dir)?;
    Ok(())
}

/// Print the serial of this run's counter.
#[flash::cmd(run)]
fn counted(ctx: &Context, counter: &Counter, derived: &Derived) -> Result<()> {
    writeln!(ctx.stdout(), "{} {}", counter.serial, derived.serial)?;
    Ok(())
}

/// Print the directory from an async command.
#[flash::cmd(run_async)]
async fn awhere(ctx: &Context, g: &Global) -> Result<()> {
    writeln!(ctx.stdout(), "dir={}", g.dir)?;
    Ok(())
}

/// Before every command: say which one, and where.
fn announce(ctx: &Context, g: &Global) -> Result<()> {
    writeln!(ctx.stderr(), "before {} in {}", ctx.command(), g.dir)?;
    Ok(())
}

fn app() -> flash::App {
    flash::app! {
        name: "trw",
        version: "0.0.1",
        globals: Global,
        state: [open_counter, open_derived],
        before: announce,
        commands: [location, counted, awhere],
    }
}

const DIR: &str = "FLASH_TRY_RUN_WITH_DIR";
const NAME: &str = "FLASH_TRY_RUN_WITH_NAME";

#[track_caller]
fn with(args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let out = app().try_run_with(
        std::iter::once("trw").chain(args.iter().copied()),
        env.iter().copied(),
    );
    assert_eq!(out.code, 0, "trw {args:?} {env:?}: {}", out.stderr);
    out
}

#[track_caller]
fn from(args: &[&str]) -> Outcome {
    let out = app().try_run_from(std::iter::once("trw").chain(args.iter().copied()));
    assert_eq!(out.code, 0, "trw {args:?}: {}", out.stderr);
    out
}

#[test]
fn env_is_laid_over_the_process_for_that_run_only() {
    // The only test that sets these variables in the process; std's env
    // functions are serialised, so the other tests are unaffected.
    std::env::remove_var(DIR);
    std::env::remove_var(NAME);
    assert_eq!(with(&["where"], &[]).stdout, "dir=default-dir name=None\n");
    assert_eq!(
        with(&["where"], &[(DIR, "from-run"), (NAME, "ada")]).stdout,
        "dir=from-run name=Some(\"ada\")\n"
    );
    assert_eq!(
        from(&["where"]).stdout,
        "dir=default-dir name=None\n",
        "the last run's variables are gone"
    );
    assert_eq!(std::env::var_os(DIR), None, "the process is untouched");

    std::env::set_var(DIR, "from-process");
    let process = from(&["where"]).stdout;
    let over = with(&["where"], &[(DIR, "from-run")]).stdout;
    let empty = with(&["where"], &[(DIR, "")]).stdout;
    let typed = with(&["--dir", "typed", "where"], &[(DIR, "from-run")]).stdout;
    let after = from(&["where"]).stdout;
    let still = std::env::var(DIR);
    std::env::remove_var(DIR);
    assert_eq!(process, "dir=from-process name=None\n");
    assert_eq!(over, "dir=from-run name=None\n", "the run's value wins");
    assert_eq!(
        empty, "dir=default-dir name=None\n",
        "set but empty counts as unset, even over the process's value"
    );
    assert_eq!(typed, "dir=typed name=None\n", "the command line wins");
    assert_eq!(after, "dir=from-process name=None\n");
    assert_eq!(still.as_deref(), Ok("from-process"));
}

#[test]
fn the_last_of_a_variable_given_twice_wins() {
    // Silent in the contract; as `Command::env` called twice.
    assert_eq!(
        with(&["where"], &[(NAME, "first"), (DIR, "d"), (NAME, "second")]).stdout,
        "dir=d name=Some(\"second\")\n"
    );
}

#[test]
fn env_reaches_async_commands_and_hooks() {
    let out = with(&["awhere"], &[(DIR, "async-dir")]);
    assert_eq!(out.stdout, "dir=async-dir\n");
    assert_eq!(out.stderr, "before awhere in async-dir\n");
}

#[test]
fn try_run_with_takes_os_strings() {
    use std::ffi::OsString;
    let env = [(OsString::from(DIR), OsString::from("os-dir"))];
    let out = app().try_run_with(["trw", "awhere"].map(OsString::from), env);
    assert_eq!((out.code, out.stdout.as_str()), (0, "dir=os-dir\n"));
}

#[test]
fn help_and_usage_errors_run_no_hook_under_try_run_with() {
    let out = app().try_run_with(["trw", "--help"], [(DIR, "x")]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Global Options:"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "no hook around help: {}", out.stderr);
    let out = app().try_run_with(["trw", "wher"], [(DIR, "x")]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("'where'"), "{}", out.stderr);
}

#[test]
fn state_is_built_once_per_run_and_only_when_taken() {
    let start = BUILT.load(Ordering::SeqCst);
    // `counted` takes the counter and state built from it: one build.
    let first = with(&["counted"], &[]).stdout;
    assert_eq!(BUILT.load(Ordering::SeqCst), start + 1);
    assert_eq!(first, format!("{0} {0}\n", start + 1));
    // Each run builds its own.
    let second = from(&["counted"]).stdout;
    assert_eq!(second, format!("{0} {0}\n", start + 2));
    // A command that does not take it does not build it, nor do help and
    // usage errors.
    with(&["where"], &[]);
    from(&["counted", "--help"]);
    let bad = app().try_run_from(["trw", "counted", "extra"]);
    assert_eq!(bad.code, 2);
    assert_eq!(BUILT.load(Ordering::SeqCst), start + 2);
}
