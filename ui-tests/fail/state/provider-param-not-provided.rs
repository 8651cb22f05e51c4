struct Config;
struct Db;

fn open_db(config: &Config) -> flash::Result<Db> {
    let _ = config;
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
