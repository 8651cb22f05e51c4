const MAX: u16 = 100;

/// Serve.
#[flash::cmd(run)]
fn serve(#[arg(long, range = 1..=MAX)] workers: u16) -> flash::Result<()> {
    let _ = workers;
    Ok(())
}

fn main() {}
