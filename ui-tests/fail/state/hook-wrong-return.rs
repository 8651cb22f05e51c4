fn report(ctx: &flash::Context) -> bool {
    let _ = ctx;
    true
}

/// List notes.
#[flash::cmd(run)]
fn list() -> flash::Result<()> {
    Ok(())
}

fn main() {
    flash::app! { after: report, commands: [list] }.run();
}
