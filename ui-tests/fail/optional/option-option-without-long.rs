/// Diff.
#[flash::cmd(run)]
fn diff(
    /// When to colour
    color: Option<Option<String>>,
) -> flash::Result<()> { let _ = color; Ok(()) }

fn main() { flash::app! { commands: [diff] }.run(); }
