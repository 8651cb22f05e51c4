use std::io::Write;

use flash::{Context, Result};

use crate::foreign_crate;

// Read through `Debug` only, as in clap's example.
#[allow(dead_code)]
#[derive(flash::Args, Debug)]
pub(crate) struct BuiltInParsers {
    /// Support for discrete numbers
    #[arg(long, default = 22, possible = ["22", "80"])]
    port: usize,

    /// Support enums from a foreign crate that don't implement `ValueEnum`
    #[arg(
        long,
        default = foreign_crate::LogLevel::Info,
        possible = ["trace", "debug", "info", "warn", "error"]
    )]
    log_level: foreign_crate::LogLevel,
}

#[flash::cmd(run)]
pub(crate) fn builtin(ctx: &Context, parsers: BuiltInParsers) -> Result<()> {
    writeln!(ctx.stdout(), "Builtin({parsers:?})")?;
    Ok(())
}
