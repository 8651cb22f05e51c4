/// Copy options.
#[derive(flash::Args)]
struct CopyOpts {
    /// Replace existing files
    #[arg(long)]
    force: bool,
}

/// Copy.
#[flash::cmd(run)]
fn copy(opts: CopyOpts, #[arg(long)] force: bool) -> flash::Result<()> {
    let _ = (opts.force, force);
    Ok(())
}

fn main() {}
