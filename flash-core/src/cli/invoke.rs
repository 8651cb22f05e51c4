//! Raw values → the typed values a handler takes.

use std::any::Any;
use std::ffi::{OsStr, OsString};
use std::fmt::Display;
use std::path::PathBuf;
use std::str::FromStr;

use crate::cli::arg::{check_value, ArgSpec};
use crate::cli::error::{Error, Result};
use crate::cli::exec::{RuntimeArgs, RuntimeDefaults, RuntimeOptions};
use crate::cli::output::{Output, Streams};
use crate::cli::text::concat;
use crate::cli::units::{parse_duration, parse_size};
use crate::cli::values::{given, Values};

/// How a command's generated `run` failed, for the app to finish.
///
/// Generated code reports a handler's error itself, through [`finish`],
/// rather than handing it back: there the optimiser sees which errors the
/// handler can return, and an app whose handlers cannot fail (or fail only
/// with usage errors) links no error report and no `Display` of [`Error`].
#[derive(Debug)]
pub enum Failed {
    /// A usage error's message: the app prints it with the command's usage
    /// line and exits 2.
    Usage(String),
    /// An error already printed on stderr; the exit code.
    Reported(u8),
}

/// Finishes a run with the handler's `result`: an error other than a usage
/// error is printed on `stderr` here.
#[inline]
pub fn finish(stderr: &Output, result: Result<()>) -> std::result::Result<(), Failed> {
    match result {
        Ok(()) => Ok(()),
        Err(error) => Err(report(stderr, error)),
    }
}

#[cold]
#[inline(never)]
fn report(stderr: &Output, error: Error) -> Failed {
    match error {
        Error::Usage(message) => Failed::Usage(message),
        error => {
            crate::cli::report::print_error(&error, stderr.clone());
            Failed::Reported(error.exit_code())
        }
    }
}

/// A parsed command line for one command, handed to its generated `run`.
///
/// Its accessors' `Err` is a usage error's message: generated code wraps it
/// in [`Failed::Usage`] (or [`Error::Usage`] in async bodies) at the call,
/// where the optimiser sees that no other error comes from argument values.
#[derive(Debug)]
pub struct Invocation {
    name: &'static str,
    args: &'static [ArgSpec],
    values: Values,
    streams: Streams,
    verbosity: i8,
}

/// A type a command-line value converts into: every `FromStr` type whose
/// error is `Display`. `PathBuf` and `OsString` take the raw value as it came,
/// so paths that are not UTF-8 arrive intact.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be parsed from a command-line argument",
    label = "this parameter's type does not implement `FromStr`",
    note = "implement `std::str::FromStr` for `{Self}`, or take a `String` and convert it in the handler"
)]
pub trait FromArg: Sized {
    /// Converts one raw value; the error is the reason shown to the user.
    fn from_arg(raw: &OsStr) -> std::result::Result<Self, String>;
}

impl<T> FromArg for T
where
    T: FromStr + 'static,
    T::Err: Display,
{
    fn from_arg(raw: &OsStr) -> std::result::Result<Self, String> {
        // Specialise on the two types that must not go through `&str`; the
        // `TypeId` comparisons are resolved at compile time.
        if let Some(out) = cast::<OsString, T>(|| raw.to_os_string()) {
            return Ok(out);
        }
        if let Some(out) = cast::<PathBuf, T>(|| PathBuf::from(raw)) {
            return Ok(out);
        }
        match raw.to_str() {
            Some(text) => text.parse().map_err(|e: T::Err| e.to_string()),
            None => Err("invalid UTF-8".to_owned()),
        }
    }
}

/// `make()` as a `To`, when `From` and `To` are the same type.
fn cast<From: 'static, To: 'static>(make: impl FnOnce() -> From) -> Option<To> {
    if std::any::TypeId::of::<From>() != std::any::TypeId::of::<To>() {
        return None;
    }
    let mut slot = Some(make());
    (&mut slot as &mut dyn Any)
        .downcast_mut::<Option<To>>()
        .and_then(Option::take)
}

/// What a handler may return: `()` or `Result<(), E>` with `E: Into<Error>`.
#[diagnostic::on_unimplemented(
    message = "a command cannot return `{Self}`",
    label = "return `flash::Result<()>`, `Result<(), E>` with `E: Into<flash::Error>`, or nothing",
    note = "flash turns the handler's result into the exit code: `Ok` exits 0, an error prints `error: …` and exits 1"
)]
pub trait IntoResult {
    /// The handler's outcome as a flash result.
    fn into_result(self) -> Result<()>;
}

impl IntoResult for () {
    fn into_result(self) -> Result<()> {
        Ok(())
    }
}

impl<E: Into<Error>> IntoResult for std::result::Result<(), E> {
    fn into_result(self) -> Result<()> {
        self.map_err(Into::into)
    }
}

impl Invocation {
    pub(crate) fn new(
        name: &'static str,
        args: &'static [ArgSpec],
        values: Values,
        streams: Streams,
        verbosity: i8,
    ) -> Self {
        Invocation {
            name,
            args,
            values,
            streams,
            verbosity,
        }
    }

    /// The command's name.
    pub fn command(&self) -> &'static str {
        self.name
    }

    /// `-v` (+1 each) and `-q` (-1 each) given before the command.
    pub fn verbosity(&self) -> i8 {
        self.verbosity
    }

    /// The options of a sync command: its name and verbosity.
    pub fn options(&self) -> RuntimeOptions {
        RuntimeOptions {
            command: self.name,
            verbosity: self.verbosity,
            ..RuntimeOptions::default()
        }
    }

    /// The output handles for the command's context.
    pub fn streams(&self) -> Streams {
        self.streams.clone()
    }

    /// Where the command's errors go.
    pub fn stderr(&self) -> &Output {
        &self.streams.stderr
    }

    /// A bool flag: given at least once, or its `env` variable set to a true value.
    pub fn flag(&mut self, index: usize) -> Result<bool, String> {
        if self.flag_given(index) {
            return Ok(true);
        }
        let arg = &self.args[index];
        match self.env_value(arg) {
            None => Ok(false),
            Some(raw) => match raw.to_string_lossy().to_ascii_lowercase().as_str() {
                "" | "0" | "false" | "no" | "off" => Ok(false),
                "1" | "true" | "yes" | "on" => Ok(true),
                other => Err(invalid(arg, other, "expected true or false")),
            },
        }
    }

    /// A bool flag with no `env`: given at least once. Generated code calls
    /// it in place of [`Invocation::flag`] so that an app without `env`
    /// links no environment parsing.
    pub fn flag_given(&self, index: usize) -> bool {
        given(&self.values, index)
    }

    /// A required value with no `env` (the parser has checked that it is
    /// there, and that it is one of the `possible` values). Generated code
    /// calls [`Invocation::required_or_env`] when the argument has an `env`,
    /// so that an app without `env` links no environment look-up.
    pub fn required<T: FromArg>(&mut self, index: usize) -> Result<T, String> {
        let arg = &self.args[index];
        match self.take(index) {
            Some(raw) => convert(arg, raw),
            None => Err(missing(arg)),
        }
    }

    /// The last value of argument `index`, taken out.
    fn take(&mut self, index: usize) -> Option<OsString> {
        let at = self.values.iter().rposition(|(i, _)| *i == index)?;
        Some(self.values.remove(at).1)
    }

    /// An optional value: the argument, else its `env` variable, else `None`.
    pub fn one<T: FromArg>(&mut self, index: usize) -> Result<Option<T>, String> {
        let arg = &self.args[index];
        let raw = match self.take(index) {
            Some(raw) => raw,
            None => match self.env_value(arg) {
                Some(raw) => {
                    check_value(arg, &raw)?;
                    raw
                }
                None => return Ok(None),
            },
        };
        convert(arg, raw).map(Some)
    }

    /// A required value: the argument, else its `env` variable (the parser
    /// has checked that one of them is there).
    pub fn required_or_env<T: FromArg>(&mut self, index: usize) -> Result<T, String> {
        let arg = &self.args[index];
        self.one(index)?.ok_or_else(|| missing(arg))
    }

    /// All values of a repeatable option or variadic positional.
    pub fn many<T: FromArg>(&mut self, index: usize) -> Result<Vec<T>, String> {
        let arg = &self.args[index];
        let mut raws: Vec<OsString> = Vec::new();
        for (i, raw) in &mut self.values {
            if *i == index {
                raws.push(std::mem::take(raw));
            }
        }
        if raws.is_empty() {
            if let Some(raw) = self.env_value(arg) {
                check_value(arg, &raw)?;
                raws.push(raw);
            }
        }
        raws.into_iter().map(|raw| convert(arg, raw)).collect()
    }

    /// The runtime options: built-in flags over `#[cmd]` defaults over flash's.
    pub fn runtime_options(
        &mut self,
        defaults: &RuntimeDefaults,
        args: &RuntimeArgs,
    ) -> Result<RuntimeOptions, String> {
        let mut options = RuntimeOptions {
            verbosity: self.verbosity,
            command: self.name,
            ..RuntimeOptions::default()
        };
        options.timeout = match args.timeout.and_then(|i| self.raw_text(i)) {
            Some((arg, text)) => Some(parse_duration(&text).map_err(|e| invalid(arg, &text, &e))?),
            None => defaults.timeout,
        };
        // `--timeout 0` asks for no deadline, as it does of GNU `timeout`.
        options.timeout = options.timeout.filter(|d| !d.is_zero());
        if let Some(n) = defaults.max_concurrency {
            options.max_concurrency = n;
        }
        if let Some((arg, text)) = args.max_concurrency.and_then(|i| self.raw_text(i)) {
            options.max_concurrency = match text.parse::<usize>() {
                Ok(n) if n > 0 => n,
                Ok(_) => return Err(invalid(arg, &text, "must be at least 1")),
                Err(e) => return Err(invalid(arg, &text, &e.to_string())),
            };
        }
        options.memory_limit = match args.memory_limit.and_then(|i| self.raw_text(i)) {
            Some((arg, text)) => Some(parse_size(&text).map_err(|e| invalid(arg, &text, &e))?),
            None => defaults.memory_limit,
        };
        options.metrics = args.metrics.is_some_and(|i| self.flag_given(i));
        Ok(options)
    }

    fn raw_text(&mut self, index: usize) -> Option<(&'static ArgSpec, String)> {
        let raw = self.take(index)?;
        Some((&self.args[index], raw.to_string_lossy().into_owned()))
    }

    fn env_value(&self, arg: &ArgSpec) -> Option<OsString> {
        arg.env.and_then(env_var)
    }
}

/// The value of environment variable `name`; set but empty counts as unset.
pub(crate) fn env_var(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

fn convert<T: FromArg>(arg: &ArgSpec, raw: OsString) -> Result<T, String> {
    T::from_arg(&raw).map_err(|reason| invalid(arg, &raw.to_string_lossy(), &reason))
}

fn missing(arg: &ArgSpec) -> String {
    concat(&[
        "the following required arguments were not provided:\n  ",
        arg.display,
    ])
}

fn invalid(arg: &ArgSpec, value: &str, reason: &str) -> String {
    concat(&[
        "invalid value '",
        value,
        "' for '",
        arg.display,
        "': ",
        reason,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_os_strings_keep_their_bytes() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let raw = OsString::from_vec(vec![b'a', 0xff, b'b']);
            assert_eq!(PathBuf::from_arg(&raw).unwrap().into_os_string(), raw);
            assert_eq!(OsString::from_arg(&raw).unwrap(), raw);
            assert_eq!(String::from_arg(&raw).unwrap_err(), "invalid UTF-8");
        }
        assert_eq!(u32::from_arg(OsStr::new("42")).unwrap(), 42);
        assert!(u32::from_arg(OsStr::new("x")).is_err());
    }
}
