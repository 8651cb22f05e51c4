//! argh, flat (no subcommand), for reference: `argh_flat FROM TO [-l|--loud]`.

use argh::FromArgs;

/// Copy one thing to another.
#[derive(FromArgs)]
struct Copy {
    /// source
    #[argh(positional)]
    from: String,
    /// destination
    #[argh(positional)]
    to: String,
    /// say it loudly
    #[argh(switch, short = 'l')]
    loud: bool,
}

fn main() {
    let c: Copy = argh::from_env();
    println!("copy {} -> {}{}", c.from, c.to, if c.loud { " (loud)" } else { "" });
}
