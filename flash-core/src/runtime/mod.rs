//! The runtime layer: execution models, the context a handler takes, and
//! (with the `async` feature) structured tasks, the CPU pool, resource
//! scopes, signals, deadlines, metrics, logging and retry.
//!
//! It sits on the CLI layer and names nothing above it.

mod blocking;
pub mod context;
#[cfg(feature = "async")]
pub(crate) mod destination;
pub mod env;
#[cfg(feature = "async")]
pub mod logging;
#[cfg(feature = "async")]
mod memory;
#[cfg(feature = "async")]
pub mod metrics;
#[cfg(feature = "async")]
mod model;
#[cfg(feature = "async")]
pub(crate) mod pool;
#[cfg(feature = "async")]
mod race;
#[cfg(feature = "async")]
mod registry;
#[cfg(feature = "async")]
pub mod retry;
#[cfg(feature = "async")]
pub mod scope;
#[cfg(feature = "async")]
mod signals;
#[cfg(feature = "async")]
pub mod tasks;
#[cfg(feature = "async")]
mod tracker;
#[cfg(feature = "async")]
mod watchdog;

pub use blocking::{run_blocking, run_sync};
pub use context::Context;
#[cfg(feature = "async")]
pub use logging::make_logger;
#[cfg(feature = "async")]
pub use model::{outside_runtime, run_async, run_command};
/// The cancellation token a [`Context`] hands out (`ctx.token()`):
/// tokio-util's, for code that takes one.
#[cfg(feature = "async")]
pub use tokio_util::sync::CancellationToken;
