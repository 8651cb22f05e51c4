/// Options.
#[derive(flash::Args)]
struct Options {
    /// More output
    #[arg(long, cuont)]
    verbose: u8,
}

fn main() {}
