/// Deploy.
#[flash::cmd(run)]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
