//! Logging: `tracing` to stderr, the level from `RUST_LOG` or else from
//! `-v`/`-q`.

use std::io::IsTerminal;
use std::sync::OnceLock;

use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Dispatch, Event, Metadata, Subscriber};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The `fmt` subscriber flash logs through, to stderr.
fn builder() -> tracing_subscriber::fmt::SubscriberBuilder<
    tracing_subscriber::fmt::format::DefaultFields,
    tracing_subscriber::fmt::format::Format,
    LevelFilter,
    fn() -> std::io::Stderr,
> {
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr as fn() -> std::io::Stderr)
        .with_ansi(ansi)
        .with_target(false)
}

/// Installs the global subscriber once per process; later calls keep the
/// first one (as `tracing` allows only one).
pub(crate) fn install(verbosity: i8) {
    match std::env::var("RUST_LOG") {
        // `target=level` directives, comma-separated, as `RUST_LOG` is
        // usually written; `Targets` reads them without the regex engine
        // an `EnvFilter` brings into every build.
        Ok(spec) if !spec.trim().is_empty() => {
            let filter = spec.parse::<Targets>().unwrap_or_else(|e| {
                eprintln!("warning: ignoring RUST_LOG={spec:?}: {e}");
                Targets::new().with_default(max_level(verbosity))
            });
            let _ = builder()
                .with_max_level(LevelFilter::TRACE)
                .finish()
                .with(filter)
                .try_init();
        }
        // Without `RUST_LOG` a plain level is all it takes, and the `fmt`
        // subscriber is built when something is first logged: most runs
        // log nothing, and building it (its span registry) was a tenth of
        // a trivial command's start-up.
        _ => {
            let level = max_level(verbosity);
            let _ = tracing::subscriber::set_global_default(Lazy {
                level,
                inner: OnceLock::new(),
            });
        }
    }
}

/// A subscriber that filters by level itself and builds the `fmt`
/// subscriber it hands everything to on the first span or event it lets
/// through.
struct Lazy {
    level: LevelFilter,
    inner: OnceLock<Dispatch>,
}

impl Lazy {
    fn inner(&self) -> &Dispatch {
        self.inner
            .get_or_init(|| Dispatch::new(builder().with_max_level(self.level).finish()))
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
