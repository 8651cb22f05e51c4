/// Fetch.
#[flash::cmd(run)]
fn fetch() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [fetch], completions: listed }.run(); }
