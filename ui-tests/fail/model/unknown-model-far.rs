/// Deploy.
#[flash::cmd(run_async, model = gpu)]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
