//! # flash
//!
//! Command-line programs from ordinary functions. Mark each function
//! `#[flash::cmd(run)]` (sync) or `#[flash::cmd(run_async)]` (async), list
//! them in [`app!`], and flash parses the arguments from the signature,
//! prints help from the doc comments, reports mistakes at compile time, and
//! runs each command on the execution model its attribute picks.
//!
//! ```no_run
//! use flash::{Context, Result};
//! use std::io::Write;
//!
//! /// Greet someone.
//! #[flash::cmd(run)]
//! fn greet(
//!     ctx: &Context,
//!     /// Who to greet
//!     name: String,
//!     /// Shout the greeting
//!     #[arg(short, long)]
//!     loud: bool,
//! ) -> Result<()> {
//!     let line = format!("Hello, {name}!");
//!     writeln!(ctx.stdout(), "{}", if loud { line.to_uppercase() } else { line })?;
//!     Ok(())
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     flash::app! { name: "demo", commands: [greet] }.run()
//! }
//! ```
//!
//! ## Testing a CLI
//!
//! [`App::try_run_from`] runs the app without exiting and returns an
//! [`Outcome`]: the exit code, and as text what flash printed (help,
//! version, errors, log lines) and what the handler wrote through
//! `ctx.stdout()` and `ctx.stderr()` (`println!` goes to the process's
//! stdout, not here). Each run is its own, whatever runs on other threads
//! at the same time; a panic is an outcome with code 101; a prompt never
//! reads the terminal. `#[flash::test]` runs an `async fn` test.
//!
//! ```
//! /// Say hello.
//! #[flash::cmd(run)]
//! fn hello(ctx: &flash::Context, name: String) -> flash::Result<()> {
//!     use std::io::Write;
//!     writeln!(ctx.stdout(), "hello, {name}")?;
//!     Ok(())
//! }
//!
//! let app = flash::app! { name: "demo", commands: [hello] };
//! let out = app.try_run_from(["demo", "hello", "ada"]);
//! assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "hello, ada\n", ""));
//! assert!(out.success());
//! let out = app.try_run_from(["demo", "helo"]);
//! assert_eq!(out.code, 2);
//! assert!(out.stderr.starts_with("error: unrecognized subcommand 'helo'"));
//! assert!(out.stderr.contains("tip: a similar subcommand exists: 'hello'"));
//! ```
//!
//! ## Cargo features
//!
//! | feature | default | brings |
//! |---|---|---|
//! | `async` | on | `run_async` commands, the tokio runtime, [`Context`] services, tracing logs, `retry` |
//! | `ops` | off | `flash::ops`: concurrent reads, kernel copies, hashing, encryption, streams |
//! | `config` | off | config files (`app! { config: true }`) |
//!
//! With `default-features = false` a sync-only app compiles no tokio, no
//! tracing-subscriber, no crypto and no C code. Using a feature that is off
//! is a compile error that names it.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc = include_str!("docs/app.md")]
pub use flash_macros::app;
#[doc = include_str!("docs/cmd.md")]
pub use flash_macros::cmd;
#[doc = include_str!("docs/args.md")]
pub use flash_macros::Args;
#[doc = include_str!("docs/value_enum.md")]
pub use flash_macros::ValueEnum;

pub use flash_core::cli::param::Args;
pub use flash_core::cli::value::ValueEnum;

pub use flash_core::cli::app::{App, Outcome};
pub use flash_core::cli::arg::Candidate;
pub use flash_core::cli::error::{Error, Result};
pub use flash_core::cli::exec::{Model, RuntimeOptions};
pub use flash_core::cli::output::Output;
pub use flash_core::runtime::Context;

#[cfg(feature = "async")]
pub use flash_core::runtime::{
    metrics::{MetricsSnapshot, WorkSteal},
    retry::{retry, Backoff},
    scope::{Scope, TempFile},
    tasks::TaskHandle,
    CancellationToken,
};

#[doc = include_str!("docs/test.md")]
pub use flash_macros::test;

/// The tokio runtime flash runs async commands on, for users who want it
/// (`flash::tokio::fs`, `flash::tokio::time`). For an async test, use
/// [`macro@test`] (`#[flash::test]`): it needs no tokio of your own.
#[cfg(feature = "async")]
pub use flash_core::tokio;

/// The `tracing` crate flash logs through. In an app with
/// `app! { logging: true }`, `flash::tracing::info!(...)` shows with `-v`,
/// `debug!` with `-vv`, `trace!` with `-vvv` (see [`app!`]); without it,
/// whatever subscriber the app installs gets them.
#[cfg(feature = "async")]
pub use flash_core::tracing;

/// Operations a command can use: concurrent reads, kernel copies, hashing,
/// encryption and chunked streams, all cancellable and on the command's CPU
/// pool (feature `ops`).
#[cfg(feature = "ops")]
pub mod ops {
    pub use flash_core::ops::*;
}

/// What generated code reaches; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use flash_core::cli::app::App;
    pub use flash_core::cli::arg::{
        check_possible, read_env, ArgKind, ArgSpec, Candidate, PossibleValue, ShownDefault, Table,
        ValueHint,
    };
    pub use flash_core::cli::checks::{
        check_group, name_count, problem_message, root_args, runtime_offered, shared_flags,
        Command, Message, Problem, INVALID_APP, INVALID_COMMAND,
    };
    pub use flash_core::cli::error::{Error, IntoResult, Result};
    pub use flash_core::cli::exec::{Model, RuntimeArgs, RuntimeDefaults};
    pub use flash_core::cli::extract::{
        check_hook, check_provider, check_takes, gives, gives_sync, wrap, wrap_hook, AppEnv,
        GivesAny, GivesSync, ProviderSpec, Takes,
    };
    pub use flash_core::cli::invoke::{finish, missing, Failed, Invocation};
    pub use flash_core::cli::log::MakeLogger;
    pub use flash_core::cli::param::{args_of, Args, Param};
    pub use flash_core::cli::prompt::{read as read_prompt, Prompt};
    pub use flash_core::cli::relations::{check_relations, Relations};
    pub use flash_core::cli::spec::{
        AppSpec, CommandSpec, GroupSpec, Listing, Node, ParseGlobals, Settings,
    };
    pub use flash_core::cli::value::{
        not_a_value, FromArg, Shown, ShownAsDisplay, ShownAsName, ShownAsWritten,
    };
    pub use flash_core::runtime::env::{run_completer, Env};
    pub use flash_core::runtime::run_sync;
    pub use flash_core::runtime::Context;

    #[cfg(feature = "async")]
    pub use flash_core::runtime::{make_logger, outside_runtime, run_command};

    /// Runs a `#[flash::test]` body on flash's runtime: a tokio
    /// current-thread runtime with its I/O and time drivers, as
    /// `#[tokio::test]` builds it.
    #[cfg(feature = "async")]
    pub fn run_test<T>(
        body: ::core::pin::Pin<Box<dyn ::core::future::Future<Output = T> + '_>>,
    ) -> T {
        flash_core::tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the test's runtime could not start")
            .block_on(body)
    }

    /// The log dispatcher's maker, for `app! { logging: true }`'s table.
    #[cfg(feature = "async")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_logger {
        () => {
            ::core::option::Option::Some(
                $crate::__private::make_logger as $crate::__private::MakeLogger,
            )
        };
    }

    /// Without the feature: `requires_logging!` has said so; no second error.
    #[cfg(not(feature = "async"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_logger {
        () => {
            ::core::option::Option::None
        };
    }

    pub use crate::__flash_logger as logger;

    /// Nothing when the `async` feature is on; otherwise a compile error
    /// that names it, on `logging: true`.
    #[cfg(feature = "async")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_logging {
        () => {};
    }

    /// See the `async` version.
    #[cfg(not(feature = "async"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_logging {
        () => {
            ::core::compile_error!(
                "`logging: true` needs the `async` feature of flash (tracing), which is off; turn it on: `flash = { version = \"0.1\", features = [\"async\"] }` (it is a default feature)"
            );
        };
    }

    pub use crate::__flash_requires_logging as requires_logging;

    /// Nothing when the `async` feature is on; otherwise a compile error
    /// that names it, on `#[flash::test]` (an item beside the test, so
    /// that it is seen in any build, not only `cargo test`).
    #[cfg(feature = "async")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_async_test {
        () => {};
    }

    /// See the `async` version.
    #[cfg(not(feature = "async"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_async_test {
        () => {
            ::core::compile_error!(
                "`#[flash::test]` needs the `async` feature of flash, which is off; turn it on: `flash = { version = \"0.1\", features = [\"async\"] }` (it is a default feature)"
            );
        };
    }

    pub use crate::__flash_requires_async_test as requires_async_test;

    /// Passes a `#[flash::test]` body through.
    #[cfg(feature = "async")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_test_body {
        ($($body:tt)*) => {{ $($body)* }};
    }

    /// Without the feature: `requires_async_test!` has said so; no second
    /// error.
    #[cfg(not(feature = "async"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_test_body {
        ($($body:tt)*) => {
            ::core::unreachable!()
        };
    }

    pub use crate::__flash_test_body as test_body;

    /// Passes an async command's generated code through when the `async`
    /// feature is on; otherwise a compile error that names the feature, on
    /// the command's `run_async`.
    #[cfg(feature = "async")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_async {
        ($($body:tt)*) => { $($body)* };
    }

    /// See the `async` version.
    #[cfg(not(feature = "async"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_async {
        ($($body:tt)*) => {
            ::core::compile_error!(
                "`run_async` commands need the `async` feature of flash, which is off; turn it on: `flash = { version = \"0.1\", features = [\"async\"] }` (it is a default feature)"
            );
            // What the generated code names next: no second error.
            fn __flash_run(
                _: $crate::__private::Invocation,
            ) -> ::core::result::Result<(), $crate::__private::Failed> {
                ::core::unreachable!()
            }
        };
    }

    pub use crate::__flash_requires_async as requires_async;

    /// Nothing when the `config` feature is on; otherwise a compile error
    /// that names it, on `config: true`.
    #[cfg(feature = "config")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_config {
        () => {};
    }

    /// The config file's reader, for `app!`'s table.
    #[cfg(feature = "config")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_config_loader {
        () => {
            ::core::option::Option::Some($crate::__private::load_config)
        };
    }

    /// Without the feature: `requires_config!` has said so; no second error.
    #[cfg(not(feature = "config"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_config_loader {
        () => {
            ::core::option::Option::None
        };
    }

    pub use crate::__flash_config_loader as config_loader;
    #[cfg(feature = "config")]
    pub use flash_core::cli::config::load_config;

    /// See the `config` version.
    #[cfg(not(feature = "config"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __flash_requires_config {
        () => {
            ::core::compile_error!(
                "`config: true` needs the `config` feature of flash, which is off; turn it on: `flash = { version = \"0.1\", features = [\"config\"] }`"
            );
        };
    }

    pub use crate::__flash_requires_config as requires_config;
}

/// The README's quick start, compiled as a doctest so it stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
