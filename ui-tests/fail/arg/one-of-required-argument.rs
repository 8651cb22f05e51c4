/// Fetch.
#[flash::cmd(run, one_of = ["url", "file"])]
fn fetch(#[arg(long)] url: String, #[arg(long)] file: Option<String>) -> flash::Result<()> {
    let _ = (url, file);
    Ok(())
}

fn main() {}
