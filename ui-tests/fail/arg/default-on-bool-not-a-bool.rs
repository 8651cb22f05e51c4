/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(default = 1)] force: bool) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() {}
