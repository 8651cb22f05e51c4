/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long, prompt = "Force?")] force: bool) -> flash::Result<()> {
    let _ = force;
    Ok(())
}

fn main() {}
