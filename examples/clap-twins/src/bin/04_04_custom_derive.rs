//! Twin of clap's `examples/tutorial_derive/04_04_custom.rs`.
//!
//! clap's handler raises usage errors with `Cli::command().error(..)`; the
//! twin returns `flash::Error::Usage`, which exits 2 with the same first
//! line. clap's follows with `Usage: clap [OPTIONS] [INPUT_FILE]` (a command
//! built afresh, named after the package): those cases are excluded.

use std::io::Write;

use flash::{Context, Error, Result};

#[flash::cmd(run)]
#[allow(clippy::too_many_arguments)] // one parameter per argument, as clap's fields
fn cli(
    ctx: &Context,
    /// set version manually
    #[arg(long, value_name = "VER")]
    set_ver: Option<String>,
    /// auto inc major
    #[arg(long)]
    major: bool,
    /// auto inc minor
    #[arg(long)]
    minor: bool,
    /// auto inc patch
    #[arg(long)]
    patch: bool,
    /// some regular input
    input_file: Option<String>,
    /// some special input argument
    #[arg(long)]
    spec_in: Option<String>,
    #[arg(short)] config: Option<String>,
) -> Result<()> {
    // Let's assume the old version 1.2.3
    let mut major_v = 1;
    let mut minor_v = 2;
    let mut patch_v = 3;

    // See if --set-ver was used to set the version manually
    let version = if let Some(ver) = set_ver.as_deref() {
        if major || minor || patch {
            return Err(Error::Usage(
                "Can't do relative and absolute version change".into(),
            ));
        }
        ver.to_owned()
    } else {
        // Increment the one requested (in a real program, we'd reset the lower numbers)
        match (major, minor, patch) {
            (true, false, false) => major_v += 1,
            (false, true, false) => minor_v += 1,
            (false, false, true) => patch_v += 1,
            _ => {
                return Err(Error::Usage("Can only modify one version field".into()));
            }
        };
        format!("{major_v}.{minor_v}.{patch_v}")
    };

    writeln!(ctx.stdout(), "Version: {version}")?;

    // Check for usage of -c
    if let Some(config) = config.as_deref() {
        let Some(input) = input_file.as_deref().or(spec_in.as_deref()) else {
            return Err(Error::Usage(
                "INPUT_FILE or --spec-in is required when using --config".into(),
            ));
        };
        writeln!(
            ctx.stdout(),
            "Doing work using input {input} and config {config}"
        )?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "04_04_custom_derive", root: cli }.run()
}
