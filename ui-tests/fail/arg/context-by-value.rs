use flash::{Context, Result};
/// Copy.
#[flash::cmd(run)]
fn copy(ctx: Context) -> Result<()> { let _ = ctx; Ok(()) }

fn main() {}
