struct Db;

async fn open_db() -> flash::Result<Db> {
    Ok(Db)
}

fn audit(db: &Db) -> flash::Result<()> {
    let _ = db;
    Ok(())
}

/// List notes.
#[flash::cmd(run_async)]
async fn list(db: &Db) -> flash::Result<()> {
    let _ = db;
    Ok(())
}

fn main() {
    flash::app! { state: [open_db], before: audit, commands: [list] }.run();
}
