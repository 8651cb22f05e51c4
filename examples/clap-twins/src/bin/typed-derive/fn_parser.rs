use std::error::Error;
use std::io::Write;

use flash::{Context, Result};

// Read through `Debug` only, as in clap's example.
#[allow(dead_code)]
#[derive(flash::Args, Debug)]
pub(crate) struct FnParser {
    /// Hand-written parser for tuples
    #[arg(short = 'D', value_name = "KEY=VALUE", parse = parse_key_val::<String, i32>)]
    defines: Vec<(String, i32)>,
}

#[flash::cmd(run)]
pub(crate) fn fn_parser(ctx: &Context, parser: FnParser) -> Result<()> {
    writeln!(ctx.stdout(), "FnParser({parser:?})")?;
    Ok(())
}

/// Parse a single key-value pair
fn parse_key_val<T, U>(s: &str) -> Result<(T, U), Box<dyn Error + Send + Sync + 'static>>
where
    T: std::str::FromStr,
    T::Err: Error + Send + Sync + 'static,
    U: std::str::FromStr,
    U::Err: Error + Send + Sync + 'static,
{
    let pos = s
        .find('=')
        .ok_or_else(|| format!("invalid KEY=value: no `=` found in `{s}`"))?;
    Ok((s[..pos].parse()?, s[pos + 1..].parse()?))
}
