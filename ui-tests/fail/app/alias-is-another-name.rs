/// One.
#[flash::cmd(run)]
fn deploy() -> flash::Result<()> { Ok(()) }

/// Two.
#[flash::cmd(run, alias = "deploy")]
fn ship() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [deploy, ship] }.run(); }
