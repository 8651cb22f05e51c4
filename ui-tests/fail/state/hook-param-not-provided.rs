struct Audit;

fn audit(log: &Audit) -> flash::Result<()> {
    let _ = log;
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
