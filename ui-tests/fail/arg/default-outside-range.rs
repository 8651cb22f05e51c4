/// Serve.
#[flash::cmd(run)]
fn serve(#[arg(long, range = 1..=65535, default = 0)] port: u32) -> flash::Result<()> {
    let _ = port;
    Ok(())
}

fn main() {}
