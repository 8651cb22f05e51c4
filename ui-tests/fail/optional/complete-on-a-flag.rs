fn names(word: &str) -> Vec<String> { vec![word.to_owned()] }

/// Open.
#[flash::cmd(run)]
fn open(
    /// Force
    #[arg(long, complete = names)]
    force: bool,
) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() { flash::app! { commands: [open] }.run(); }
