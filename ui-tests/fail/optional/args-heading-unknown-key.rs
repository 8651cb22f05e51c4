/// Filters.
#[derive(flash::Args)]
#[args(headng = "Filters")]
struct Filters {
    /// Only these
    #[arg(long)]
    only: Option<String>,
}

/// List.
#[flash::cmd(run)]
fn list(filters: Filters) -> flash::Result<()> { let _ = filters; Ok(()) }

fn main() { flash::app! { commands: [list] }.run(); }
