/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long, required, default = 2)] depth: u32) -> flash::Result<()> { let _ = depth; Ok(()) }

fn main() {}
