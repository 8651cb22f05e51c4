//! A small but realistic flash app: sync and async commands, options of
//! every shape, and a nested group. `cargo run --example demo -- --help`.

#![deny(warnings, clippy::all)]

use std::io::Write;
use std::path::PathBuf;

use flash::{Context, Error, Result};

/// Greet someone.
///
/// Prints one greeting per `--times`, in capitals with `--loud`.
#[flash::cmd(run, alias = "hi")]
fn greet(
    /// Who to greet
    #[arg(default = "world")]
    name: String,
    /// Shout the greeting
    #[arg(short, long)]
    loud: bool,
    /// How many times
    #[arg(short = 'n', long, default = 1)]
    times: u32,
    /// Greeting style
    #[arg(long, possible = ["plain", "fancy"], default = "plain")]
    style: String,
) -> Result<()> {
    for _ in 0..times {
        let mut line = match style.as_str() {
            "fancy" => format!("✨ Hello, {name}! ✨"),
            _ => format!("Hello, {name}!"),
        };
        if loud {
            line = line.to_uppercase();
        }
        println!("{line}");
    }
    Ok(())
}

/// Add numbers and print the sum.
#[flash::cmd(run)]
fn add(
    ctx: &Context,
    /// Numbers to add (negative ones after `--`)
    #[arg(required)]
    numbers: Vec<f64>,
) -> Result<()> {
    let sum: f64 = numbers.iter().sum();
    writeln!(ctx.stdout(), "{sum}")?;
    Ok(())
}

/// Print the size of every file, reading them concurrently.
#[flash::cmd(run_async, model = io, max_concurrency = 4)]
async fn sizes(
    ctx: &Context,
    /// Files to read
    #[arg(required)]
    files: Vec<PathBuf>,
) -> Result<()> {
    let mut handles = Vec::new();
    for path in files {
        // Blocking file-system calls go to blocking tasks of the command:
        // counted, bounded by `max_concurrency`, joined.
        handles.push(
            ctx.spawn_blocking(move || {
                let meta = std::fs::metadata(&path).map_err(|e| Error::fs(&path, e))?;
                Ok((path, meta.len()))
            })
            .await?,
        );
    }
    let mut out = ctx.stdout();
    for handle in handles {
        let (path, len) = handle.join().await?;
        writeln!(out, "{len}\t{}", path.display())?;
    }
    Ok(())
}

/// Fail on purpose, to show the cause chain.
#[flash::cmd(run)]
fn fail(
    /// What to say went wrong
    #[arg(long, env = "DEMO_REASON", default = "disk on fire")]
    reason: String,
) -> Result<()> {
    let cause = std::io::Error::other(reason);
    Err(Error::context("could not finish the job", cause))
}

mod remote {
    use flash::{Context, Result};
    use std::io::Write;

    /// Add a remote.
    #[flash::cmd(run)]
    pub fn add(
        ctx: &Context,
        /// Remote name
        name: String,
        /// Remote URL
        url: String,
        /// Fetch after adding
        #[arg(short, long)]
        fetch: bool,
    ) -> Result<()> {
        writeln!(
            ctx.stdout(),
            "added {name} -> {url}{}",
            if fetch { " (fetched)" } else { "" }
        )?;
        Ok(())
    }

    /// Remove a remote.
    #[flash::cmd(run, name = "rm", alias = "remove")]
    pub fn remove(
        ctx: &Context,
        /** Remote name */
        name: String,
    ) -> Result<()> {
        writeln!(ctx.stdout(), "removed {name}")?;
        Ok(())
    }
}

/// The app, a function of its own so that tests can read its tables
/// (`tests/cli_docs.rs` writes its man pages).
pub fn app() -> flash::App {
    flash::app! {
        name: "demo",
        about: "Demo of flash",
        logging: true,
        commands: [
            greet,
            add,
            sizes,
            fail,
            /// Manage remotes
            remote { remote::add, remote::remove },
        ],
    }
}

pub fn main() -> std::process::ExitCode {
    app().run()
}
