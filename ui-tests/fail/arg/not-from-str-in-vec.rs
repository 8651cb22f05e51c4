struct Thing;
/// Wait.
#[flash::cmd(run)]
fn wait(things: Vec<Thing>) -> flash::Result<()> { let _ = things; Ok(()) }

fn main() { flash::app! { commands: [wait] }.run(); }
