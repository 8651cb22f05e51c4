/// Send a message.
#[flash::cmd(run)]
fn send(
    #[arg(long, conflicts_with = "attachment")] body: Option<String>,
    #[arg(long)] file: Option<String>,
) -> flash::Result<()> {
    let _ = (body, file);
    Ok(())
}

fn main() {}
