//! # flash
//!
//! Command-line programs from ordinary functions. Mark each function
//! `#[flash::cmd(run)]` (sync) or `#[flash::cmd(run_async)]` (async), list
//! them in [`app!`], and flash parses the arguments from the signature,
//! prints help from the doc comments, reports mistakes at compile time, and
//! runs each command on the execution model its attribute picks.
//!
//! ```no_run
//! use flash::Result;
//!
//! /// Greet someone.
//! #[flash::cmd(run)]
//! fn greet(
//!     /// Who to greet
//!     name: String,
//!     /// Shout the greeting
//!     #[arg(short, long)]
//!     loud: bool,
//! ) -> Result<()> {
//!     let line = format!("Hello, {name}!");
//!     println!("{}", if loud { line.to_uppercase() } else { line });
//!     Ok(())
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     flash::app! { name: "demo", commands: [greet] }.run()
//! }
//! ```

pub use flash_core::*;
pub use flash_macros::{app, cmd};

/// What generated code reaches; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use flash_core::app::App;
    pub use flash_core::error::Error;
    pub use flash_core::error::Result;
    pub use flash_core::help::{render_group, GroupInfo};
    pub use flash_core::invoke::{finish, Failed, FromArg, IntoResult, Invocation};
    pub use flash_core::model::{outside_runtime, run_async, run_blocking, Model};
    pub use flash_core::private::{
        check_distinct, check_not_named, check_possible, help_str, Command, INVALID_APP,
        INVALID_COMMAND,
    };
    pub use flash_core::spec::{
        AppSpec, ArgKind, ArgSpec, CommandSpec, GroupSpec, HelpText, Node, RuntimeArgs,
        RuntimeDefaults,
    };
    pub use flash_core::tokio;
}

/// The README's quick start, compiled as a doctest so it stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
