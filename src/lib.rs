//! flash: command-line programs from ordinary functions.
pub use flash_core::*;
