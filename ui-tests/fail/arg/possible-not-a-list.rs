/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long, possible = "fast")] mode: String) -> flash::Result<()> { let _ = mode; Ok(()) }

fn main() {}
