/// Deploy.
#[flash::cmd(run, colour = "red")]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
