/// Options.
#[derive(flash::Args)]
struct Options {
    /// Where the notes live
    dir: std::path::PathBuf,
}

fn main() {}
