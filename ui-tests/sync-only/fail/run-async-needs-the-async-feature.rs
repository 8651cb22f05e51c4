/// Fetch the page.
#[flash::cmd(run_async)]
async fn fetch(ctx: &flash::Context, url: String) -> flash::Result<()> {
    let _ = (ctx, url);
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "web", commands: [fetch] }.run()
}
