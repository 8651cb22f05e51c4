/// Deploy.
#[flash::cmd(run_async, timeout = "30 parsecs")]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
