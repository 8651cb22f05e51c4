struct Db;

/// List notes.
#[flash::cmd(run_async)]
async fn list(db: &Db) -> flash::Result<()> {
    let _ = db;
    Ok(())
}

fn main() {
    flash::app! { commands: [list] }.run();
}
