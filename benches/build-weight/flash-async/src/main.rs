//! flash, default features: one async command, `prog copy FROM TO [-l|--loud]`.

/// Copy one thing to another.
#[flash::cmd(run_async)]
async fn copy(
    ctx: &flash::Context,
    /// Source
    from: String,
    /// Destination
    to: String,
    /// Say it loudly
    #[arg(short, long)]
    loud: bool,
) -> flash::Result<()> {
    use std::io::Write;
    writeln!(ctx.stdout(), "copy {} -> {}{}", from, to, if loud { " (loud)" } else { "" })?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "flash", commands: [copy] }.run()
}
