/// Deploy.
#[flash::cmd(run_async, memory_limit = "lots")]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
