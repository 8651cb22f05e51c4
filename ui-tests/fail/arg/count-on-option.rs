/// Build.
#[flash::cmd(run)]
fn build(#[arg(short, long, count)] verbose: Option<u8>) -> flash::Result<()> {
    let _ = verbose;
    Ok(())
}

fn main() {}
