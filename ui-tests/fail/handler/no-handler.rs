/// Deploy.
#[flash::cmd]
fn deploy() -> flash::Result<()> { Ok(()) }

fn main() {}
