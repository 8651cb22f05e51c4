//! Twin of clap's `examples/find.rs` (a builder example; there is no derive
//! one), an example of position-sensitive flags.
//!
//! clap prints every occurrence of `--empty`, `--name`, `-o` and `-a` in
//! the order given, across options (`ArgAction::Append` and `indices_of`).
//! flash keeps each argument's values but not their order across
//! arguments: the twin prints them argument by argument, and the cases that
//! show the order are excluded. Its help is clap's.

use std::io::Write;

use flash::{Context, Result};

#[flash::cmd(run)]
fn cli(
    ctx: &Context,
    /// File is empty and is either a regular file or a directory
    #[arg(long, heading = "TESTS")]
    empty: bool,
    /// Base of file name (the path with the leading directories removed) matches shell pattern pattern
    #[arg(long, value_name = "name", heading = "TESTS")]
    name: Vec<String>,
    /// expr2 is not evaluate if exp1 is true
    #[arg(short, long, heading = "OPERATORS")]
    or: bool,
    /// Same as `expr1 expr1`
    #[arg(short, long, heading = "OPERATORS")]
    and: bool,
) -> Result<()> {
    let mut values: Vec<(&str, Value)> = Vec::new();
    for (id, given) in [("empty", empty), ("or", or), ("and", and)] {
        if given {
            values.push((id, Value::Bool(true)));
        }
    }
    values.extend(name.into_iter().map(|n| ("name", Value::String(n))));
    writeln!(ctx.stdout(), "{values:#?}")?;
    Ok(())
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Value {
    Bool(bool),
    String(String),
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "find", root: cli }.run()
}
