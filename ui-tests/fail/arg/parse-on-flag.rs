fn parse_yes(text: &str) -> Result<bool, std::str::ParseBoolError> {
    text.parse()
}

/// Deploy.
#[flash::cmd(run)]
fn deploy(#[arg(long, parse = parse_yes)] force: bool) -> flash::Result<()> {
    let _ = force;
    Ok(())
}

fn main() {}
