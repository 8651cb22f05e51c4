/// Copy options.
#[derive(flash::Args)]
struct CopyOpts {
    /// Replace existing files
    #[arg(long)]
    force: bool,
}

/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long)] opts: CopyOpts) -> flash::Result<()> {
    let _ = opts.force;
    Ok(())
}

fn main() {}
