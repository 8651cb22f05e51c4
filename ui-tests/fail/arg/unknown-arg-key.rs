/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(shrot)] verbose: bool) -> flash::Result<()> { let _ = verbose; Ok(()) }

fn main() {}
