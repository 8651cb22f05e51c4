/// Fetch.
#[flash::cmd(run, one_of = ["url"])]
fn fetch(#[arg(long)] url: Option<String>) -> flash::Result<()> {
    let _ = url;
    Ok(())
}

fn main() {}
