//! clap (derive, default features) with clap_complete's `COMPLETE=<shell>`
//! completion, the like-for-like peer of flash, whose every app completes
//! that way: `clap_env copy FROM TO [-l|--loud]`.

use clap::{CommandFactory, Parser, Subcommand};

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
    clap_complete::CompleteEnv::with_factory(Top::command).complete();
    let Cmd::Copy { from, to, loud } = Top::parse().cmd;
    println!("copy {} -> {}{}", from, to, if loud { " (loud)" } else { "" });
}
