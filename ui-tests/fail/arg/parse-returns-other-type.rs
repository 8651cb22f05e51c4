fn parse_port(text: &str) -> Result<u32, std::num::ParseIntError> {
    text.parse()
}

/// Serve.
#[flash::cmd(run)]
fn serve(#[arg(long, parse = parse_port)] port: u16) -> flash::Result<()> {
    let _ = port;
    Ok(())
}

fn main() {}
