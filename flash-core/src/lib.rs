//! The runtime of flash: parsing tables, help, context, execution models, ops.
//!
//! Users depend on the `flash` facade, which re-exports what is public here.

pub mod app;
pub mod context;
pub mod error;
pub mod help;
pub mod invoke;
mod logging;
mod memory;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod output;
mod parse;
#[doc(hidden)]
pub mod private;
pub mod retry;
#[doc(hidden)]
pub use tokio;
pub mod scope;
mod signal;
pub mod spec;
mod suggest;
pub mod units;

pub use app::{App, Outcome};
pub use context::{Context, TaskHandle};
pub use error::{Error, Result};
pub use metrics::MetricsSnapshot;
pub use model::{Model, RuntimeOptions, Streams};
pub use output::Output;
pub use retry::retry;
pub use scope::{Scope, TempFile};
