//! What an async CLI looks like by hand: clap derive, a multi-thread tokio
//! runtime, a tracing fmt subscriber on stderr and Ctrl-C handling (exit 130).
//! `prog copy FROM TO [-l|--loud]`.

use std::process::ExitCode;

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

async fn copy(from: String, to: String, loud: bool) {
    println!("copy {} -> {}{}", from, to, if loud { " (loud)" } else { "" });
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_writer(std::io::stderr).init();
    let Cmd::Copy { from, to, loud } = Top::parse().cmd;
    tokio::select! {
        () = copy(from, to, loud) => ExitCode::SUCCESS,
        _ = tokio::signal::ctrl_c() => ExitCode::from(130),
    }
}
