/// One.
#[flash::cmd(run, alias = "d")]
fn deploy() -> flash::Result<()> { Ok(()) }

/// Two.
#[flash::cmd(run, alias = "d")]
fn destroy() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [deploy, destroy] }.run(); }
