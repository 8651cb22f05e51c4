/// List notes.
#[flash::cmd(run)]
fn list() -> flash::Result<()> {
    Ok(())
}

const AUDIT: bool = true;

fn main() {
    flash::app! { before: AUDIT, commands: [list] }.run();
}
