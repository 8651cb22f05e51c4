/// Deploy.
#[flash::cmd(run_async, modle = io)]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
