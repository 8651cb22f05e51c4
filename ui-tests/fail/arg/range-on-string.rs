/// Serve.
#[flash::cmd(run)]
fn serve(#[arg(long, range = 1..=65535)] port: String) -> flash::Result<()> {
    let _ = port;
    Ok(())
}

fn main() {}
