/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long = "--force")] force: bool) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() {}
