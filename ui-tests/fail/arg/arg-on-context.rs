use flash::{Context, Result};
/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(short)] ctx: &Context) -> Result<()> { let _ = ctx; Ok(()) }

fn main() {}
