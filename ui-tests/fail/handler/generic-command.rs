/// Deploy.
#[flash::cmd(run)]
fn deploy<T: std::str::FromStr>(value: String) -> flash::Result<()> { let _ = value; Ok(()) }

fn main() {}
