/// Output format.
#[derive(flash::ValueEnum, Clone, Copy)]
enum Format {
    /// Plain text
    Plain,
    /// JSON lines
    Json,
}

/// List.
#[flash::cmd(run)]
fn list(#[arg(long, default = Format::Plain)] format: String) -> flash::Result<()> {
    let _ = format;
    Ok(())
}

fn main() {
    let _ = Format::Json;
    flash::app! { commands: [list] }.run();
}
