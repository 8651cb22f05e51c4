//! The `blocking` model: a sync handler on the calling thread.

use crate::cli::error::Result;
use crate::cli::exec::RuntimeOptions;
use crate::cli::output::Streams;
use crate::runtime::context::Context;

/// Runs a sync handler that takes a [`Context`] on the calling thread:
/// builds no runtime, starts no thread. Of `options`, a sync command uses
/// the command's name and the verbosity.
///
/// With the `async` feature, the context's scope is released when the
/// handler returns, however it returns, and SIGINT, SIGTERM, SIGHUP or
/// SIGQUIT meanwhile unlink the uncommitted temp files and exit 130 at
/// once (a sync handler has no cancellation point to stop at). Under `try_run_from` (captured streams)
/// the process's signals are left alone.
pub fn run_blocking<F>(options: RuntimeOptions, streams: Streams, handler: F) -> Result<()>
where
    F: FnOnce(&Context) -> Result<()>,
{
    #[cfg(feature = "async")]
    {
        use crate::runtime::signals::{Caught, OnSignal};
        let signals = streams
            .stdout
            .is_process_stdout()
            .then(|| Caught::install(OnSignal::Exit));
        let ctx = Context::blocking(options.command, streams);
        let result = handler(&ctx);
        let out = ctx.finish(result);
        drop(signals);
        out
    }
    #[cfg(not(feature = "async"))]
    {
        handler(&Context::blocking(options.command, streams))
    }
}
