/// Input options.
#[derive(flash::Args)]
struct Input {
    /// Where to read
    #[arg(long)]
    dir: String,
}

/// Output options.
#[derive(flash::Args)]
struct Output {
    /// Where to write
    #[arg(long)]
    dir: String,
}

/// Copy.
#[flash::cmd(run)]
fn copy(input: Input, output: Output) -> flash::Result<()> {
    let _ = (input.dir, output.dir);
    Ok(())
}

fn main() {}
