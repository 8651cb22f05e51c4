/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(required)] force: bool) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() {}
