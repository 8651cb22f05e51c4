//! Logging for async commands: `tracing` to stderr, the level from
//! `RUST_LOG` or else from `-v`/`-q`. Called from `run_async` only, so a
//! sync-only binary does not link `tracing-subscriber`.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// The level for a verbosity (`-q` = -1, default 0, `-v` = 1, ...).
fn level(verbosity: i8) -> &'static str {
    match verbosity {
        i8::MIN..=-1 => "error",
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    }
}

/// Installs the global subscriber once per process; later calls keep the
/// first one (as `tracing` allows only one).
pub(crate) fn install(verbosity: i8) {
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false);
    match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => {
            let filter = EnvFilter::try_new(&spec).unwrap_or_else(|e| {
                eprintln!("warning: ignoring RUST_LOG={spec:?}: {e}");
                EnvFilter::new(level(verbosity))
            });
            let _ = builder.with_env_filter(filter).try_init();
        }
        // Without `RUST_LOG` a plain level is all it takes; an `EnvFilter`
        // would parse directives on every start for nothing.
        _ => {
            let _ = builder.with_max_level(max_level(verbosity)).try_init();
        }
    }
}

fn max_level(verbosity: i8) -> tracing_subscriber::filter::LevelFilter {
    use tracing_subscriber::filter::LevelFilter;
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
        assert_eq!(super::level(-1), "error");
        assert_eq!(super::level(0), "warn");
        assert_eq!(super::level(1), "info");
        assert_eq!(super::level(2), "debug");
        assert_eq!(super::level(5), "trace");
        assert_eq!(
            super::max_level(-1),
            tracing_subscriber::filter::LevelFilter::ERROR
        );
        assert_eq!(
            super::max_level(2),
            tracing_subscriber::filter::LevelFilter::DEBUG
        );
    }
}
