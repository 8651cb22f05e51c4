/// Deploy.
#[flash::cmd(run, run)]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
