struct Global {
    dir: String,
}

/// List notes.
#[flash::cmd(run)]
fn list(g: &Global) -> flash::Result<()> {
    let _ = &g.dir;
    Ok(())
}

fn main() {
    flash::app! { globals: Global, commands: [list] }.run();
}
