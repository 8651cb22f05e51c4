/// Options of every command.
#[derive(flash::Args)]
struct Global {
    /// Where
    #[arg(short = 'S', long)]
    sysroot: Option<String>,
}

/// Synchronize.
#[flash::cmd(run, short_flag = 'S')]
fn sync() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { globals: Global, commands: [sync] }.run(); }
