struct Depth(u32);

/// Options.
#[derive(flash::Args)]
struct Options {
    /// How deep
    #[arg(long)]
    depth: Depth,
}

fn main() {}
