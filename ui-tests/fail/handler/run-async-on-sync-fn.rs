/// Deploy.
#[flash::cmd(run_async)]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
