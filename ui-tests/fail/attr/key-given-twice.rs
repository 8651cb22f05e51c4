/// Deploy.
#[flash::cmd(run, name = "a", name = "b")]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
