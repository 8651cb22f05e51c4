//! The trivial program written by hand with what flash sets up for every
//! async command: a multi-thread tokio runtime, a `tracing` fmt subscriber
//! on stderr at a plain level (flash builds no `EnvFilter` unless
//! `RUST_LOG` is set, and neither does this), and a Ctrl-C handler.
use std::io::Write;

#[tokio::main]
async fn main() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .try_init();
    let ctrl_c = tokio::spawn(async {
        let _ = tokio::signal::ctrl_c().await;
        std::process::exit(130);
    });
    let _ = std::io::stdout().lock().write_all(b"hello\n");
    ctrl_c.abort();
}
