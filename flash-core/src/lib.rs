//! The runtime of flash: parsing tables, help, context, execution models, ops.
//!
//! Users depend on the `flash` facade, which re-exports what is public here.

pub mod context;
pub mod error;
mod logging;
mod memory;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod output;
pub mod retry;
pub mod scope;
mod signal;
pub mod units;

pub use context::{Context, TaskHandle};
pub use error::{Error, Result};
pub use metrics::MetricsSnapshot;
pub use model::{Model, RuntimeOptions, Streams};
pub use output::Output;
pub use retry::retry;
pub use scope::{Scope, TempFile};
