/// Deploy.
#[flash::cmd(run, name = ship)]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
