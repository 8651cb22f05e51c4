/// Send a message.
#[flash::cmd(run)]
fn send(
    #[arg(long, conflicts_with = "flie")] body: Option<String>,
    #[arg(long)] file: Option<String>,
) -> flash::Result<()> {
    let _ = (body, file);
    Ok(())
}

fn main() {}
