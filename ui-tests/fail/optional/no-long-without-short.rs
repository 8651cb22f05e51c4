/// Diff.
#[flash::cmd(run)]
fn diff(
    /// Force it
    #[arg(no_long)]
    force: bool,
) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() { flash::app! { commands: [diff] }.run(); }
