/// Options.
#[derive(flash::Args)]
struct Options {
    /// Where the notes live
    #[arg(long)]
    dir: String,
    /// Where the notes are archived
    #[arg(long = "dir")]
    archive: String,
}

fn main() {}
