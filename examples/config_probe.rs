//! Config-file probe for the tests (`tests/cli_config.rs`): globals and a
//! nested group whose commands' options a TOML file can set.

use std::io::Write;
use std::path::PathBuf;

/// Options of every command.
#[derive(flash::Args)]
struct Global {
    /// Where the notes live
    #[arg(long, env = "PROBE_DIR", default = ".notes")]
    dir: PathBuf,
}

/// Add a tag.
#[flash::cmd(run)]
#[allow(clippy::too_many_arguments)]
fn add(
    ctx: &flash::Context,
    g: &Global,
    /// The tag
    name: String,
    /// How many
    #[arg(long, default = 1, range = 1..=10)]
    limit: u32,
    /// Say so
    #[arg(short, long)]
    loud: bool,
    /// Labels
    #[arg(long)]
    label: Vec<String>,
    /// Extra detail
    #[arg(short = 'x', long, count)]
    extra: u8,
    /// Internal
    #[arg(long, hidden)]
    secret_level: Option<u8>,
) -> flash::Result<()> {
    writeln!(
        ctx.stdout(),
        "dir={} name={name} limit={limit} loud={loud} label={label:?} extra={extra} secret={secret_level:?}",
        g.dir.display()
    )?;
    Ok(())
}

/// Remove a tag.
#[flash::cmd(run)]
fn remove(
    ctx: &flash::Context,
    /// The tag
    name: String,
    /// Even if used
    #[arg(long)]
    force: bool,
) -> flash::Result<()> {
    writeln!(ctx.stdout(), "remove {name} force={force}")?;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "probe",
        globals: Global,
        config: true,
        commands: [tag { add, remove }],
    }
    .run()
}
