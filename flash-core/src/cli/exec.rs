//! How a command asks to be run: its execution model and the runtime
//! options (`--timeout`, `--max-concurrency`, ...), as plain data. The
//! runtime layer reads them; the macros read the names and defaults.

use std::time::Duration;

pub use flash_grammar::exec::{Model, RuntimeFlag, DEFAULT_MAX_CONCURRENCY, RUNTIME_FLAGS};

use crate::cli::arg::runtime_bit;

/// The bit of each of [`RUNTIME_FLAGS`], in their order.
pub const RUNTIME_BITS: [u8; 4] = [
    runtime_bit::TIMEOUT,
    runtime_bit::MAX_CONCURRENCY,
    runtime_bit::MEMORY_LIMIT,
    runtime_bit::METRICS,
];

/// The runtime option of bit `bit`.
pub fn runtime_flag(bit: u8) -> Option<&'static RuntimeFlag> {
    RUNTIME_BITS
        .iter()
        .position(|&b| b == bit)
        .map(|i| &RUNTIME_FLAGS[i])
}

/// The runtime flags of an async command after defaults and argv are merged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuntimeOptions {
    /// `--timeout`: expiry cancels the command (exit 124). `None`: no
    /// deadline (also what `--timeout 0` asks for).
    pub timeout: Option<Duration>,
    /// `--max-concurrency`: bound on `Context::spawn` (default 10).
    pub max_concurrency: usize,
    /// `--memory-limit`: soft limit in bytes.
    pub memory_limit: Option<u64>,
    /// `--metrics`: print the report on stderr at exit.
    pub metrics: bool,
    /// `-v` (+1 each) and `-q` (-1 each) in an app with `logging: true`
    /// (0 otherwise): the log level, unless `RUST_LOG` is set.
    pub verbosity: i8,
    /// The command's name, for the tracing span (empty: unnamed).
    pub command: &'static str,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            timeout: None,
            max_concurrency: DEFAULT_MAX_CONCURRENCY,
            memory_limit: None,
            metrics: false,
            verbosity: 0,
            command: "",
        }
    }
}

/// Per-command runtime defaults from `#[cmd(timeout = ..., ...)]`, as
/// typed values: the macro parsed them at compile time.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuntimeDefaults {
    /// `timeout = "30s"`.
    pub timeout: Option<Duration>,
    /// `max_concurrency = 10`.
    pub max_concurrency: Option<usize>,
    /// `memory_limit = "64MiB"`, in bytes.
    pub memory_limit: Option<u64>,
}

/// Indices in a command's arguments of the built-in runtime options it
/// offers (`None` where the command declares that name itself).
#[derive(Debug, Clone, Copy)]
pub struct RuntimeArgs {
    /// `--timeout`.
    pub timeout: Option<usize>,
    /// `--max-concurrency`.
    pub max_concurrency: Option<usize>,
    /// `--memory-limit`.
    pub memory_limit: Option<usize>,
    /// `--metrics`.
    pub metrics: Option<usize>,
}
