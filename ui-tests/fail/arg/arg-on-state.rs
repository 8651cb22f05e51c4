struct Db;

/// List.
#[flash::cmd(run)]
fn list(#[arg(long)] db: &Db) -> flash::Result<()> {
    let _ = db;
    Ok(())
}

fn main() {}
