//! Logging for an app with `app! { logging: true }`: `tracing` to the
//! run's stderr (captured under `try_run_from`), the level from `RUST_LOG`
//! or else from `-v`/`-q`: warnings and errors by default, `info!` at
//! `-v`, `debug!` at `-vv`, `trace!` at `-vvv`, errors only at `-q`.
//!
//! The subscriber is the run's own, in place only around its command
//! (a scoped dispatcher: `tracing::dispatcher::set_default` on the
//! threads that run it), never the process's global one: runs on several
//! threads at once each log at their own level to their own stderr, and
//! an app without `logging: true` gets no subscriber from flash at all,
//! so the one it installs itself is what `tracing` uses.

use std::any::Any;
use std::sync::OnceLock;

use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Dispatch, Event, Metadata, Subscriber};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;

use crate::cli::log::{LogScope, Logger};
use crate::cli::output::Output;
use crate::cli::vars::Vars;

/// The dispatcher of one run.
#[derive(Clone)]
pub(crate) struct RunLog(pub(crate) Dispatch);

impl LogScope for RunLog {
    fn enter(&self) -> Box<dyn Any> {
        Box::new(tracing::dispatcher::set_default(&self.0))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The dispatcher of the run `logger` is for, to hand to the threads the
/// runtime starts for it.
pub(crate) fn dispatch(logger: &Logger) -> Option<Dispatch> {
    logger
        .get()
        .downcast_ref::<RunLog>()
        .map(|log| log.0.clone())
}

/// Makes a run's log dispatcher: the [`crate::cli::log::MakeLogger`] of
/// an app with `logging: true`.
pub fn make_logger(verbosity: i8, stderr: &Output, vars: &Vars) -> Logger {
    Logger::new(RunLog(dispatcher(verbosity, stderr, vars)))
}

/// Writes log lines to the run's stderr.
#[derive(Clone)]
struct ToStderr(Output);

impl<'a> MakeWriter<'a> for ToStderr {
    type Writer = Output;
    fn make_writer(&'a self) -> Output {
        self.0.clone()
    }
}

/// The `fmt` subscriber flash logs through, to `stderr`.
fn builder(
    stderr: &Output,
) -> tracing_subscriber::fmt::SubscriberBuilder<
    tracing_subscriber::fmt::format::DefaultFields,
    tracing_subscriber::fmt::format::Format,
    LevelFilter,
    ToStderr,
> {
    tracing_subscriber::fmt()
        .with_writer(ToStderr(stderr.clone()))
        .with_ansi(stderr.wants_color())
        .with_target(false)
}

fn dispatcher(verbosity: i8, stderr: &Output, vars: &Vars) -> Dispatch {
    let spec = vars.get("RUST_LOG");
    let spec = spec.as_deref().and_then(|s| s.to_str()).map(str::trim);
    match spec {
        // `target=level` directives, comma-separated, as `RUST_LOG` is
        // usually written; `Targets` reads them without the regex engine
        // an `EnvFilter` brings into every build.
        Some(spec) if !spec.is_empty() => {
            let filter = spec.parse::<Targets>().unwrap_or_else(|e| {
                use std::io::Write;
                let warning = format!("warning: ignoring RUST_LOG={spec:?}: {e}\n");
                let _ = stderr.clone().write_all(warning.as_bytes());
                Targets::new().with_default(max_level(verbosity))
            });
            let subscriber = builder(stderr)
                .with_max_level(LevelFilter::TRACE)
                .finish()
                .with(filter);
            Dispatch::new(subscriber)
        }
        // Without `RUST_LOG` a plain level is all it takes, and the `fmt`
        // subscriber is built when something is first logged: most runs
        // log nothing, and building it (its span registry) was a tenth of
        // a trivial command's start-up.
        _ => Dispatch::new(Lazy {
            level: max_level(verbosity),
            stderr: stderr.clone(),
            inner: OnceLock::new(),
        }),
    }
}

/// A subscriber that filters by level itself and builds the `fmt`
/// subscriber it hands everything to on the first span or event it lets
/// through.
struct Lazy {
    level: LevelFilter,
    stderr: Output,
    inner: OnceLock<Dispatch>,
}

impl Lazy {
    fn inner(&self) -> &Dispatch {
        self.inner.get_or_init(|| {
            Dispatch::new(builder(&self.stderr).with_max_level(self.level).finish())
        })
    }
}

impl Subscriber for Lazy {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        // What the inner subscriber would answer: it filters by level only.
        if self.level >= *metadata.level() {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.level >= *metadata.level()
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(self.level)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.inner().new_span(span)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        self.inner().record(span, values)
    }

    fn record_follows_from(&self, span: &Id, follows: &Id) {
        self.inner().record_follows_from(span, follows)
    }

    fn event(&self, event: &Event<'_>) {
        self.inner().event(event)
    }

    fn enter(&self, span: &Id) {
        self.inner().enter(span)
    }

    fn exit(&self, span: &Id) {
        self.inner().exit(span)
    }

    fn clone_span(&self, id: &Id) -> Id {
        self.inner().clone_span(id)
    }

    fn try_close(&self, id: Id) -> bool {
        self.inner().try_close(id)
    }

    fn current_span(&self) -> tracing_core::span::Current {
        match self.inner.get() {
            Some(inner) => inner.current_span(),
            None => tracing_core::span::Current::none(),
        }
    }
}

fn max_level(verbosity: i8) -> LevelFilter {
    match verbosity {
        i8::MIN..=-1 => LevelFilter::ERROR,
        0 => LevelFilter::WARN,
        1 => LevelFilter::INFO,
        2 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    }
}

thread_local! {
    /// The run's dispatcher on a thread the runtime started for it.
    static THREAD_LOG: std::cell::RefCell<Option<tracing::dispatcher::DefaultGuard>> =
        const { std::cell::RefCell::new(None) };
}

/// Makes `dispatch` this thread's dispatcher until [`off_thread`] or the
/// thread's end: for the threads a run's runtime and CPU pool start,
/// which belong to that run alone.
pub(crate) fn on_thread(dispatch: &Dispatch) {
    let guard = tracing::dispatcher::set_default(dispatch);
    THREAD_LOG.with(|slot| *slot.borrow_mut() = Some(guard));
}

/// Undoes [`on_thread`] on this thread.
pub(crate) fn off_thread() {
    let _ = THREAD_LOG.try_with(|slot| slot.borrow_mut().take());
}

#[cfg(test)]
mod tests {
    #[test]
    fn verbosity_picks_the_level() {
        use tracing_subscriber::filter::LevelFilter;
        assert_eq!(super::max_level(-1), LevelFilter::ERROR);
        assert_eq!(super::max_level(0), LevelFilter::WARN);
        assert_eq!(super::max_level(1), LevelFilter::INFO);
        assert_eq!(super::max_level(2), LevelFilter::DEBUG);
        assert_eq!(super::max_level(5), LevelFilter::TRACE);
    }
}
