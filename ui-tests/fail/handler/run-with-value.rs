/// Deploy.
#[flash::cmd(run = true)]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
