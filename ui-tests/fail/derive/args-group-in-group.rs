/// Inner options.
#[derive(flash::Args)]
struct Inner {
    /// Be quick
    #[arg(long)]
    fast: bool,
}

/// Outer options.
#[derive(flash::Args)]
struct Outer {
    /// The inner group
    #[arg(long)]
    inner: Inner,
}

fn main() {}
