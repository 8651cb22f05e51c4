/// Output format.
#[derive(flash::ValueEnum)]
enum Format {
    /// Plain text
    Plain,
    /// Columns of a width
    Table(u16),
}

fn main() {}
