/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long, default = 3)] depth: Option<u32>) -> flash::Result<()> { let _ = depth; Ok(()) }

fn main() {}
