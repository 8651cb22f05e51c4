//! Where a command's output goes: the process's stdout/stderr, or a buffer
//! when the app runs under `App::try_run_from`.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
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
    Stdout,
    Stderr,
    Captured(Arc<Mutex<Vec<u8>>>),
}

impl Output {
    /// The process's standard output.
    pub fn stdout() -> Self {
        Output {
            target: Target::Stdout,
        }
    }

    /// The process's standard error.
    pub fn stderr() -> Self {
        Output {
            target: Target::Stderr,
        }
    }

    /// A new in-memory buffer (what `try_run_from` uses).
    pub fn captured() -> Self {
        Output {
            target: Target::Captured(Arc::default()),
        }
    }

    /// Whether this handle is the process's real stdout (so fd 1 may be used
    /// directly, e.g. for a kernel copy).
    pub fn is_process_stdout(&self) -> bool {
        matches!(self.target, Target::Stdout)
    }

    /// Whether this handle writes to a terminal.
    pub fn is_terminal(&self) -> bool {
        use std::io::IsTerminal;
        match self.target {
            Target::Stdout => io::stdout().is_terminal(),
            Target::Stderr => io::stderr().is_terminal(),
            Target::Captured(_) => false,
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
                Target::Stdout => libc::STDOUT_FILENO,
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
    pub fn take_captured(&self) -> Vec<u8> {
        match &self.target {
            Target::Captured(buf) => std::mem::take(&mut *lock(buf)),
            _ => Vec::new(),
        }
    }
}

fn lock(buf: &Mutex<Vec<u8>>) -> std::sync::MutexGuard<'_, Vec<u8>> {
    // A writer that panicked mid-write leaves bytes, not broken invariants.
    buf.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl Write for Output {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        match &self.target {
            Target::Stdout if stdout_withheld() => Err(withheld()),
            Target::Stdout => io::stdout().write(data).map_err(stdout_error),
            Target::Stderr => io::stderr().write(data).map_err(stderr_error),
            Target::Captured(buf) => {
                lock(buf).extend_from_slice(data);
                Ok(data.len())
            }
        }
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match &self.target {
            Target::Stdout if stdout_withheld() => Err(withheld()),
            Target::Stdout => io::stdout().lock().write_all(data).map_err(stdout_error),
            Target::Stderr => io::stderr().lock().write_all(data).map_err(stderr_error),
            Target::Captured(buf) => {
                lock(buf).extend_from_slice(data);
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &self.target {
            Target::Stdout => io::stdout().flush().map_err(stdout_error),
            Target::Stderr => io::stderr().flush().map_err(stderr_error),
            Target::Captured(_) => Ok(()),
        }
    }
}

/// Set once the running command is cancelled (a signal, its deadline, its
/// memory limit): what it writes to the process's stdout through
/// [`Output`] from then on is refused, so a result computed too late is
/// never printed after the cancellation was reported.
static STDOUT_WITHHELD: AtomicBool = AtomicBool::new(false);

fn stdout_withheld() -> bool {
    STDOUT_WITHHELD.load(Ordering::SeqCst)
}

/// Refuses further writes to the process's stdout through [`Output`].
#[cfg_attr(not(feature = "async"), allow(dead_code))]
pub(crate) fn withhold_stdout() {
    STDOUT_WITHHELD.store(true, Ordering::SeqCst);
}

/// Lets a new command of this process print again on its stdout, after an
/// earlier one was cancelled.
#[cfg_attr(not(feature = "async"), allow(dead_code))]
pub(crate) fn release_stdout() {
    STDOUT_WITHHELD.store(false, Ordering::SeqCst);
}

fn withheld() -> io::Error {
    named(
        "stdout",
        io::Error::other("not written: the command was cancelled"),
    )
}

/// Set once a write to the process's stdout found it closed (`EPIPE`):
/// the reader is gone (`… | head`), and the command ends quietly.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether the process's stdout was found closed.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// The error of a write to the process's stdout, named as such
/// (`stdout: No space left on device`), so it is never blamed on an input;
/// a closed pipe is noted (see [`stdout_closed`]). For code that writes fd
/// 1 itself (kernel copies) as well as for [`Output`].
pub fn stdout_error(e: io::Error) -> io::Error {
    let e = named("stdout", e);
    if e.kind() == io::ErrorKind::BrokenPipe {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    } else {
        note_failure(e.to_string());
    }
    e
}

/// Notes a failure of the process's stdout as [`stdout_error`] does, from
/// the text of the error (`reason`, as `println!`'s panic shows it):
/// `closed` for a closed pipe.
pub(crate) fn note_stdout_failure(closed: bool, reason: &str) {
    if closed {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    } else {
        note_failure(crate::cli::text::concat(&["stdout: ", reason]));
    }
}

/// The first error writing the process's stdout (other than a closed
/// pipe), as shown: `stdout: No space left on device (os error 28)`.
///
/// A pointer set once, not a `OnceLock`: its lazy set-up is code every app
/// would carry for an error few ever see.
static STDOUT_FAILURE: AtomicPtr<String> = AtomicPtr::new(std::ptr::null_mut());

/// Keeps `message` as the first failure of stdout, unless one was kept.
fn note_failure(message: String) {
    let first = Box::into_raw(Box::new(message));
    let kept = STDOUT_FAILURE.compare_exchange(
        std::ptr::null_mut(),
        first,
        Ordering::AcqRel,
        Ordering::Acquire,
    );
    if kept.is_err() {
        // SAFETY: `first` came from `Box::into_raw` above and was not
        // stored: it is still this function's alone.
        drop(unsafe { Box::from_raw(first) });
    }
}

/// The first error writing the process's stdout, if one happened (even
/// one the command ignored): the app reports it at exit, as coreutils do.
pub fn stdout_failure() -> Option<&'static str> {
    let kept = STDOUT_FAILURE.load(Ordering::Acquire);
    // SAFETY: a non-null pointer was stored once by `note_failure`, from a
    // `Box` never freed: valid for the rest of the process.
    unsafe { kept.as_ref() }.map(String::as_str)
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
    /// The process's own stdout and stderr.
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
