//! Twin of clap's `examples/tutorial_derive/04_01_enum.rs`.

use std::io::Write;

use flash::{Context, Result};

#[derive(flash::ValueEnum, Copy, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Mode {
    /// Run swiftly
    Fast,
    /// Crawl slowly but steadily
    ///
    /// This paragraph is ignored because there is no long help text for possible values.
    Slow,
}

#[flash::cmd(run)]
fn cli(
    ctx: &Context,
    /// What mode to run the program in
    mode: Mode,
) -> Result<()> {
    match mode {
        Mode::Fast => writeln!(ctx.stdout(), "Hare")?,
        Mode::Slow => writeln!(ctx.stdout(), "Tortoise")?,
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "04_01_enum_derive", root: cli }.run()
}
