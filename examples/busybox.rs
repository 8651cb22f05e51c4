//! One binary, many programs (busybox): linked or copied as `true`, it is
//! `true`; run under its own name, it takes the program's name first.
//! `ln -s busybox true; ./true; echo $?`.

#![deny(warnings, clippy::all)]

use std::io::Write;

use flash::{Context, Error, Result};

/// Do nothing, successfully.
#[flash::cmd(run, name = "true")]
fn yes() -> Result<()> {
    Ok(())
}

/// Do nothing, unsuccessfully.
#[flash::cmd(run, name = "false")]
fn no() -> Result<()> {
    Err(Error::msg("false"))
}

/// Print the arguments.
#[flash::cmd(run)]
fn echo(
    ctx: &Context,
    /// The words
    words: Vec<String>,
    /// No newline at the end
    #[arg(short = 'n', no_long)]
    no_newline: bool,
) -> Result<()> {
    let end = if no_newline { "" } else { "\n" };
    write!(ctx.stdout(), "{}{end}", words.join(" "))?;
    Ok(())
}

/// The app, for tests.
pub fn app() -> flash::App {
    flash::app! {
        name: "busybox",
        version: "1.36.0",
        about: "Many small tools in one binary",
        multicall: true,
        help_if_no_args: true,
        commands: [yes, no, echo],
    }
}

#[allow(dead_code)]
fn main() -> std::process::ExitCode {
    app().run()
}
