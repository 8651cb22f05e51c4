/// Run.
#[flash::cmd(run)]
fn exec(
    /// The command
    #[arg(long, last)]
    command: Option<String>,
) -> flash::Result<()> { let _ = command; Ok(()) }

fn main() { flash::app! { commands: [exec] }.run(); }
