//! `try_run_from` works from inside a tokio runtime (e.g. `#[tokio::test]`):
//! an async command then runs its own runtime on a thread of its own.

use std::io::Write;

use flash::{Context, Result};

/// Echo through the context.
#[flash::cmd(run_async)]
async fn echo(
    ctx: &Context,
    /// Words
    words: Vec<String>,
) -> Result<()> {
    let task = ctx.spawn(async move { Ok(words.join(" ")) }).await?;
    let line = task.join().await?;
    writeln!(ctx.stdout(), "{line}")?;
    Ok(())
}

#[tokio::test]
async fn async_command_runs_from_inside_a_runtime() {
    let app = flash::app! { name: "t", commands: [echo] };
    let outcome = app.try_run_from(["t", "echo", "hello", "there"]);
    assert_eq!(outcome.stderr, "");
    assert_eq!(outcome.stdout, "hello there\n");
    assert_eq!(outcome.code, 0);
}

#[tokio::test(crate = "flash::tokio", flavor = "multi_thread", worker_threads = 2)]
async fn async_command_runs_from_inside_a_multi_thread_runtime() {
    let app = flash::app! { name: "t", commands: [echo] };
    let outcome = app.try_run_from(["t", "echo", "x"]);
    assert_eq!((outcome.code, outcome.stdout.as_str()), (0, "x\n"));
}
