/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(short)] force: bool, #[arg(short)] follow: bool) -> flash::Result<()> { let _ = (force, follow); Ok(()) }

fn main() {}
