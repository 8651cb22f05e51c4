/// Log in.
#[flash::cmd(run)]
fn login(
    #[arg(long, requires = "pasword")] user: Option<String>,
    #[arg(long)] password: Option<String>,
) -> flash::Result<()> {
    let _ = (user, password);
    Ok(())
}

fn main() {}
