/// Deploy.
#[flash::cmd(run_async, modle = io, timeout = "soon", alias = 3)]
async fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
