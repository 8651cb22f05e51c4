//! What a command-line value converts into.

use std::any::Any;
use std::ffi::{OsStr, OsString};
use std::fmt::Display;
use std::path::PathBuf;
use std::str::FromStr;

use crate::cli::arg::PossibleValue;

/// A type a command-line value converts into: every `FromStr` type whose
/// error is `Display`, and every `#[derive(flash::ValueEnum)]`. `PathBuf`
/// and `OsString` take the raw value as it came, so paths that are not
/// UTF-8 arrive intact.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be parsed from a command-line argument",
    label = "this parameter's type does not implement `FromStr`",
    note = "implement `std::str::FromStr` for `{Self}`, derive `flash::ValueEnum` for an enum of names, use `#[arg(parse = path::to::fn)]`, or take a `String` and convert it in the handler"
)]
pub trait FromArg: Sized {
    /// Converts one raw value; the error is the reason shown to the user.
    fn from_arg(raw: &OsStr) -> Result<Self, String>;

    /// [`FromArg::from_arg`] of a value the caller is done with: a type
    /// that keeps the value as it came may take it (leaving `raw` empty)
    /// rather than copy it. On an error, `raw` is as it was.
    #[doc(hidden)]
    fn from_raw(raw: &mut OsString) -> Result<Self, String> {
        Self::from_arg(raw)
    }

    /// The values it accepts, with their help, when it is a set of names
    /// (a `ValueEnum`): shown in help, completed, suggested.
    #[doc(hidden)]
    const POSSIBLE: &'static [PossibleValue] = &[];
}

impl<T> FromArg for T
where
    T: FromStr + 'static,
    T::Err: Display,
{
    fn from_arg(raw: &OsStr) -> Result<Self, String> {
        // Specialise on the two types that must not go through `&str`; the
        // `TypeId` comparisons are resolved at compile time.
        if is::<T, OsString>() {
            return moved(raw.to_os_string());
        }
        if is::<T, PathBuf>() {
            return moved(PathBuf::from(raw));
        }
        match raw.to_str() {
            Some(text) => text.parse().map_err(|e: T::Err| e.to_string()),
            None => Err("invalid UTF-8".to_owned()),
        }
    }

    fn from_raw(raw: &mut OsString) -> Result<Self, String> {
        // The types that keep the value as it came take it.
        if is::<T, OsString>() {
            return moved(std::mem::take(raw));
        }
        if is::<T, PathBuf>() {
            return moved(PathBuf::from(std::mem::take(raw)));
        }
        if is::<T, String>() && raw.to_str().is_some() {
            return moved(std::mem::take(raw).into_string().unwrap_or_default());
        }
        Self::from_arg(raw)
    }
}

/// Whether `A` and `B` are the same type (known at compile time).
fn is<A: 'static, B: 'static>() -> bool {
    std::any::TypeId::of::<A>() == std::any::TypeId::of::<B>()
}

/// `value` as a `To`, which [`is`] the same type.
fn moved<From: 'static, To: 'static>(value: From) -> Result<To, String> {
    let mut slot = Some(value);
    (&mut slot as &mut dyn Any)
        .downcast_mut::<Option<To>>()
        .and_then(Option::take)
        .ok_or_else(|| "a value of another type".to_owned())
}

/// An enum of names, `#[derive(flash::ValueEnum)]`: what a user typed,
/// as one of its variants.
pub trait ValueEnum: Sized + 'static {
    /// Every variant, in declaration order.
    fn variants() -> &'static [Self];
    /// The variant's name on the command line.
    fn name(&self) -> &'static str;
}

/// The error of a `ValueEnum` for a value that is none of its names: the
/// possible values, and a tip where a near one exists (`JSON` → `json`).
/// It starts with a line break: the usage error puts it under its first
/// line.
pub fn not_a_value(raw: &OsStr, possible: &[PossibleValue]) -> String {
    let text = raw.to_string_lossy();
    crate::cli::arg::not_one_of(&text, possible.iter().map(|p| p.name))
}

/// How help shows `default = EXPR`: through the first of these that the
/// value's type has, picked by the compiler at the generated call
/// (`(&&&Shown(&value)).shown(written)`, autoref specialisation, since
/// generated code knows the concrete type): a `ValueEnum`'s name, its
/// `Display`, else the expression as written.
#[doc(hidden)]
pub struct Shown<'a, T>(pub &'a T);

/// A `ValueEnum` default: the variant's name.
#[doc(hidden)]
pub trait ShownAsName {
    fn shown(&self, written: &str) -> String;
}

impl<T: ValueEnum> ShownAsName for &&Shown<'_, T> {
    fn shown(&self, _: &str) -> String {
        self.0.name().to_owned()
    }
}

/// A default with `Display`: as it displays.
#[doc(hidden)]
pub trait ShownAsDisplay {
    fn shown(&self, written: &str) -> String;
}

impl<T: std::fmt::Display> ShownAsDisplay for &Shown<'_, T> {
    fn shown(&self, _: &str) -> String {
        self.0.to_string()
    }
}

/// Any other default: as written.
#[doc(hidden)]
pub trait ShownAsWritten {
    fn shown(&self, written: &str) -> String;
}

impl<T> ShownAsWritten for Shown<'_, T> {
    fn shown(&self, written: &str) -> String {
        written.to_owned()
    }
}
