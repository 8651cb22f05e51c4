//! Panics of a run: a handler (or a task, or a hook) that panics ends its
//! command with `error: the command panicked: <message>` and exit 101, as
//! any other failure does (its scope released, the `after` hook run,
//! `--metrics` reported); under `try_run_from` it is an `Outcome` with
//! code 101, never an unwinding into the test.
//!
//! flash catches each panic where it can carry on ([`catch`], and the
//! futures and tasks of the runtime layer through [`Catching`]), and takes
//! the message from the payload. Rust's own report (`thread 'main'
//! panicked at …`) would say the same thing a second time, so it is left
//! out for the panics flash catches: that needs a panic hook, and a panic
//! hook is the process's, one for all threads. flash installs one, once
//! per process (`install`); it hands every other panic (one flash does
//! not catch, on a thread flash does not run) to the hook that was there
//! before, and every panic to it when `RUST_BACKTRACE` asks for a
//! backtrace. Whether a panic is one flash catches is known per thread
//! ([`Catching`]), so runs on other threads are never affected.
//!
//! The same hook keeps a closed stdout quiet: `println!` panics when
//! stdout fails (`… | head`, `> /dev/full`), and std tells it only by its
//! message (`failed printing to stdout: …`), so the hook reads that text.
//! It notes the failure on the stdout of the `App::run` that owns the
//! process's stdout (`own_stdout`: process-wide, as fd 1 is), and the
//! command ends as it would had it written through `ctx.stdout()`:
//! quietly for a closed pipe, else with `error: stdout: …` and exit 1.

use std::any::Any;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::{Mutex, Once};

use crate::cli::output::Output;

thread_local! {
    /// How many [`Catching`] sections this thread is in.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Process-wide: the stdout of the `App::run` under way, for `println!`'s
/// failures (there is one process stdout, whichever run writes it).
static PROCESS_STDOUT: Mutex<Option<Output>> = Mutex::new(None);

/// Process-wide: the hook is installed once.
static INSTALL: Once = Once::new();

/// Code whose panics flash catches and reports (running on this thread
/// while the value lives): the hook stays quiet for them.
#[must_use]
pub struct Catching(());

impl Catching {
    /// Enters a section whose panics flash catches. (Built with `panic =
    /// "abort"`, nothing is caught: the hook is not needed for that.)
    pub fn enter() -> Catching {
        if cfg!(panic = "unwind") {
            install();
        }
        CATCHING.with(|c| c.set(c.get() + 1));
        Catching(())
    }
}

impl Drop for Catching {
    fn drop(&mut self) {
        CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// Runs `f`, catching its panic: `Err` holds the panic's message.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    let _catching = Catching::enter();
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| message(payload.as_ref()))
}

/// The message of a panic's payload (`panic!("…")` gives a `&str` or a
/// `String`).
pub fn message(payload: &(dyn Any + Send)) -> String {
    // `PanicHookInfo::payload_as_str` spelled out (it is newer than the
    // MSRV).
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a value that is not text".to_owned())
}

/// Makes `stdout` the process's stdout for `println!`'s failures while
/// the returned guard lives (`App::run`).
pub(crate) fn own_stdout(stdout: &Output) -> OwnStdout {
    install();
    let previous = lock().replace(stdout.clone());
    OwnStdout { previous }
}

/// Puts back the stdout an outer run owned, if any.
pub(crate) struct OwnStdout {
    previous: Option<Output>,
}

impl Drop for OwnStdout {
    fn drop(&mut self) {
        *lock() = self.previous.take();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Option<Output>> {
    // Holds an `Option<Output>`: nothing a panic could leave half-done.
    PROCESS_STDOUT
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
}

/// Installs flash's panic hook, once per process, in front of the one that
/// was there (see the module's documentation).
pub(crate) fn install() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if print_failure(info) {
                return;
            }
            // Built with `panic = "abort"`, nothing is caught.
            let caught = cfg!(panic = "unwind") && CATCHING.with(Cell::get) > 0;
            if !caught || backtrace_wanted() {
                previous(info);
            }
        }));
    });
}

/// Whether `RUST_BACKTRACE` asks for Rust's own report.
fn backtrace_wanted() -> bool {
    std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0")
}

/// Notes `println!`'s failure on the process's stdout, if the panic is
/// one and an `App::run` owns stdout; whether it did.
fn print_failure(info: &PanicHookInfo<'_>) -> bool {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or_default();
    let Some(reason) = message.strip_prefix("failed printing to stdout: ") else {
        return false;
    };
    let Some(stdout) = lock().clone() else {
        return false;
    };
    // A write to stdout fails with the OS's error, shown as `strerror`
    // has it: `Broken pipe (os error 32)`.
    stdout.note_print_failure(reason.starts_with("Broken pipe"), reason);
    if cfg!(panic = "abort") {
        // Nothing unwinds to `App::run`: end here as it would.
        std::process::exit(crate::cli::report::finish_stdout(0, &stdout).into());
    }
    true
}
