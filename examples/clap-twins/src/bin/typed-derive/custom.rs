use std::io::Write;

use flash::{Context, Result};

use crate::implicit::BumpLevel;

// Read through `Debug` only, as in clap's example.
#[allow(dead_code)]
#[derive(flash::Args, Debug)]
pub(crate) struct CustomParser {
    /// Hand-implement `TypedValueParser`
    #[arg(long)]
    target_version: Option<TargetVersion>,
}

#[flash::cmd(run)]
pub(crate) fn custom(ctx: &Context, parser: CustomParser) -> Result<()> {
    writeln!(ctx.stdout(), "Custom({parser:?})")?;
    Ok(())
}

/// Enum or custom value
///
/// clap's example gives it a value parser of its own
/// (`TypedValueParser`) so that help lists `BumpLevel`'s values while any
/// version is accepted; flash parses it with `FromStr`, and has no way to
/// show values it does not restrict to (that case is excluded).
#[derive(Clone, Debug)]
pub(crate) enum TargetVersion {
    Relative(BumpLevel),
    Absolute(semver::Version),
}

impl std::fmt::Display for TargetVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> Result<(), std::fmt::Error> {
        match self {
            Self::Relative(bump_level) => {
                write!(f, "{bump_level}")
            }
            Self::Absolute(version) => {
                write!(f, "{version}")
            }
        }
    }
}

impl std::str::FromStr for TargetVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(bump_level) = BumpLevel::from_name(s) {
            Ok(Self::Relative(bump_level))
        } else {
            Ok(Self::Absolute(
                semver::Version::parse(s).map_err(|e| e.to_string())?,
            ))
        }
    }
}
