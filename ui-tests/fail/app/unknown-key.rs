/// One.
#[flash::cmd(run)]
fn add() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { nmae: "demo", commands: [add] }.run(); }
