/// One.
#[flash::cmd(run)]
fn add() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [/// Adds
    add] }.run(); }
