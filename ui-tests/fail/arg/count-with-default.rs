/// Build.
#[flash::cmd(run)]
fn build(#[arg(short, long, count, default = 1)] verbose: u8) -> flash::Result<()> {
    let _ = verbose;
    Ok(())
}

fn main() {}
