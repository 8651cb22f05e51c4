/// Deploy.
#[flash::cmd(run_async, max_concurrency = 0)]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
