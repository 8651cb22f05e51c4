/// Copy.
#[flash::cmd(run)]
fn copy(sources: Vec<std::path::PathBuf>, dest: std::path::PathBuf) -> flash::Result<()> { let _ = (sources, dest); Ok(()) }

fn main() {}
