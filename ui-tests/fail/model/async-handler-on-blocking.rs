/// Deploy.
#[flash::cmd(run_async, model = blocking)]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
