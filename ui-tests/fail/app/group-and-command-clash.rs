/// One.
#[flash::cmd(run)]
fn remote() -> flash::Result<()> { Ok(()) }

/// Two.
#[flash::cmd(run)]
fn add() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [remote, remote { add }] }.run(); }
