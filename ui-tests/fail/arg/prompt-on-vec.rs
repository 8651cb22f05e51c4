/// Tag.
#[flash::cmd(run)]
fn tag(#[arg(long, prompt = "Tags")] tags: Vec<String>) -> flash::Result<()> {
    let _ = tags;
    Ok(())
}

fn main() {}
