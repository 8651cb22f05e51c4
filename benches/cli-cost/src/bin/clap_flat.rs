//! clap (derive, default features), flat, for reference: `clap_flat FROM TO [-l|--loud]`.

use clap::Parser;

/// Copy one thing to another.
#[derive(Parser)]
struct Copy {
    /// Source
    from: String,
    /// Destination
    to: String,
    /// Say it loudly
    #[arg(short, long)]
    loud: bool,
}

fn main() {
    let c = Copy::parse();
    println!("copy {} -> {}{}", c.from, c.to, if c.loud { " (loud)" } else { "" });
}
