/// Search.
#[flash::cmd(run)]
fn search(pattern: String) -> flash::Result<()> { let _ = pattern; Ok(()) }

fn main() { flash::app! { root: search, commands: [search] }.run(); }
