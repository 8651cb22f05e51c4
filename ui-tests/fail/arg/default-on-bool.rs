/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(default = true)] force: bool) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() {}
