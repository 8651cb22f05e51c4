fn names(word: u32) -> Vec<String> { vec![word.to_string()] }

/// Open.
#[flash::cmd(run)]
fn open(
    /// The note
    #[arg(complete = names)]
    note: String,
) -> flash::Result<()> { let _ = note; Ok(()) }

fn main() { flash::app! { commands: [open] }.run(); }
