/// Output format.
#[derive(flash::ValueEnum)]
enum Format {
    /// Plain text
    Plain,
    /// Comma-separated
    #[value(name = "comma separated")]
    Csv,
}

fn main() {}
