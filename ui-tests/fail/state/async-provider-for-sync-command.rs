struct Db;

async fn open_db() -> flash::Result<Db> {
    Ok(Db)
}

/// List notes.
#[flash::cmd(run)]
fn list(db: &Db) -> flash::Result<()> {
    let _ = db;
    Ok(())
}

fn main() {
    flash::app! { state: [open_db], commands: [list] }.run();
}
