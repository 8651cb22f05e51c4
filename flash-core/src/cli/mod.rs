//! The CLI layer: the tables `#[cmd]` and `app!` generate, argv parsing,
//! help, suggestions, units, the invocation of a handler, and outputs.
//!
//! It knows nothing of tokio or of the runtime above it: where a table
//! must reach a command's runtime, it holds a plain `fn` whose signature
//! uses only this layer's types ([`spec::CommandSpec::run`]). Its grammars
//! ([`units`], [`names`], [`suggest`], [`style`], the models of [`exec`])
//! come from `flash-grammar`, which the macros read at compile time, so
//! what compiles is what runs.

pub mod app;
pub mod arg;
pub(crate) mod builtins;
pub mod checks;
pub(crate) mod complete;
pub mod config;
pub(crate) mod docs;
pub mod error;
pub mod exec;
pub mod extract;
pub(crate) mod help;
pub mod invoke;
pub mod lex;
pub mod log;
pub mod output;
pub mod panic;
pub mod param;
pub(crate) mod parse;
pub(crate) mod paths;
pub mod prompt;
pub mod relations;
pub mod report;
pub(crate) mod signal;
pub mod spec;
pub mod text;
pub mod value;
pub mod values;
pub mod vars;

pub use flash_grammar::{names, style, suggest, units};
