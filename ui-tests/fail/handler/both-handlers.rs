/// Deploy.
#[flash::cmd(run, run_async)]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
