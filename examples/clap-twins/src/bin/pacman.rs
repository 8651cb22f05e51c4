//! Twin of clap's `examples/pacman.rs` (a builder example; there is no
//! derive one): commands selected by flags (`-S`, `--sync`), with their own
//! short flags clustered after them (`-Ss`).
//!
//! Not expressible, so excluded where a case shows it:
//! - clap's abouts end with a period (`.about("Synchronize packages.")`);
//!   a doc comment's first line loses it, as in clap's derive;
//! - `--search` takes one or more values per occurrence (`num_args(1..)`,
//!   shown `<search>...`); a `Vec` option takes one per occurrence;
//! - `package` is required unless `--search` is given
//!   (`required_unless_present`), which shapes clap's usage line.

use std::io::Write;

use flash::{Context, Result};

/// Query the package database.
#[flash::cmd(run, short_flag = 'Q', long_flag = "query")]
fn query(
    ctx: &Context,
    /// search locally installed packages for matching strings
    #[arg(short, long, value_name = "search", conflicts_with = "info")]
    search: Vec<String>,
    /// view package information
    #[arg(short, long, value_name = "info", conflicts_with = "search")]
    info: Vec<String>,
) -> Result<()> {
    if !info.is_empty() {
        let comma_sep = info.join(", ");
        writeln!(ctx.stdout(), "Retrieving info for {comma_sep}...")?;
    } else if !search.is_empty() {
        let comma_sep = search.join(", ");
        writeln!(ctx.stdout(), "Searching Locally for {comma_sep}...")?;
    } else {
        writeln!(ctx.stdout(), "Displaying all locally installed packages...")?;
    }
    Ok(())
}

/// Synchronize packages.
#[flash::cmd(run, short_flag = 'S', long_flag = "sync")]
fn sync(
    ctx: &Context,
    /// search remote repositories for matching strings
    #[arg(short, long, value_name = "search", conflicts_with = "info")]
    search: Vec<String>,
    /// view package information
    #[arg(short, long, conflicts_with = "search")]
    info: bool,
    /// packages
    #[arg(value_name = "package")]
    package: Vec<String>,
) -> Result<()> {
    if !search.is_empty() {
        let values = search.join(", ");
        writeln!(ctx.stdout(), "Searching for {values}...")?;
        return Ok(());
    }

    let values = package.join(", ");
    if info {
        writeln!(ctx.stdout(), "Retrieving info for {values}...")?;
    } else {
        writeln!(ctx.stdout(), "Installing {values}...")?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "pacman",
        version: "5.2.1",
        about: "package manager utility",
        commands: [query, sync],
        help_if_no_args: true,
        completions: false,
    }
    .run()
}
