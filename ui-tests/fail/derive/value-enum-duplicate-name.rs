/// Output format.
#[derive(flash::ValueEnum)]
enum Format {
    /// JSON lines
    Json,
    /// JSON, pretty
    #[value(name = "json")]
    PrettyJson,
}

fn main() {}
