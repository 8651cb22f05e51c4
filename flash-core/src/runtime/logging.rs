//! Logging: `tracing` to stderr, the level from `RUST_LOG` or else from
//! `-v`/`-q`.

use std::io::IsTerminal;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs the global subscriber once per process; later calls keep the
/// first one (as `tracing` allows only one).
pub(crate) fn install(verbosity: i8) {
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false);
    match std::env::var("RUST_LOG") {
        // `target=level` directives, comma-separated, as `RUST_LOG` is
        // usually written; `Targets` reads them without the regex engine
        // an `EnvFilter` brings into every build.
        Ok(spec) if !spec.trim().is_empty() => {
            let filter = spec.parse::<Targets>().unwrap_or_else(|e| {
                eprintln!("warning: ignoring RUST_LOG={spec:?}: {e}");
                Targets::new().with_default(max_level(verbosity))
            });
            let _ = builder
                .with_max_level(LevelFilter::TRACE)
                .finish()
                .with(filter)
                .try_init();
        }
        // Without `RUST_LOG` a plain level is all it takes.
        _ => {
            let _ = builder.with_max_level(max_level(verbosity)).try_init();
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
