/// Copy.
#[flash::cmd(run)]
fn copy((a, b): (String, String)) -> flash::Result<()> { let _ = (a, b); Ok(()) }

fn main() {}
