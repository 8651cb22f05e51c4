/// Deploy.
#[flash::cmd(run_async, model = iox)]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
