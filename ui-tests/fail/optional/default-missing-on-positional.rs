/// Diff.
#[flash::cmd(run)]
fn diff(
    /// When to colour
    #[arg(default_missing = "always")]
    color: Option<String>,
) -> flash::Result<()> { let _ = color; Ok(()) }

fn main() { flash::app! { commands: [diff] }.run(); }
