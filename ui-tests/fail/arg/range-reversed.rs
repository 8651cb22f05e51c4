/// Serve.
#[flash::cmd(run)]
fn serve(#[arg(long, range = 65535..=1)] port: u16) -> flash::Result<()> {
    let _ = port;
    Ok(())
}

fn main() {}
