//! The `blocking` model: a sync handler on the calling thread.

use crate::cli::error::Result;
use crate::cli::exec::RuntimeOptions;
use crate::cli::invoke::{finish, Failed, Invocation};
use crate::cli::output::Streams;
use crate::cli::panic::catch;
use crate::cli::report::report_panic;
use crate::runtime::context::Context;
use crate::runtime::env::Env;

/// Runs a sync command's handler, as generated code calls it: on the
/// calling thread, with no runtime and no thread; around it the app's
/// `before` and `after` hooks, and the run's log dispatcher (`app! {
/// logging: true }`); a [`Context`] made only if something asks for it.
///
/// A panic of the handler ends the command as an error does (`error: the
/// command panicked: …`, exit 101): its scope is released and the `after`
/// hook runs.
///
/// With the `async` feature, once the command has a context its scope is
/// released when the handler returns, however it returns, and SIGINT,
/// SIGTERM, SIGHUP or SIGQUIT meanwhile unlink the uncommitted temp files
/// and exit 128 + the signal's number at once (a sync handler has no
/// cancellation point to stop at). Under `try_run_from` (captured streams)
/// the process's signals are left alone.
pub fn run_sync<F>(mut inv: Invocation, handler: F) -> std::result::Result<(), Failed>
where
    F: FnOnce(&Env) -> Result<()>,
{
    let streams = inv.streams();
    let logger = inv.take_logger();
    let _log = logger.as_ref().map(crate::cli::log::Logger::enter);
    let options = inv.options();
    let env = Env::new(inv, options);
    env.around_sync(|| match catch(|| handler(&env)) {
        Ok(result) => finish(&streams.stderr, env.finish(result)),
        Err(message) => {
            let _ = env.finish(Ok(()));
            Err(Failed::Reported(report_panic(&streams, &message)))
        }
    })
}

/// Runs `handler` with a sync command's [`Context`] on the calling thread,
/// as [`run_sync`] does for a command, without an app around it (for
/// tests and tools built on the runtime alone).
pub fn run_blocking<F>(options: RuntimeOptions, streams: Streams, handler: F) -> Result<()>
where
    F: FnOnce(&Context) -> Result<()>,
{
    let path = options.command.into();
    #[cfg(feature = "async")]
    {
        use crate::runtime::signals::{Caught, OnSignal};
        let signals = streams
            .stdout
            .is_process_stdout()
            .then(|| Caught::install(OnSignal::Exit));
        let ctx = Context::blocking(options, path, streams);
        let result = handler(&ctx);
        let out = ctx.finish(result);
        drop(signals);
        out
    }
    #[cfg(not(feature = "async"))]
    {
        handler(&Context::blocking(options, path, streams))
    }
}
