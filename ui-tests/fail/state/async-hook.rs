async fn audit(ctx: &flash::Context) -> flash::Result<()> {
    let _ = ctx;
    Ok(())
}

/// List notes.
#[flash::cmd(run)]
fn list() -> flash::Result<()> {
    Ok(())
}

fn main() {
    flash::app! { before: audit, commands: [list] }.run();
}
