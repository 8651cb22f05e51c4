//! clap 4 derive: `prog copy FROM TO [-l|--loud]`.

use clap::{Parser, Subcommand};

/// Tiny app.
#[derive(Parser)]
struct Top {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Copy one thing to another.
    Copy {
        /// Source
        from: String,
        /// Destination
        to: String,
        /// Say it loudly
        #[arg(short, long)]
        loud: bool,
    },
}

fn main() {
    let Cmd::Copy { from, to, loud } = Top::parse().cmd;
    println!("copy {} -> {}{}", from, to, if loud { " (loud)" } else { "" });
}
