/// Log in.
#[flash::cmd(run)]
fn login(#[arg(long, secret)] passphrase: String) -> flash::Result<()> {
    let _ = passphrase;
    Ok(())
}

fn main() {}
