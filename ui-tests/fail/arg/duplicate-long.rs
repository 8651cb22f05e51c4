/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long)] force: bool, #[arg(long = "force")] overwrite: bool) -> flash::Result<()> { let _ = (force, overwrite); Ok(()) }

fn main() {}
