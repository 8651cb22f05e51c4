//! Where a command's output goes: the process's stdout/stderr, or a buffer
//! when the app runs under `App::try_run_from`.

use std::io::{self, Write};
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

    /// Whether to style text written here: on a terminal, never with
    /// `NO_COLOR` set.
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
            Target::Stdout => io::stdout().write(data),
            Target::Stderr => io::stderr().write(data),
            Target::Captured(buf) => {
                lock(buf).extend_from_slice(data);
                Ok(data.len())
            }
        }
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match &self.target {
            Target::Stdout => io::stdout().lock().write_all(data),
            Target::Stderr => io::stderr().lock().write_all(data),
            Target::Captured(buf) => {
                lock(buf).extend_from_slice(data);
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &self.target {
            Target::Stdout => io::stdout().flush(),
            Target::Stderr => io::stderr().flush(),
            Target::Captured(_) => Ok(()),
        }
    }
}

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
