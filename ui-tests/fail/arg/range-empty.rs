/// Serve.
#[flash::cmd(run)]
fn serve(#[arg(long, range = 8..8)] workers: u32) -> flash::Result<()> {
    let _ = workers;
    Ok(())
}

fn main() {}
