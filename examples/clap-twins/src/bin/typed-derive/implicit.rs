use std::io::Write;

use flash::{Context, Result};

// Read through `Debug` only, as in clap's example.
#[allow(dead_code)]
#[derive(flash::Args, Debug)]
pub(crate) struct ImplicitParsers {
    /// Implicitly using `std::str::FromStr`
    #[arg(short = 'O')]
    optimization: Option<usize>,

    /// Allow invalid UTF-8 paths
    #[arg(short = 'I', value_name = "DIR", value_hint = dir)]
    include: Option<std::path::PathBuf>,

    /// Handle IP addresses
    #[arg(long)]
    bind: Option<std::net::IpAddr>,

    /// Allow human-readable durations
    #[arg(long)]
    sleep: Option<jiff::SignedDuration>,

    /// Custom enums
    #[arg(long)]
    bump_level: Option<BumpLevel>,
}

#[flash::cmd(run)]
pub(crate) fn implicit(ctx: &Context, parsers: ImplicitParsers) -> Result<()> {
    writeln!(ctx.stdout(), "Implicit({parsers:?})")?;
    Ok(())
}

// clap's `BumpLevel` also implements `FromStr` through its `ValueEnum`; a
// flash `ValueEnum` is parsed by its derive (a `FromStr` of its own would be
// a second way to parse it), so `TargetVersion` calls `from_name`.
#[derive(flash::ValueEnum, Debug, Clone, Copy)]
pub(crate) enum BumpLevel {
    /// Increase the major version (x.0.0)
    Major,
    /// Increase the minor version (x.y.0)
    Minor,
    /// Increase the patch version (x.y.z)
    Patch,
}

impl std::fmt::Display for BumpLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        flash::ValueEnum::name(self).fmt(f)
    }
}

impl BumpLevel {
    /// The variant named `s`, as the command line names it.
    pub(crate) fn from_name(s: &str) -> Result<Self, String> {
        <Self as flash::ValueEnum>::variants()
            .iter()
            .find(|variant| flash::ValueEnum::name(*variant) == s)
            .copied()
            .ok_or_else(|| format!("Invalid variant: {s}"))
    }
}
