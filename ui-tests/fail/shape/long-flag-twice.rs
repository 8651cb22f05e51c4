/// Synchronize.
#[flash::cmd(run, long_flag = "sync")]
fn sync() -> flash::Result<()> { Ok(()) }

/// Also synchronize.
#[flash::cmd(run, long_flag = "sync")]
fn resync() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [sync, resync] }.run(); }
