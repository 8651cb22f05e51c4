//! Twin of clap's `examples/escaped-positional-derive.rs`.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(
    ctx: &Context,
    #[arg(short = 'f', no_long)] eff: bool,
    #[arg(short = 'p', value_name = "PEAR")] pea: Option<String>,
    #[arg(last)] slop: Vec<String>,
) -> Result<()> {
    let mut out = ctx.stdout();
    // This is what will happen with `myprog -f -p=bob -- sloppy slop slop`...
    writeln!(out, "-f used: {eff:?}")?; // -f used: true
    writeln!(out, "-p's value: {pea:?}")?; // -p's value: Some("bob")
    writeln!(out, "'slops' values: {slop:?}")?; // 'slops' values: Some(["sloppy", "slop", "slop"])

    // Continued program logic goes here...
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "escaped-positional-derive", root: cli }.run()
}
