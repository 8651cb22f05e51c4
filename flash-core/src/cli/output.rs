//! Where a command's output goes: the process's stdout/stderr, or a buffer
//! when the app runs under `App::try_run_from`.
//!
//! What a run learns about its stdout (it was cancelled and must print
//! nothing more, the reader is gone, a write failed) is kept in the
//! handle, shared by its clones: every run has its own, so a second run
//! of an app in the same process (or one on another thread) starts with
//! a clean slate.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A writable output handle, as returned by `Context::stdout()`/`stderr()`.
///
/// Cheap to clone; every clone writes to the same place.
#[derive(Clone, Debug)]
pub struct Output {
    target: Target,
}

#[derive(Clone, Debug)]
enum Target {
    /// The process's stdout, as one run sees it.
    Stdout(Arc<State>),
    Stderr,
    /// A buffer (`try_run_from`), with the same state as a stdout.
    Captured(Arc<State>),
}

/// What one run knows of its stdout.
#[derive(Debug, Default)]
struct State {
    /// Set once the command is cancelled (a signal, its deadline, its
    /// memory limit): what it writes from then on is refused, so a result
    /// computed too late is never printed after the cancellation was
    /// reported.
    withheld: AtomicBool,
    /// A write found the reader gone (`EPIPE`, `… | head`): the command
    /// ends quietly.
    closed: AtomicBool,
    /// `println!` failed (noted by the panic hook of `cli::panic`): the
    /// panic that follows is the failure of stdout, not a bug.
    print_failed: AtomicBool,
    /// The first error writing stdout (other than a closed pipe), as
    /// shown: `stdout: No space left on device (os error 28)`. The app
    /// reports it at exit even if the command ignored it, as coreutils do.
    failure: Mutex<Option<String>>,
    /// What a captured output holds.
    buf: Mutex<Vec<u8>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A writer that panicked mid-write leaves bytes, not broken invariants.
    m.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl Output {
    /// The process's standard output, with a state of its own (a new run).
    #[doc(hidden)]
    pub fn stdout() -> Self {
        Output {
            target: Target::Stdout(Arc::default()),
        }
    }

    /// The process's standard error.
    #[doc(hidden)]
    pub fn stderr() -> Self {
        Output {
            target: Target::Stderr,
        }
    }

    /// A new in-memory buffer (what `try_run_from` uses).
    #[doc(hidden)]
    pub fn captured() -> Self {
        Output {
            target: Target::Captured(Arc::default()),
        }
    }

    /// Whether this handle is the process's real stdout (so fd 1 may be used
    /// directly, e.g. for a kernel copy).
    pub fn is_process_stdout(&self) -> bool {
        matches!(self.target, Target::Stdout(_))
    }

    /// Whether this handle writes to a terminal.
    pub fn is_terminal(&self) -> bool {
        #[cfg(unix)]
        {
            match self.target {
                Target::Stdout(_) => is_terminal(libc::STDOUT_FILENO),
                Target::Stderr => is_terminal(libc::STDERR_FILENO),
                Target::Captured(_) => false,
            }
        }
        #[cfg(not(unix))]
        {
            use std::io::IsTerminal;
            match self.target {
                Target::Stdout(_) => io::stdout().is_terminal(),
                Target::Stderr => io::stderr().is_terminal(),
                Target::Captured(_) => false,
            }
        }
    }

    /// The width of the terminal this handle writes to, in columns, if
    /// it is one that says.
    ///
    /// `ioctl(TIOCGWINSZ)` by hand: libc is already a dependency, and the
    /// `terminal_size` crate would add `rustix` to every app's build for
    /// this one call.
    pub fn terminal_columns(&self) -> Option<usize> {
        #[cfg(unix)]
        {
            let fd = match self.target {
                Target::Stdout(_) => libc::STDOUT_FILENO,
                Target::Stderr => libc::STDERR_FILENO,
                Target::Captured(_) => return None,
            };
            // SAFETY: an all-zero `winsize` is a valid value of the plain
            // C struct.
            let mut size: libc::winsize = unsafe { std::mem::zeroed() };
            // SAFETY: TIOCGWINSZ writes one `winsize` through the pointer,
            // which points at `size` for the whole call.
            let done = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) };
            (done == 0 && size.ws_col > 0).then_some(usize::from(size.ws_col))
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// Whether to style text written here: on a terminal, never with
    /// `NO_COLOR` set.
    ///
    /// Out of line: help, usage errors and the completion built-ins each
    /// ask it, and a copy inlined in each costs every app some 300 bytes.
    #[inline(never)]
    pub fn wants_color(&self) -> bool {
        // The terminal first: a piped run never looks up the environment.
        self.is_terminal() && std::env::var_os("NO_COLOR").is_none()
    }

    /// Takes what was captured so far (empty for a process stream).
    #[doc(hidden)]
    pub fn take_captured(&self) -> Vec<u8> {
        match &self.target {
            Target::Captured(state) => std::mem::take(&mut *lock(&state.buf)),
            _ => Vec::new(),
        }
    }

    fn state(&self) -> Option<&State> {
        match &self.target {
            Target::Stdout(state) | Target::Captured(state) => Some(state),
            Target::Stderr => None,
        }
    }

    /// Refuses further writes through this handle (and its clones): its
    /// command was cancelled.
    #[cfg_attr(not(feature = "async"), allow(dead_code))]
    pub(crate) fn withhold(&self) {
        if let Some(state) = self.state() {
            state.withheld.store(true, Ordering::SeqCst);
        }
    }

    fn withheld(&self) -> bool {
        self.state()
            .is_some_and(|s| s.withheld.load(Ordering::SeqCst))
    }

    /// Whether a write through this stdout found the reader gone.
    pub(crate) fn closed(&self) -> bool {
        self.state()
            .is_some_and(|s| s.closed.load(Ordering::Relaxed))
    }

    /// The first error writing this stdout, if one happened (even one the
    /// command ignored), taken out: the app reports it once, at exit.
    pub(crate) fn failure(&self) -> Option<String> {
        self.state().and_then(|s| lock(&s.failure).take())
    }

    /// The error of a write to the process's stdout, named as such
    /// (`stdout: No space left on device`), so it is never blamed on an
    /// input, and noted in this run's state (a closed pipe ends the
    /// command quietly; another failure is reported at exit). For code
    /// that writes fd 1 itself (kernel copies) as well as for writes
    /// through the handle.
    #[cold]
    #[inline(never)]
    pub fn stdout_error(&self, e: io::Error) -> io::Error {
        let e = named("stdout", e);
        if let Some(state) = self.state() {
            if e.kind() == io::ErrorKind::BrokenPipe {
                state.closed.store(true, Ordering::Relaxed);
            } else {
                note_failure(state, e.to_string());
            }
        }
        e
    }

    /// Notes a failure of `println!` (from the panic hook): `closed` for a
    /// closed pipe, else the OS error's text, `reason`.
    pub(crate) fn note_print_failure(&self, closed: bool, reason: &str) {
        let Some(state) = self.state() else { return };
        if closed {
            state.closed.store(true, Ordering::Relaxed);
        } else {
            note_failure(state, crate::cli::text::concat(&["stdout: ", reason]));
        }
        state.print_failed.store(true, Ordering::SeqCst);
    }

    /// Whether the panic being handled is `println!`'s on this stdout
    /// (once: the flag is taken), as the error a write through the handle
    /// would have given.
    pub(crate) fn take_print_failure(&self) -> Option<io::Error> {
        let state = self.state()?;
        if !state.print_failed.swap(false, Ordering::SeqCst) {
            return None;
        }
        let e = if state.closed.load(Ordering::Relaxed) {
            io::Error::from(io::ErrorKind::BrokenPipe)
        } else {
            let message = lock(&state.failure).clone().unwrap_or_default();
            let reason = message.strip_prefix("stdout: ").unwrap_or(&message);
            io::Error::other(reason.to_owned())
        };
        Some(named("stdout", e))
    }
}

/// Keeps `message` as the first failure of stdout, unless one was kept.
fn note_failure(state: &State, message: String) {
    lock(&state.failure).get_or_insert(message);
}

impl Write for Output {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.withheld() {
            return Err(withheld());
        }
        match &self.target {
            Target::Stdout(_) => io::stdout().write(data).map_err(|e| self.stdout_error(e)),
            Target::Stderr => io::stderr().write(data).map_err(stderr_error),
            Target::Captured(state) => {
                lock(&state.buf).extend_from_slice(data);
                Ok(data.len())
            }
        }
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        if self.withheld() {
            return Err(withheld());
        }
        match &self.target {
            Target::Stdout(_) => io::stdout()
                .lock()
                .write_all(data)
                .map_err(|e| self.stdout_error(e)),
            Target::Stderr => io::stderr().lock().write_all(data).map_err(stderr_error),
            Target::Captured(state) => {
                lock(&state.buf).extend_from_slice(data);
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &self.target {
            Target::Stdout(_) => io::stdout().flush().map_err(|e| self.stdout_error(e)),
            Target::Stderr => io::stderr().flush().map_err(stderr_error),
            Target::Captured(_) => Ok(()),
        }
    }
}

fn withheld() -> io::Error {
    named(
        "stdout",
        io::Error::other("not written: the command was cancelled"),
    )
}

/// Whether the descriptor `fd` is a terminal: `isatty`.
///
/// On Linux, spelled as glibc and musl spell `isatty` (`ioctl(TCGETS)`),
/// through the `ioctl` that [`Output::terminal_columns`] needs anyway:
/// the loader resolves every libc function a binary imports when it
/// starts, some 700 instructions each on every run, used or not, and
/// `isatty` would be one more for this one call.
#[cfg(unix)]
pub(crate) fn is_terminal(fd: libc::c_int) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // SAFETY: an all-zero `termios` is a valid value of the plain C
        // struct; TCGETS writes one through the pointer, which points at
        // `attributes` for the whole call. A closed descriptor fails.
        let mut attributes: libc::termios = unsafe { std::mem::zeroed() };
        unsafe { libc::ioctl(fd, libc::TCGETS, &mut attributes) == 0 }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        // SAFETY: `isatty` only inspects the descriptor; a closed one is
        // reported as not a terminal.
        unsafe { libc::isatty(fd) == 1 }
    }
}

/// Whether `e` is a write to stdout that found the reader gone: the
/// error of [`Output::stdout_error`] for a closed pipe.
pub(crate) fn is_closed_stdout(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
        && e.get_ref()
            .and_then(|inner| inner.downcast_ref::<OutputError>())
            .is_some_and(|o| o.output == "stdout")
}

/// `e`, named as an error of stdout (`stdout: Bad file descriptor`), for
/// a stdout found unusable before anything was written to it.
pub fn stdout_named(e: io::Error) -> io::Error {
    named("stdout", e)
}

/// The error of a write to the process's stderr, named as such.
fn stderr_error(e: io::Error) -> io::Error {
    named("stderr", e)
}

/// `e`, its message prefixed with the output's name; its kind kept.
#[inline(never)]
fn named(output: &'static str, e: io::Error) -> io::Error {
    if e.get_ref().is_some_and(|inner| inner.is::<OutputError>()) {
        return e;
    }
    io::Error::new(e.kind(), OutputError { output, source: e })
}

/// An error writing one of the process's outputs. (`Debug` by hand, as
/// its `Display`: a derived one links `io::Error`'s into every app.)
struct OutputError {
    output: &'static str,
    source: io::Error,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.output, self.source)
    }
}

impl std::fmt::Debug for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for OutputError {}

/// The output handles a command writes through.
#[derive(Clone, Debug)]
pub struct Streams {
    /// Normal output.
    pub stdout: Output,
    /// Diagnostics.
    pub stderr: Output,
}

impl Streams {
    /// The process's own stdout and stderr, for a new run.
    pub fn process() -> Self {
        Streams {
            stdout: Output::stdout(),
            stderr: Output::stderr(),
        }
    }

    /// In-memory buffers, for `try_run_from`.
    pub fn captured() -> Self {
        Streams {
            stdout: Output::captured(),
            stderr: Output::captured(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each run's stdout knows only what happened to it: a closed pipe,
    /// a failure, a cancellation of one run is not another's.
    #[test]
    fn each_run_has_its_own_stdout_state() {
        let (first, second) = (Output::stdout(), Output::stdout());
        let _ = first.stdout_error(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(first.closed() && !second.closed());
        let _ = second.stdout_error(io::Error::from_raw_os_error(28));
        assert!(second.failure().is_some_and(|f| f.starts_with("stdout: ")));
        assert_eq!(first.failure(), None);
        let captured = Output::captured();
        captured.withhold();
        assert!(captured.clone().write_all(b"late").is_err());
        assert!(Output::captured().write_all(b"on time").is_ok());
    }

    /// A closed stdout is told from the error alone.
    #[test]
    fn a_closed_stdout_is_told_from_its_error() {
        let out = Output::stdout();
        let closed = out.stdout_error(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(is_closed_stdout(&closed));
        assert!(!is_closed_stdout(&io::Error::from(
            io::ErrorKind::BrokenPipe
        )));
        let full = out.stdout_error(io::Error::from_raw_os_error(28));
        assert!(!is_closed_stdout(&full));
    }
}
