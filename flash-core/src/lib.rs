//! The runtime of flash: parsing tables, help, context, execution models, ops.
//!
//! Users depend on the `flash` facade, which re-exports what is public here.

pub mod context;
pub mod error;
pub mod model;
pub mod ops;
pub mod output;
pub mod scope;
pub mod units;

pub use context::{Context, TaskHandle};
pub use error::{Error, Result};
pub use model::{Model, RuntimeOptions, Streams};
pub use output::Output;
pub use scope::{Scope, TempFile};
