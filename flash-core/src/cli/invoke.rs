//! Raw values → the typed values a handler takes.

use std::any::Any;
use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fmt::Display;
use std::ops::RangeBounds;

use crate::cli::arg::{check_value, ArgSpec, Table};
use crate::cli::error::Result;
use crate::cli::exec::{RuntimeArgs, RuntimeDefaults, RuntimeOptions};
use crate::cli::extract::AppEnv;
use crate::cli::log::Logger;
use crate::cli::output::{Output, Streams};
use crate::cli::text::concat;
use crate::cli::units::{parse_duration, parse_size};
use crate::cli::value::FromArg;
use crate::cli::values::{given, Values, MISSING};
use crate::cli::vars::Vars;

pub use crate::cli::report::{finish, Failed};

/// A parsed command line for one command, handed to its generated `run`.
///
/// Its accessors' `Err` is a usage error's message: generated code wraps it
/// in [`Failed::Usage`] (or [`crate::cli::error::Error::Usage`] in async bodies) at the call,
/// where the optimiser sees that no other error comes from argument values.
pub struct Invocation {
    name: &'static str,
    /// The command as typed after the app's name: `tag add`.
    path: Cow<'static, str>,
    /// The app's name (`notes`).
    app: &'static str,
    args: Table,
    values: Values,
    streams: Streams,
    verbosity: i8,
    /// This run's log dispatcher (`app! { logging: true }`).
    logger: Option<Logger>,
    vars: Vars,
    /// The app's globals, parsed (a `#[derive(Args)]` struct).
    globals: Option<Box<dyn Any + Send + Sync>>,
    env: AppEnv,
    /// Where the config file set arguments: index, place (for errors).
    #[cfg(feature = "config")]
    places: Vec<(usize, String)>,
}

impl std::fmt::Debug for Invocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invocation")
            .field("name", &self.name)
            .field("values", &self.values)
            .field("verbosity", &self.verbosity)
            .finish_non_exhaustive()
    }
}

/// What the parser found for one command, for [`Invocation::new`].
pub(crate) struct Found {
    pub name: &'static str,
    /// The command as typed after the app's name.
    pub path: Cow<'static, str>,
    pub app: &'static str,
    pub args: Table,
    pub values: Values,
    pub verbosity: i8,
    pub logger: Option<Logger>,
    #[cfg(feature = "config")]
    pub places: Vec<(usize, String)>,
}

impl Invocation {
    pub(crate) fn new(
        found: Found,
        streams: Streams,
        vars: Vars,
        globals: Option<Box<dyn Any + Send + Sync>>,
        env: AppEnv,
    ) -> Self {
        Invocation {
            name: found.name,
            path: found.path,
            app: found.app,
            args: found.args,
            values: found.values,
            streams,
            verbosity: found.verbosity,
            logger: found.logger,
            vars,
            globals,
            env,
            #[cfg(feature = "config")]
            places: found.places,
        }
    }

    /// An invocation over `args` alone (the app's globals), to parse them.
    pub(crate) fn of_args(args: Table, values: Values, vars: Vars) -> Self {
        Invocation {
            name: "",
            path: Cow::Borrowed(""),
            app: "",
            args,
            values,
            streams: Streams::captured(),
            verbosity: 0,
            logger: None,
            vars,
            globals: None,
            env: AppEnv::EMPTY,
            #[cfg(feature = "config")]
            places: Vec::new(),
        }
    }

    /// The command's name.
    pub fn command(&self) -> &'static str {
        self.name
    }

    /// The command as typed after the app's name: `tag add`.
    pub fn command_path(&self) -> Cow<'static, str> {
        self.path.clone()
    }

    /// The app's name.
    pub fn app_name(&self) -> &'static str {
        self.app
    }

    /// `-v` (+1 each) and `-q` (-1 each).
    pub fn verbosity(&self) -> i8 {
        self.verbosity
    }

    /// Takes this run's log dispatcher out (`app! { logging: true }`), for
    /// the runtime to put in place around the command.
    pub fn take_logger(&mut self) -> Option<Logger> {
        self.logger.take()
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

    /// The environment variables of this run.
    pub fn vars(&self) -> &Vars {
        &self.vars
    }

    /// The app's parsed globals, if it has any.
    pub fn globals(&self) -> Option<&(dyn Any + Send + Sync)> {
        self.globals.as_deref()
    }

    /// Takes the app's parsed globals out. Out of line: the rest of the
    /// invocation is dropped here, not in every command's generated body.
    #[inline(never)]
    pub fn into_globals(self) -> Option<Box<dyn Any + Send + Sync>> {
        self.globals
    }

    /// The app's state providers and hooks.
    pub fn env(&self) -> AppEnv {
        self.env
    }

    /// The argument at `index`.
    pub fn arg(&self, index: usize) -> &'static ArgSpec {
        self.args
            .get(index)
            .expect("generated code asks for its own arguments")
    }

    /// Where the arguments of parameter `part` (its `Args` group's, or its
    /// own) start.
    pub fn start(&self, part: usize) -> usize {
        self.args.start(part)
    }

    /// A bool flag: its last `--x`/`--no-x` on the command line, else its
    /// `env` variable as a boolean, else `default`.
    pub fn flag(&mut self, index: usize, default: bool) -> Result<bool, String> {
        if let Some(raw) = self.take(index) {
            return Ok(raw.is_empty());
        }
        let arg = self.arg(index);
        match self.env_value(arg) {
            None => Ok(default),
            Some(raw) => match raw.to_string_lossy().to_ascii_lowercase().as_str() {
                "0" | "false" | "no" | "off" => Ok(false),
                "1" | "true" | "yes" | "on" => Ok(true),
                other => Err(invalid(arg, other, "expected true or false")),
            },
        }
    }

    /// A bool flag with no `env`, no `default` and no `--no-x`: given or
    /// not. Generated code calls it in place of [`Invocation::flag`] so
    /// that an app without those links no environment parsing.
    pub fn flag_given(&self, index: usize) -> bool {
        given(&self.values, index)
    }

    /// A `count` flag: how many times it was given (else its `env`
    /// variable as a number).
    pub fn count<T: TryFrom<usize>>(&mut self, index: usize) -> Result<T, String> {
        let n = self.values.iter().filter(|(i, _)| *i == index).count();
        let arg = self.arg(index);
        let n = match (n, self.env_value(arg)) {
            (0, Some(raw)) => {
                let text = raw.to_string_lossy();
                text.parse::<usize>()
                    .map_err(|e| invalid(arg, &text, &e.to_string()))?
            }
            (n, _) => n,
        };
        T::try_from(n).map_err(|_| concat(&["'", arg.display, "' was given too many times"]))
    }

    /// A required value with no `env` (the parser has checked that it is
    /// there, and that it is one of the `possible` values). Generated code
    /// calls [`Invocation::one`] when the argument has an `env`, so that an
    /// app without `env` links no environment look-up.
    pub fn required<T: FromArg>(&mut self, index: usize) -> Result<T, String> {
        let arg = self.arg(index);
        let value = match self.take(index) {
            Some(raw) => convert(arg, raw),
            None => match prompted(arg, &self.vars, false)? {
                Some(raw) => convert(arg, raw),
                None => Err(missing(arg)),
            },
        };
        self.placed(index, value)
    }

    /// `result` as it is: only a config file (the `config` feature)
    /// places arguments.
    #[cfg(not(feature = "config"))]
    fn placed<T>(&self, _index: usize, result: Result<T, String>) -> Result<T, String> {
        result
    }

    /// `result`, its error saying where the config file set argument
    /// `index`, if it did.
    #[cfg(feature = "config")]
    fn placed<T>(&self, index: usize, result: Result<T, String>) -> Result<T, String> {
        result.map_err(
            |message| match self.places.iter().find(|(i, _)| *i == index) {
                Some((_, place)) => concat(&[&message, " (", place, ")"]),
                None => message,
            },
        )
    }

    /// The raw value of argument `index`: the command line's, else its
    /// `env` variable's (checked against `possible`).
    fn raw(&mut self, index: usize) -> Result<Option<OsString>, String> {
        if let Some(raw) = self.take(index) {
            return Ok(Some(raw));
        }
        let arg = self.arg(index);
        match self.env_value(arg) {
            Some(raw) => {
                check_value(arg, &raw)?;
                Ok(Some(raw))
            }
            None => prompted(arg, &self.vars, true),
        }
    }

    /// An optional value: the argument, else its `env` variable, else `None`.
    pub fn one<T: FromArg>(&mut self, index: usize) -> Result<Option<T>, String> {
        let arg = self.arg(index);
        let value = match self.raw(index)? {
            Some(raw) => convert(arg, raw).map(Some),
            None => Ok(None),
        };
        self.placed(index, value)
    }

    /// An option whose value is optional (`--color[=WHEN]`): `None` when
    /// it is absent (and its `env` unset), `Some(None)` when it is given
    /// with no value, `Some(Some(value))` with one.
    pub fn optional_value<T: FromArg>(
        &mut self,
        index: usize,
    ) -> Result<Option<Option<T>>, String> {
        let arg = self.arg(index);
        let value = match self.raw(index)? {
            None => Ok(None),
            Some(raw) if raw == MISSING => Ok(Some(None)),
            Some(raw) => convert(arg, raw).map(|v| Some(Some(v))),
        };
        self.placed(index, value)
    }

    /// [`Invocation::optional_value`] read by a custom parser.
    pub fn optional_value_with<T, E: Display>(
        &mut self,
        index: usize,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Option<Option<T>>, String> {
        let arg = self.arg(index);
        let value = match self.raw(index)? {
            None => Ok(None),
            Some(raw) if raw == MISSING => Ok(Some(None)),
            Some(raw) => convert_with(arg, &raw, &parse).map(|v| Some(Some(v))),
        };
        self.placed(index, value)
    }

    /// An optional value read by a custom parser (`parse = f`).
    pub fn one_with<T, E: Display>(
        &mut self,
        index: usize,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Option<T>, String> {
        let arg = self.arg(index);
        let value = match self.raw(index)? {
            Some(raw) => convert_with(arg, &raw, &parse).map(Some),
            None => Ok(None),
        };
        self.placed(index, value)
    }

    /// All raw values of a repeatable option or variadic positional: the
    /// command line's, else its `env` variable's.
    fn raws(&mut self, index: usize) -> Result<Vec<OsString>, String> {
        let arg = self.arg(index);
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
        Ok(raws)
    }

    /// All values of a repeatable option or variadic positional.
    pub fn many<T: FromArg>(&mut self, index: usize) -> Result<Vec<T>, String> {
        let arg = self.arg(index);
        let values = self
            .raws(index)?
            .into_iter()
            .map(|raw| convert(arg, raw))
            .collect();
        self.placed(index, values)
    }

    /// All values, each read by a custom parser (`parse = f`).
    pub fn many_with<T, E: Display>(
        &mut self,
        index: usize,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Vec<T>, String> {
        let arg = self.arg(index);
        let values = self
            .raws(index)?
            .iter()
            .map(|raw| convert_with(arg, raw, &parse))
            .collect();
        self.placed(index, values)
    }

    /// `value` must be in `range` (`range = 1..=65535`, shown as `shown`).
    pub fn in_range<T: PartialOrd + Display>(
        &self,
        index: usize,
        value: &T,
        range: impl RangeBounds<T>,
        shown: &str,
    ) -> Result<(), String> {
        if range.contains(value) {
            return Ok(());
        }
        let arg = self.arg(index);
        let value = value.to_string();
        let message = concat(&[
            "invalid value '",
            &value,
            "' for '",
            arg.display,
            "': ",
            &value,
            " is not in ",
            shown,
        ]);
        self.placed(index, Err(message))
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
        Some((self.arg(index), raw.to_string_lossy().into_owned()))
    }

    /// The last value of argument `index`, taken out.
    fn take(&mut self, index: usize) -> Option<OsString> {
        let at = self.values.iter().rposition(|(i, _)| *i == index)?;
        Some(self.values.remove(at).1)
    }

    fn env_value(&self, arg: &ArgSpec) -> Option<OsString> {
        crate::cli::relations::env_value(arg, &self.vars)
    }
}

/// The value of `arg` asked for on the terminal, where it has a prompt,
/// stdin is one, and the run is the process's own (see
/// [`crate::cli::prompt`]): an embedded run (`try_run_from`) never reads
/// the terminal.
fn prompted(arg: &ArgSpec, vars: &Vars, allow_empty: bool) -> Result<Option<OsString>, String> {
    match &arg.prompt {
        Some(prompt) if !vars.embedded() => (prompt.read)(arg, allow_empty),
        _ => Ok(None),
    }
}

fn convert<T: FromArg>(arg: &ArgSpec, mut raw: OsString) -> Result<T, String> {
    T::from_raw(&mut raw).map_err(|reason| invalid(arg, &raw.to_string_lossy(), &reason))
}

fn convert_with<T, E: Display>(
    arg: &ArgSpec,
    raw: &OsStr,
    parse: &impl Fn(&str) -> Result<T, E>,
) -> Result<T, String> {
    let text = raw
        .to_str()
        .ok_or_else(|| invalid(arg, &raw.to_string_lossy(), "invalid UTF-8"))?;
    parse(text).map_err(|e| invalid(arg, text, &e.to_string()))
}

/// `the following required arguments were not provided: <arg>`.
pub fn missing(arg: &ArgSpec) -> String {
    concat(&[
        "the following required arguments were not provided:\n  ",
        arg.display,
    ])
}

/// `invalid value 'V' for 'ARG': reason`; a reason that starts on a line
/// of its own (a `ValueEnum`'s possible values) follows the quote.
fn invalid(arg: &ArgSpec, value: &str, reason: &str) -> String {
    let colon = if reason.starts_with('\n') { "" } else { ": " };
    concat(&[
        "invalid value '",
        value,
        "' for '",
        arg.display,
        "'",
        colon,
        reason,
    ])
}

/// The command `name` as typed after the app's name, from the path usage
/// lines show (`notes tag add`, or `true` for a multicall applet):
/// `tag add`. Borrowed where it is the name alone.
pub fn command_path(app: &str, path: &str, name: &'static str) -> Cow<'static, str> {
    let under = path.strip_prefix(app).map_or(path, str::trim_start);
    if under == name || under.is_empty() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(under.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn paths_and_os_strings_keep_their_bytes() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let raw = OsString::from_vec(vec![b'a', 0xff, b'b']);
            assert_eq!(PathBuf::from_arg(&raw).unwrap().into_os_string(), raw);
            assert_eq!(OsString::from_arg(&raw).unwrap(), raw);
            assert_eq!(String::from_arg(&raw).unwrap_err(), "invalid UTF-8");
            let mut kept = raw.clone();
            assert_eq!(String::from_raw(&mut kept).unwrap_err(), "invalid UTF-8");
            assert_eq!(kept, raw);
            assert_eq!(PathBuf::from_raw(&mut kept).unwrap().into_os_string(), raw);
            assert!(kept.is_empty());
        }
        assert_eq!(u32::from_arg(OsStr::new("42")).unwrap(), 42);
        assert_eq!(String::from_raw(&mut OsString::from("a b")).unwrap(), "a b");
        assert_eq!(u32::from_raw(&mut OsString::from("42")).unwrap(), 42);
        assert!(u32::from_arg(OsStr::new("x")).is_err());
    }
}
