struct Db;

fn open_db(path: String) -> flash::Result<Db> {
    let _ = path;
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
