/// Copy.
#[flash::cmd(run)]
fn copy(source: Option<String>, dest: String) -> flash::Result<()> { let _ = (source, dest); Ok(()) }

fn main() {}
