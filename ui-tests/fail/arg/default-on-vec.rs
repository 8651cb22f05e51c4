/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(default = 3)] depths: Vec<u32>) -> flash::Result<()> { let _ = depths; Ok(()) }

fn main() {}
