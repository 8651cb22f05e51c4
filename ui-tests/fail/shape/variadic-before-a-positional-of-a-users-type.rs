#[derive(Debug)]
struct Url(String);
impl std::str::FromStr for Url {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> { Ok(Url(s.to_owned())) }
}

/// Fetch.
#[flash::cmd(run)]
fn fetch(urls: Vec<String>, last: Url) -> flash::Result<()> { let _ = (urls, last); Ok(()) }

fn main() { flash::app! { commands: [fetch] }.run(); }
