/// Build.
#[flash::cmd(run)]
fn build(#[arg(long, negate)] color: String) -> flash::Result<()> {
    let _ = color;
    Ok(())
}

fn main() {}
