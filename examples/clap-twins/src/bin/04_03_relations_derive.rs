//! Twin of clap's `examples/tutorial_derive/04_03_relations.rs`.
//!
//! clap's required group of `Vers` (one of them, no more) is `one_of`.
//! clap's `input` group (`INPUT_FILE` or `--spec-in`, not both) is a
//! conflict between the two, but `-c`'s `requires = "input"` names that
//! group, and flash's `requires` names one argument: `-c` requires nothing
//! here (its case is excluded).

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run, one_of = ["set_ver", "major", "minor", "patch"])]
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
    #[arg(long, conflicts_with = "input_file")]
    spec_in: Option<String>,
    #[arg(short)] config: Option<String>,
) -> Result<()> {
    // Let's assume the old version 1.2.3
    let mut major_v = 1;
    let mut minor_v = 2;
    let mut patch_v = 3;

    // See if --set_ver was used to set the version manually
    let version = if let Some(ver) = set_ver.as_deref() {
        ver.to_owned()
    } else {
        // Increment the one requested (in a real program, we'd reset the lower numbers)
        match (major, minor, patch) {
            (true, _, _) => major_v += 1,
            (_, true, _) => minor_v += 1,
            (_, _, true) => patch_v += 1,
            _ => unreachable!(),
        };
        format!("{major_v}.{minor_v}.{patch_v}")
    };

    writeln!(ctx.stdout(), "Version: {version}")?;

    // Check for usage of -c
    if let Some(config) = config.as_deref() {
        let input = input_file
            .as_deref()
            .unwrap_or_else(|| spec_in.as_deref().unwrap());
        writeln!(
            ctx.stdout(),
            "Doing work using input {input} and config {config}"
        )?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "04_03_relations_derive", root: cli }.run()
}
