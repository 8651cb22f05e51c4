//! Every execution model, runtime defaults, nested groups, paths to commands.
#![deny(warnings)]

use flash::{Context, Error, Result};

/// Io.
#[flash::cmd(run_async)]
async fn fetch(ctx: &Context, /// URL
    url: String) -> Result<()> {
    let _ = (ctx, url);
    Ok(())
}

/// Cpu.
#[flash::cmd(run_async, model = cpu, timeout = "30s", max_concurrency = 4, memory_limit = "64MiB")]
async fn crunch(ctx: &Context) -> Result<()> {
    ctx.spawn_cpu(|| Ok(())).await
}

/// Stream, with its own --timeout meaning.
#[flash::cmd(run_async, model = stream)]
async fn tail(#[arg(long)] timeout: Option<u64>, ctx: &Context) -> Result<()> {
    let _ = (timeout, ctx);
    Ok(())
}

/// A custom error type that converts into flash's.
#[derive(Debug)]
struct MyError;

impl From<MyError> for Error {
    fn from(_: MyError) -> Self {
        Error::msg("mine")
    }
}

/// Blocking with a custom error.
#[flash::cmd(run, model = blocking)]
fn local() -> std::result::Result<(), MyError> {
    Ok(())
}

mod remote {
    /// Add.
    #[flash::cmd(run)]
    pub fn add(name: String) -> flash::Result<()> {
        let _ = name;
        Ok(())
    }

    /// Remove.
    #[flash::cmd(run_async, name = "rm", alias = ["remove", "del"])]
    pub async fn remove(name: String) -> flash::Result<()> {
        let _ = name;
        Ok(())
    }

    pub mod deep {
        /// Show.
        #[flash::cmd(run)]
        pub fn show() -> flash::Result<()> {
            Ok(())
        }
    }
}

fn main() {
    let app = flash::app! {
        commands: [
            fetch,
            crunch,
            tail,
            local,
            /// Remotes
            remote { remote::add, remote::remove, deep { remote::deep::show } },
        ],
    };
    let outcome = app.try_run_from(["ui", "remote", "remove", "origin"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
}
