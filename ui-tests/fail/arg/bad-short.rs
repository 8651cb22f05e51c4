/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(short = '-')] force: bool) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() {}
