/// Diff.
#[flash::cmd(run)]
fn diff(
    /// The context
    #[arg(short, no_long)]
    context: Option<u32>,
) -> flash::Result<()> { let _ = context; Ok(()) }

fn main() { flash::app! { commands: [diff] }.run(); }
