//! flash, flat (a root command: the program takes its own arguments), for
//! reference: `flash_flat FROM TO [-l|--loud]`.

/// Copy one thing to another.
#[flash::cmd(run)]
fn copy(
    /// Source
    from: String,
    /// Destination
    to: String,
    /// Say it loudly
    #[arg(short, long)]
    loud: bool,
) -> flash::Result<()> {
    println!("copy {} -> {}{}", from, to, if loud { " (loud)" } else { "" });
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "flash_flat", root: copy }.run()
}
