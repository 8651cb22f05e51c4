//! The trivial program on tokio with what flash sets up for every async
//! command: a tracing subscriber on stderr (RUST_LOG) and a Ctrl-C handler.
use std::io::Write;

#[tokio::main]
async fn main() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
        ))
        .with_writer(std::io::stderr)
        .try_init();
    let ctrl_c = tokio::spawn(async {
        let _ = tokio::signal::ctrl_c().await;
        std::process::exit(130);
    });
    let _ = std::io::stdout().lock().write_all(b"hello\n");
    ctrl_c.abort();
}
