struct Db;

/// List notes.
#[flash::cmd(run)]
fn list(db: &Db) -> flash::Result<()> {
    let _ = db;
    Ok(())
}

fn main() {
    flash::app! { state: [Db], commands: [list] }.run();
}
