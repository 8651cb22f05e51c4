/// List notes.
#[flash::cmd(run, hidden = true)]
fn list() -> flash::Result<()> {
    Ok(())
}

fn main() {}
