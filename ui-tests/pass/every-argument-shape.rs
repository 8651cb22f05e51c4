//! Every parameter shape of the contract's table, and every `#[arg]` key.
#![deny(warnings)]

use std::ffi::OsString;
use std::path::PathBuf;

use flash::{Context, Result};

/// Every shape.
///
/// Long help.
#[flash::cmd(run, name = "all-shapes", alias = "a")]
fn every_shape(
    /// A flag
    #[arg(short, long)]
    verbose: bool,
    ctx: &Context,
    /// Required positional
    input: PathBuf,
    /// Optional positional
    output: Option<OsString>,
    /// Option with default
    #[arg(short = 'n', long, default = 3)]
    count: u32,
    /// Option with a float default
    #[arg(long, default = 0.5)]
    ratio: f64,
    /// Option with a string default
    #[arg(long, default = "plain", possible = ["plain", "fancy"])]
    style: String,
    /// Optional option from the environment
    #[arg(long = "api-token", env = "UI_TOKEN", value_name = "TOKEN")]
    token: Option<String>,
    /// Required option
    #[arg(long)]
    mode: String,
    /// Repeatable option
    #[arg(short = 'I', long)]
    include: Vec<PathBuf>,
    /// Variadic positional
    rest: Vec<String>,
) -> Result<()> {
    let _ = (verbose, ctx, input, output, count, ratio, style, token, mode, include, rest);
    Ok(())
}

/// Returns nothing at all.
#[flash::cmd(run)]
fn unit() {}

fn main() {
    let app = flash::app! {
        name: "ui",
        version: "1.2.3",
        about: "ui pass case",
        commands: [every_shape, unit],
    };
    let _ = app.try_run_from(["ui", "unit"]);
}
