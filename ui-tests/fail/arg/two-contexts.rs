use flash::{Context, Result};
/// Copy.
#[flash::cmd(run)]
fn copy(ctx: &Context, again: &Context) -> Result<()> { let _ = (ctx, again); Ok(()) }

fn main() {}
