/// Deploy.
#[flash::cmd(run, model = io)]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
