/// Deploy.
#[flash::cmd(name = "ship")]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
