//! The one error type of flash, and how each kind maps to an exit code.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A `Result` whose error defaults to [`Error`].
pub type Result<T = (), E = Error> = std::result::Result<T, E>;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything a command can fail with.
///
/// The kind decides the exit code: [`Error::Usage`] exits 2,
/// [`Error::Deadline`] 124, [`Error::Cancelled`] 130, [`Error::Signal`]
/// 128 + the signal's number, [`Error::Panicked`] 101, and every other
/// kind 1 ([`Error::exit_code`]). `?` works on [`std::io::Error`] (it
/// becomes [`Error::Io`]) and on boxed errors.
///
/// Each error's text is shown once: a kind whose `Display` already
/// includes its cause's text ([`Error::Io`]) does not return that cause
/// from `source()`, so any cause-chain printer shows it once.
/// [`Error::report`] gives the text flash prints.
///
/// ```
/// use std::time::Duration;
/// let e = flash::Error::fs("notes.txt", std::io::Error::from(std::io::ErrorKind::NotFound));
/// assert_eq!(e.report(), "`notes.txt`: entity not found");
/// assert_eq!(e.exit_code(), 1);
/// // An operation's own time limit is worth retrying; the command's is not.
/// assert!(flash::Error::TimedOut(Duration::from_millis(300)).is_retryable());
/// assert!(!flash::Error::Deadline(Duration::from_secs(30)).is_retryable());
/// assert_eq!(flash::Error::Deadline(Duration::from_secs(30)).exit_code(), 124);
/// ```
///
/// `Display` and `source` are written out below rather than derived with
/// `thiserror`: this type is in the CLI layer, which every app builds, and
/// `thiserror`'s proc-macro sat on the critical path of a sync app's cold
/// build (it had to finish before `flash-macros` could start).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The command ran past its own deadline (`--timeout`, or
    /// `#[cmd(timeout = "30s")]`): exits 124, and is never retried (a
    /// retry could only run past it again).
    Deadline(Duration),
    /// One operation ran past the time [`Context::with_timeout`] gave it:
    /// an ordinary error (exit 1) that [`Error::is_retryable`] accepts, so
    /// `retry(|| ctx.with_timeout(d, fetch()))` tries again.
    ///
    /// [`Context::with_timeout`]: crate::runtime::Context
    TimedOut(Duration),
    /// The command's cancellation token fired (a cancellation point such
    /// as `ctx.check_cancelled()` saw it): exits 130.
    Cancelled,
    /// The command was cancelled by a signal (SIGINT, SIGTERM, SIGHUP,
    /// SIGQUIT; its number here): exits 128 + that number, as a shell
    /// reports a process the signal ended (130 for Ctrl-C, 143 for
    /// SIGTERM).
    Signal(i32),
    /// The command, or a task it spawned, panicked (its message here):
    /// exits 101.
    Panicked(String),
    /// A limit was crossed (`--memory-limit`, a pool that is gone).
    ResourceExhausted(String),
    /// A network failure. Retryable by default.
    Network {
        /// What failed.
        message: String,
        /// The cause, if any.
        source: Option<BoxError>,
    },
    /// An I/O failure (a file, a socket, a pipe), with the path it
    /// concerned where there is one. Its text is the path and the OS
    /// error's (`` `notes.txt`: Permission denied (os error 13) ``), so
    /// `source()` goes on with what comes after the OS error, if anything.
    Io {
        /// The path the user gave, for the role it plays.
        path: Option<PathBuf>,
        /// The OS error.
        source: std::io::Error,
    },
    /// Input that is well-formed on the command line but not acceptable.
    Validation(String),
    /// A command-line usage error (already formatted, exits 2).
    Usage(String),
    /// An error marked with [`Error::retryable`]: shown, and exiting, as
    /// the error it holds.
    Retryable(Box<Error>),
    /// Any other error, as it came (`?` on a boxed error).
    Any(BoxError),
    /// Any other error, marked retryable or not, with its source chain.
    Other {
        /// What failed.
        message: String,
        /// Whether `flash::retry` tries again.
        retryable: bool,
        /// The cause, if any.
        source: Option<BoxError>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Deadline(dur) => {
                f.write_str("timed out after ")?;
                f.write_str(&crate::cli::units::format_duration(*dur))
            }
            Error::TimedOut(dur) => {
                f.write_str("operation timed out after ")?;
                f.write_str(&crate::cli::units::format_duration(*dur))
            }
            Error::Cancelled => f.write_str("cancelled"),
            Error::Signal(signal) => {
                f.write_str("cancelled by ")?;
                f.write_str(signal_name(*signal))
            }
            Error::Panicked(message) => {
                f.write_str("the command panicked: ")?;
                f.write_str(message)
            }
            Error::ResourceExhausted(what) => {
                f.write_str("resource exhausted: ")?;
                f.write_str(what)
            }
            Error::Network { message, .. } => {
                f.write_str("network error: ")?;
                f.write_str(message)
            }
            Error::Io { path, source } => IoMessage(path.as_deref(), source).fmt(f),
            Error::Validation(message) | Error::Usage(message) => f.write_str(message),
            Error::Retryable(inner) => fmt::Display::fmt(inner, f),
            Error::Any(inner) => fmt::Display::fmt(inner, f),
            Error::Other { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Network { source, .. } | Error::Other { source, .. } => {
                source.as_deref().map(|s| s as _)
            }
            // The OS error's text is this error's own: what it wraps, if
            // anything, comes next (as `io::Error::source` gives it).
            Error::Io { source, .. } => source.get_ref().and_then(|inner| inner.source()),
            // Transparent: the inner error's own cause comes next.
            Error::Retryable(inner) => std::error::Error::source(&**inner),
            Error::Any(inner) => inner.source(),
            _ => None,
        }
    }
}

/// The name of a signal that cancels a command (`SIGTERM`).
pub(crate) fn signal_name(signal: i32) -> &'static str {
    // The numbers are POSIX's, the same on every Unix flash runs on.
    match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        15 => "SIGTERM",
        _ => "a signal",
    }
}

struct IoMessage<'a>(Option<&'a std::path::Path>, &'a std::io::Error);

impl fmt::Display for IoMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            // `to_string_lossy`, not `display()`: the same text for `{}`,
            // without `Display for ByteStr` (1 KB in every binary).
            Some(path) => write!(f, "`{}`: {}", path.to_string_lossy(), self.1),
            None => fmt::Display::fmt(self.1, f),
        }
    }
}

impl Error {
    /// An [`Error::Io`] error about `path`.
    pub fn fs(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: Some(path.into()),
            source,
        }
    }

    /// A [`Error::Validation`] error.
    pub fn validation(message: impl Into<String>) -> Self {
        Error::Validation(message.into())
    }

    /// A [`Error::Network`] error with its cause.
    pub fn network(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Network {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// An error with a message and no source.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Other {
            message: message.into(),
            retryable: false,
            source: None,
        }
    }

    /// Wraps `source` under `message`, so the cause chain shows both.
    pub fn context(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::Other {
            message: message.into(),
            retryable: false,
            source: Some(source.into()),
        }
    }

    /// Marks this error as worth retrying by `flash::retry`. What ends the
    /// command itself stays as it is, never retried: its deadline, a
    /// cancellation, a signal, a panic, a usage error.
    pub fn retryable(self) -> Self {
        match self {
            Error::Other {
                message, source, ..
            } => Error::Other {
                message,
                retryable: true,
                source,
            },
            other if other.is_retryable() || other.ends_the_command() => other,
            other => Error::Retryable(Box::new(other)),
        }
    }

    /// Whether this error ends the command whatever its code does with it.
    fn ends_the_command(&self) -> bool {
        matches!(
            self,
            Error::Deadline(_)
                | Error::Cancelled
                | Error::Signal(_)
                | Error::Panicked(_)
                | Error::Usage(_)
        )
    }

    /// Whether `flash::retry` tries again after this error: network
    /// errors, an operation's own time limit ([`Error::TimedOut`], from
    /// `ctx.with_timeout`), and errors marked with [`Error::retryable`].
    /// Never the command's own deadline ([`Error::Deadline`]), a
    /// cancellation or a panic: retrying past those cannot succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Network { .. } | Error::TimedOut(_) | Error::Retryable(_) => true,
            Error::Other { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Deadline(_) => 124,
            Error::Cancelled => 130,
            Error::Signal(signal) => 128u8.saturating_add(u8::try_from(*signal).unwrap_or(0)),
            Error::Panicked(_) => 101,
            Error::Retryable(inner) => inner.exit_code(),
            _ => 1,
        }
    }

    /// The text flash prints for this error, without the `error: ` label:
    /// its message, then a `  caused by: …` line per cause, each cause
    /// once (one whose text the line before already ends with is not
    /// repeated). For code that prints errors itself.
    ///
    /// ```
    /// let e = flash::Error::context(
    ///     "could not deploy",
    ///     std::io::Error::other("connection reset"),
    /// );
    /// assert_eq!(e.report(), "could not deploy\n  caused by: connection reset");
    /// ```
    pub fn report(&self) -> String {
        let mut out = String::new();
        write_error_report(self, &mut out);
        out
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Io { path: None, source }
    }
}

impl From<BoxError> for Error {
    fn from(source: BoxError) -> Self {
        match source.downcast::<Error>() {
            Ok(flash) => *flash,
            Err(source) => Error::Any(source),
        }
    }
}

impl From<Box<dyn std::error::Error + 'static>> for Error {
    fn from(source: Box<dyn std::error::Error + 'static>) -> Self {
        // Not `Send`: keep the text of the chain, since the error must cross threads.
        let mut message = source.to_string();
        let mut next = source.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            if !message.ends_with(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            next = cause.source();
        }
        Error::msg(message)
    }
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::msg(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error::msg(message)
    }
}

/// [`Error::report`]: the message, then one `\n  caused by: <cause>` per
/// cause not already shown by the line before. Written for flash's own
/// error without going through `<Error as std::error::Error>`: that would
/// put `Error`, and through `source()` `io::Error`, in `dyn Error` vtables,
/// with their `Debug` (every `ErrorKind` name): about 4 KB in every
/// binary. Same text.
pub(crate) fn write_error_report(err: &Error, out: &mut String) {
    let next: Option<&(dyn std::error::Error + 'static)> = match err {
        Error::Network { source, .. } | Error::Other { source, .. } => {
            source.as_deref().map(|s| s as _)
        }
        Error::Retryable(inner) => return write_error_report(inner, out),
        Error::Any(inner) => inner.source(),
        // Its message ends with the `io::Error`'s, whose own cause (if
        // any) comes next.
        Error::Io { source, .. } => source.get_ref().and_then(|inner| inner.source()),
        _ => None,
    };
    let first = err.to_string();
    out.push_str(&first);
    write_causes(first, next, out);
}

/// One `caused by` line per cause not already shown by the line before.
fn write_causes(
    mut previous: String,
    mut next: Option<&(dyn std::error::Error + 'static)>,
    out: &mut String,
) {
    while let Some(cause) = next {
        let text = cause.to_string();
        if !previous.ends_with(&text) {
            out.push_str("\n  caused by: ");
            out.push_str(&text);
        }
        previous = text;
        next = cause.source();
    }
}

/// The report on one line, causes after `: ` (for a log line, such as a
/// retry's: `retrying in 1s: network error: GET /: 503 Service Unavailable`).
#[cfg(feature = "async")]
pub(crate) fn one_line(err: &Error) -> String {
    err.report().replace("\n  caused by: ", ": ")
}

/// What a handler may return: `()` or `Result<(), E>` with `E: Into<Error>`.
#[diagnostic::on_unimplemented(
    message = "a command cannot return `{Self}`",
    label = "return `flash::Result<()>`, `Result<(), E>` with `E: Into<flash::Error>`, or nothing",
    note = "flash turns the handler's result into the exit code: `Ok` exits 0, an error prints `error: …` and exits 1"
)]
pub trait IntoResult {
    /// The handler's outcome as a flash result.
    fn into_result(self) -> Result<()>;
}

impl IntoResult for () {
    fn into_result(self) -> Result<()> {
        Ok(())
    }
}

impl<E: Into<Error>> IntoResult for std::result::Result<(), E> {
    fn into_result(self) -> Result<()> {
        self.map_err(Into::into)
    }
}
