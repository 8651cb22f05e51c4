/// One.
#[flash::cmd(run)]
fn add() -> flash::Result<()> { Ok(()) }

/// Two.
#[flash::cmd(run)]
fn rm() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [remote { add }, remote { rm }] }.run(); }
