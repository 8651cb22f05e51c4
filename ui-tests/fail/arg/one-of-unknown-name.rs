/// Fetch.
#[flash::cmd(run, one_of = ["url", "flie"])]
fn fetch(#[arg(long)] url: Option<String>, #[arg(long)] file: Option<String>) -> flash::Result<()> {
    let _ = (url, file);
    Ok(())
}

fn main() {}
