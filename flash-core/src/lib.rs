//! The runtime of flash, in three layers that depend one way:
//!
//! - [`cli`]: the tables `#[cmd]` and `app!` generate, argv parsing, help,
//!   suggestions, units, the invocation of a handler, outputs. No tokio.
//! - [`runtime`]: execution models, the [`runtime::Context`], and with the
//!   `async` feature the tokio runtime, tasks, CPU pool, scopes, signals,
//!   metrics, logging and retry.
//! - `ops` (feature `ops`): file, hash, crypto and stream operations.
//!
//! Users depend on the `flash` facade, which re-exports what is public,
//! item by item. The `flash-macros` crate depends on this crate with no
//! features, for the grammars both read (durations, sizes, names,
//! suggestions, help marks, model names and defaults).

#![deny(missing_docs)]

pub mod cli;
#[cfg(feature = "ops")]
pub mod ops;
pub mod runtime;

#[cfg(feature = "async")]
#[doc(hidden)]
pub use tokio;
#[cfg(feature = "async")]
#[doc(hidden)]
pub use tracing;
