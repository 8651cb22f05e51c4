//! The app value `app!` returns: runs argv to an exit code.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::error::Error;
use crate::cli::help::{print_command, print_group};
use crate::cli::invoke::{Failed, Invocation};
use crate::cli::output::{Output, Streams};
use crate::cli::parse::{parse, Action, HelpTarget, Place, UsageError};
use crate::cli::report::error_label;
use crate::cli::spec::AppSpec;
use crate::cli::text::concat;

/// A command-line app, as `flash::app!` builds it.
#[derive(Debug, Clone, Copy)]
pub struct App {
    spec: &'static AppSpec,
}

/// What one run of the app produced, for tests of a CLI: the exit code, and
/// everything flash printed (help, version, errors) plus what the handler
/// wrote through `ctx.stdout()` / `ctx.stderr()`.
///
/// One way to read each thing: the exit code and the text are fields; the
/// exact bytes (when the output is not UTF-8) are methods.
///
/// See "Testing a CLI" in the `flash` crate's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The exit code the process would have exited with.
    pub code: u8,
    /// What was written to stdout, as text (invalid UTF-8 replaced).
    pub stdout: String,
    /// What was written to stderr, as text (invalid UTF-8 replaced).
    pub stderr: String,
    stdout_bytes: Vec<u8>,
    stderr_bytes: Vec<u8>,
}

impl Outcome {
    fn new(code: u8, stdout: Vec<u8>, stderr: Vec<u8>) -> Self {
        Outcome {
            code,
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            stdout_bytes: stdout,
            stderr_bytes: stderr,
        }
    }

    /// Whether the run exited 0.
    pub fn success(&self) -> bool {
        self.code == 0
    }

    /// The exact bytes written to stdout.
    pub fn stdout_bytes(&self) -> &[u8] {
        &self.stdout_bytes
    }

    /// The exact bytes written to stderr.
    pub fn stderr_bytes(&self) -> &[u8] {
        &self.stderr_bytes
    }
}

impl App {
    #[doc(hidden)]
    pub const fn new(spec: &'static AppSpec) -> Self {
        App { spec }
    }

    /// The app's tables.
    pub fn spec(&self) -> &'static AppSpec {
        self.spec
    }

    /// Runs the app on the process's arguments and returns the exit code.
    pub fn run(&self) -> ExitCode {
        let code = self.execute(&mut std::env::args_os(), Streams::process());
        ExitCode::from(code)
    }

    /// Runs the app on `args` (program name first, as `std::env::args_os`
    /// gives them) without exiting, capturing its output.
    ///
    /// Usage and handler errors are part of the [`Outcome`] (with their exit
    /// codes), as they would be for a user; `Err` is reserved for failures of
    /// flash itself.
    pub fn try_run_from<I, T>(&self, args: I) -> Result<Outcome, Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let streams = Streams::captured();
        let code = self.execute(&mut args.into_iter().map(Into::into), streams.clone());
        Ok(Outcome::new(
            code,
            streams.stdout.take_captured(),
            streams.stderr.take_captured(),
        ))
    }

    fn execute(&self, args: &mut dyn Iterator<Item = OsString>, streams: Streams) -> u8 {
        let action = match parse(self.spec, args) {
            Ok(action) => action,
            Err(usage) => return print_usage_error(&usage, streams.stderr),
        };
        match action {
            Action::Version => {
                let line = concat(&[self.spec.name, " ", self.spec.version, "\n"]);
                let _ = streams.stdout.clone().write_all(line.as_bytes());
                0
            }
            Action::Help {
                target,
                long,
                as_error,
            } => {
                let out = if as_error {
                    streams.stderr
                } else {
                    streams.stdout
                };
                match target {
                    HelpTarget::Group(group) => print_group(group, out),
                    HelpTarget::Command { spec, parent } => print_command(spec, parent, long, out),
                }
                if as_error {
                    2
                } else {
                    0
                }
            }
            Action::Run {
                spec,
                parent,
                values,
                verbosity,
            } => {
                let invocation =
                    Invocation::new(spec.name, spec.args, values, streams.clone(), verbosity);
                match (spec.run)(invocation) {
                    Ok(()) => 0,
                    Err(Failed::Usage(message)) => print_usage_error(
                        &UsageError {
                            message,
                            tip: None,
                            place: Place::Command { spec, parent },
                        },
                        streams.stderr,
                    ),
                    Err(Failed::Reported(code)) => code,
                }
            }
        }
    }
}

fn print_usage_error(usage: &UsageError, mut out: Output) -> u8 {
    // One `concat` of pieces, not `format!` nor a `push_str` each: this is
    // linked into every binary.
    let (tip_before, tip, tip_after) = match &usage.tip {
        Some(tip) => ("\n  tip: ", tip.as_str(), "\n"),
        None => ("", "", ""),
    };
    let (path, name, usage_line) = match usage.place {
        Place::Group(group) => (group.path, "", group.usage),
        Place::Command { spec, parent } => (parent.path, spec.name, spec.usage),
    };
    let text = concat(&[
        error_label(&out),
        " ",
        &usage.message,
        "\n",
        tip_before,
        tip,
        tip_after,
        "\nUsage: ",
        path,
        " ",
        name,
        if name.is_empty() { "" } else { " " },
        usage_line,
        "\n\nFor more information, try '--help'.\n",
    ]);
    let _ = out.write_all(text.as_bytes());
    2
}
