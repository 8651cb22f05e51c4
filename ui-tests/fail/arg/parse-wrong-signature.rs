fn parse_port(text: String) -> u16 {
    text.len() as u16
}

/// Serve.
#[flash::cmd(run)]
fn serve(#[arg(long, parse = parse_port)] port: u16) -> flash::Result<()> {
    let _ = port;
    Ok(())
}

fn main() {}
