/// Synchronize.
#[flash::cmd(run, short_flag = 'h')]
fn sync() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [sync] }.run(); }
