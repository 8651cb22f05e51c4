/// Options every command takes.
#[derive(flash::Args)]
struct Global {
    /// Where the notes live
    #[arg(long)]
    dir: Option<String>,
}

/// List notes.
#[flash::cmd(run)]
fn list() -> flash::Result<()> {
    Ok(())
}

fn main() {
    flash::app! { globals: Global, globals: Global, commands: [list] }.run();
}
