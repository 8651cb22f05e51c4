/// Output format.
#[derive(flash::ValueEnum)]
enum Format {}

fn main() {}
