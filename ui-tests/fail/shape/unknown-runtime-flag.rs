/// Fetch.
#[flash::cmd(run_async)]
async fn fetch() -> flash::Result<()> { Ok(()) }

fn main() { flash::app! { commands: [fetch], runtime_flags: [timeout, timout] }.run(); }
