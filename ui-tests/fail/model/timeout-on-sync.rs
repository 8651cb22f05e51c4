/// Deploy.
#[flash::cmd(run, timeout = "30s")]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
