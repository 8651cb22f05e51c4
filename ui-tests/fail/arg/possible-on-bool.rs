/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(possible = ["yes"])] force: bool) -> flash::Result<()> { let _ = force; Ok(()) }

fn main() {}
