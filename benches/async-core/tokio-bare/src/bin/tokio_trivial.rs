//! The same program written by hand on tokio.
use std::io::Write;

#[tokio::main]
async fn main() {
    let _ = std::io::stdout().lock().write_all(b"hello\n");
}
