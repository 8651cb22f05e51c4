/// Deploy.
#[flash::cmd(run, name = "ship it")]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
