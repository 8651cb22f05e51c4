/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long, required)] depth: Option<u32>) -> flash::Result<()> { let _ = depth; Ok(()) }

fn main() {}
