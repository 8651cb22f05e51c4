//! The grammars both sides of flash read: `flash-macros` at compile time,
//! to check a user's attributes and to write the tables, and `flash-core`
//! at run time, to parse the command line and print help. One definition
//! of each, so what compiles is what runs.
//!
//! A crate of its own, with no dependencies, so a cold build compiles it
//! once, before anything else, rather than compiling the runtime's CLI
//! layer a second time for the proc-macro.

#![deny(missing_docs)]

pub mod exec;
pub mod names;
pub mod style;
pub mod suggest;
pub mod units;
