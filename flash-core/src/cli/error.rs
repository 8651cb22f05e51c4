//! The one error type of flash, and how each kind maps to an exit code.

use std::fmt;
use std::path::PathBuf;

/// A `Result` whose error defaults to [`Error`].
pub type Result<T = (), E = Error> = std::result::Result<T, E>;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything a command can fail with.
///
/// The kind decides the exit code: [`Error::Usage`] exits 2, [`Error::Timeout`]
/// 124, [`Error::Cancelled`] 130 and every other kind 1. `?` works on
/// [`std::io::Error`] (it becomes [`Error::Filesystem`]) and on boxed errors.
///
/// `Display` and `source` are written out below rather than derived with
/// `thiserror`: this type is in the CLI layer, which every app builds, and
/// `thiserror`'s proc-macro sat on the critical path of a sync app's cold
/// build (it had to finish before `flash-macros` could start).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The command ran past its `--timeout`.
    Timeout(std::time::Duration),
    /// Ctrl-C, SIGTERM, or a cancelled token.
    Cancelled,
    /// A limit was crossed (`--memory-limit`, a pool that is gone).
    ResourceExhausted(String),
    /// A network failure. Retryable by default.
    Network {
        /// What failed.
        message: String,
        /// The cause, if any.
        source: Option<BoxError>,
    },
    /// A file-system failure, with the path it concerned where known.
    Filesystem {
        /// The path the user gave, for the role it plays.
        path: Option<PathBuf>,
        /// The OS error.
        source: std::io::Error,
    },
    /// Input that is well-formed on the command line but not acceptable.
    Validation(String),
    /// A command-line usage error (already formatted, exits 2).
    Usage(String),
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
            Error::Timeout(dur) => {
                f.write_str("timed out after ")?;
                f.write_str(&crate::cli::units::format_duration(*dur))
            }
            Error::Cancelled => f.write_str("cancelled"),
            Error::ResourceExhausted(what) => {
                f.write_str("resource exhausted: ")?;
                f.write_str(what)
            }
            Error::Network { message, .. } => {
                f.write_str("network error: ")?;
                f.write_str(message)
            }
            Error::Filesystem { path, source } => FsMessage(path.as_deref(), source).fmt(f),
            Error::Validation(message) | Error::Usage(message) => f.write_str(message),
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
            Error::Filesystem { source, .. } => Some(source),
            // Transparent: the inner error's own cause comes next.
            Error::Any(inner) => inner.source(),
            _ => None,
        }
    }
}

struct FsMessage<'a>(Option<&'a std::path::Path>, &'a std::io::Error);

impl fmt::Display for FsMessage<'_> {
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
    /// A [`Error::Filesystem`] error about `path`.
    pub fn fs(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Filesystem {
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

    /// Marks this error as worth retrying by `flash::retry`.
    pub fn retryable(self) -> Self {
        match self {
            Error::Other {
                message, source, ..
            } => Error::Other {
                message,
                retryable: true,
                source,
            },
            other @ Error::Network { .. } => other,
            other => Error::Other {
                message: other.to_string(),
                retryable: true,
                source: Some(Box::new(other)),
            },
        }
    }

    /// Whether `flash::retry` tries again after this error: network errors
    /// and errors marked with [`Error::retryable`]. Not a timeout: that is
    /// the command's own deadline, and retrying past it cannot succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Network { .. } => true,
            Error::Other { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Timeout(_) => 124,
            Error::Cancelled => 130,
            _ => 1,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Filesystem { path: None, source }
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
            message.push_str(": ");
            message.push_str(&cause.to_string());
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

/// Writes `error: <message>` and one `  caused by: <cause>` line per source.
///
/// A cause whose text the line before already ends with (an error that
/// both shows and returns its source) is not repeated.
pub fn write_report(err: &(dyn std::error::Error + 'static), out: &mut String) {
    out.push_str("error:");
    write_chain(err.to_string(), err.source(), out);
}

/// [`write_report`] for flash's own error, after the `error:` label, without
/// going through `<Error as std::error::Error>`: that would put `Error`, and
/// through `source()` `io::Error`, in `dyn Error` vtables, with their `Debug`
/// (every `ErrorKind` name): about 4 KB in every binary. Same text.
pub(crate) fn write_error_report(err: &Error, out: &mut String) {
    let mut previous = err.to_string();
    let next: Option<&(dyn std::error::Error + 'static)> = match err {
        Error::Network { source, .. } | Error::Other { source, .. } => {
            source.as_deref().map(|s| s as _)
        }
        Error::Any(inner) => inner.source(),
        // Its message ends with the `io::Error`'s, which is not repeated;
        // the chain goes on with what `io::Error::source` gives.
        Error::Filesystem { source, .. } => {
            out.push(' ');
            out.push_str(&previous);
            out.push('\n');
            previous = source.to_string();
            let next = source.get_ref().and_then(|inner| inner.source());
            return write_causes(previous, next, out);
        }
        _ => None,
    };
    write_chain(previous, next, out);
}

/// ` <first>` and the `caused by` lines, each line ending in a newline.
fn write_chain(
    previous: String,
    next: Option<&(dyn std::error::Error + 'static)>,
    out: &mut String,
) {
    out.push(' ');
    out.push_str(&previous);
    out.push('\n');
    write_causes(previous, next, out);
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
            out.push_str("  caused by: ");
            out.push_str(&text);
            out.push('\n');
        }
        previous = text;
        next = cause.source();
    }
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
