/// Output format.
#[derive(flash::ValueEnum)]
enum Format {
    /// Plain text
    Plain,
    /// Comma-separated
    #[value(nmae = "csv")]
    Csv,
}

fn main() {}
