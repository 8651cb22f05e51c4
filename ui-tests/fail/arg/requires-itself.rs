/// Log in.
#[flash::cmd(run)]
fn login(#[arg(long, requires = "user")] user: Option<String>) -> flash::Result<()> {
    let _ = user;
    Ok(())
}

fn main() {}
