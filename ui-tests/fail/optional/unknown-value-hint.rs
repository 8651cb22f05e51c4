/// Open.
#[flash::cmd(run)]
fn open(
    /// Where
    #[arg(value_hint = directory)]
    dir: std::path::PathBuf,
) -> flash::Result<()> { let _ = dir; Ok(()) }

fn main() { flash::app! { commands: [open] }.run(); }
