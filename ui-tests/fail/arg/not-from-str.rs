/// Wait.
#[flash::cmd(run)]
fn wait(
    /// When
    at: std::time::Instant,
) -> flash::Result<()> { let _ = at; Ok(()) }

fn main() { flash::app! { commands: [wait] }.run(); }
