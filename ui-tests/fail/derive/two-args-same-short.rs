/// Input options.
#[derive(flash::Args)]
struct Input {
    /// Read recursively
    #[arg(short, long)]
    recursive: bool,
}

/// Output options.
#[derive(flash::Args)]
struct Output {
    /// Replace existing files
    #[arg(short = 'r', long)]
    replace: bool,
}

/// Copy.
#[flash::cmd(run)]
fn copy(input: Input, output: Output) -> flash::Result<()> {
    let _ = (input.recursive, output.replace);
    Ok(())
}

fn main() {}
