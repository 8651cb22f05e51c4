//! argh: `prog copy FROM TO [-l|--loud]` (same shape as flash: one subcommand).

use argh::FromArgs;

/// Tiny app.
#[derive(FromArgs)]
struct Top {
    #[argh(subcommand)]
    cmd: Cmd,
}

#[derive(FromArgs)]
#[argh(subcommand)]
enum Cmd {
    Copy(Copy),
}

/// Copy one thing to another.
#[derive(FromArgs)]
#[argh(subcommand, name = "copy")]
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
    let top: Top = argh::from_env();
    let Cmd::Copy(c) = top.cmd;
    println!("copy {} -> {}{}", c.from, c.to, if c.loud { " (loud)" } else { "" });
}
