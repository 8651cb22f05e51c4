/// Diff.
#[flash::cmd(run)]
fn diff(
    /// Colour it
    #[arg(long, default_missing = true)]
    color: bool,
) -> flash::Result<()> { let _ = color; Ok(()) }

fn main() { flash::app! { commands: [diff] }.run(); }
