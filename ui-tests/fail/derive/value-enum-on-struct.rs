/// Output format.
#[derive(flash::ValueEnum)]
struct Format {
    name: String,
}

fn main() {}
