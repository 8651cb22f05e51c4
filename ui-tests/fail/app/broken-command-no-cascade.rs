/// One.
#[flash::cmd(run, modle = io)]
fn add() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [add] }.run(); }
