/// Deploy.
#[flash::cmd(run, alais = "d")]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
