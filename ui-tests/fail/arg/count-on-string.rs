/// Build.
#[flash::cmd(run)]
fn build(#[arg(short, long, count)] verbose: String) -> flash::Result<()> {
    let _ = verbose;
    Ok(())
}

fn main() {}
