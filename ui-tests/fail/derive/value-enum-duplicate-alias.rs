/// Output format.
#[derive(flash::ValueEnum)]
enum Format {
    /// Plain text
    #[value(alias = "txt")]
    Plain,
    /// Markdown
    #[value(alias = "txt")]
    Markdown,
}

fn main() {}
