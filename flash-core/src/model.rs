//! Execution models: which runtime runs a command.
//!
//! SKELETON (to be completed by the async-core work): the entry points and
//! their signatures are fixed, generated code calls them.

use std::future::Future;
use std::time::Duration;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Output;

/// How a command runs, picked by `#[cmd(model = ...)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Model {
    /// The calling thread; no async runtime at all.
    Blocking,
    /// tokio multi-thread runtime, one worker per core.
    Io,
    /// tokio runtime plus a CPU pool sized to the cores.
    Cpu,
    /// tokio current-thread runtime with bounded buffers.
    Stream,
}

impl Model {
    /// The name used in `#[cmd(model = ...)]` and in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Model::Blocking => "blocking",
            Model::Io => "io",
            Model::Cpu => "cpu",
            Model::Stream => "stream",
        }
    }
}

/// The runtime flags of an async command after defaults and argv are merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeOptions {
    /// `--timeout`: expiry cancels the command (exit 124).
    pub timeout: Option<Duration>,
    /// `--max-concurrency`: bound on `Context::spawn` (default 10).
    pub max_concurrency: usize,
    /// `--memory-limit`: soft limit in bytes.
    pub memory_limit: Option<u64>,
    /// `--metrics`: print the report on stderr at exit.
    pub metrics: bool,
    /// Log level: 0 by default (warnings), +1 per `-v`, -1 for `-q`.
    /// `RUST_LOG`, when set, takes precedence.
    pub verbosity: i8,
    /// The command's name, for the tracing span (empty: unnamed).
    pub command: &'static str,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            timeout: None,
            max_concurrency: 10,
            memory_limit: None,
            metrics: false,
            verbosity: 0,
            command: "",
        }
    }
}

/// The output handles a command writes through.
#[derive(Clone, Debug)]
pub struct Streams {
    pub stdout: Output,
    pub stderr: Output,
}

impl Streams {
    /// The process's own stdout and stderr.
    pub fn process() -> Self {
        Streams {
            stdout: Output::stdout(),
            stderr: Output::stderr(),
        }
    }

    /// In-memory buffers, for `try_run_from`.
    pub fn captured() -> Self {
        Streams {
            stdout: Output::captured(),
            stderr: Output::captured(),
        }
    }
}

/// Runs a sync handler on the calling thread: builds no runtime, starts no thread.
pub fn run_blocking<F>(streams: Streams, handler: F) -> Result<()>
where
    F: FnOnce(&Context) -> Result<()>,
{
    let ctx = Context::blocking(streams);
    let result = handler(&ctx);
    ctx.finish(result)
}

/// Runs an async handler on the runtime of `model`.
pub fn run_async<F, Fut>(model: Model, options: RuntimeOptions, streams: Streams, handler: F) -> Result<()>
where
    F: FnOnce(Context) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let runtime = match model {
        Model::Stream | Model::Blocking => tokio::runtime::Builder::new_current_thread().enable_all().build(),
        Model::Io | Model::Cpu => tokio::runtime::Builder::new_multi_thread().enable_all().build(),
    }
    .map_err(|e| Error::context("could not start the async runtime", e))?;
    runtime.block_on(async move {
        let ctx = Context::new(model, options, streams);
        let result = handler(ctx.clone()).await;
        ctx.finish(result)
    })
}
