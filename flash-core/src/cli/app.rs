//! The app value `app!` returns: runs argv to an exit code.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::error::Error;
use crate::cli::help::{print_command, print_group};
use crate::cli::invoke::{Failed, Found, Invocation};
use crate::cli::output::{Output, Streams};
use crate::cli::parse::{parse, Action, HelpTarget, Place, UsageError};
use crate::cli::report::error_label;
use crate::cli::spec::AppSpec;
use crate::cli::text::concat;
use crate::cli::vars::Vars;

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

    /// The completion script for `shell` (`bash`, `zsh`, `fish`, `elvish`,
    /// `powershell`, `nushell`), as `<app> completions <SHELL>` prints it;
    /// `None` for another shell.
    ///
    /// The script asks the program, by the app's name on `PATH`, for the
    /// candidates, so the shell always agrees with the parser. Load it from
    /// the shell's start-up file: bash `source <(notes completions bash)`;
    /// zsh (after `compinit`) `source <(notes completions zsh)`, or the
    /// script saved as `_notes` in `$fpath`; fish `notes completions fish
    /// | source`; elvish `eval (notes completions elvish | slurp)`;
    /// PowerShell `notes completions powershell | Out-String |
    /// Invoke-Expression`; nushell the script saved to a file that
    /// `config.nu` `source`s.
    pub fn completion(&self, shell: &str) -> Option<String> {
        crate::cli::complete::script(self.spec.name, shell)
    }

    /// Runs the app on the process's arguments and returns the exit code.
    pub fn run(&self) -> ExitCode {
        quiet_print_failures();
        let run = std::panic::AssertUnwindSafe(|| {
            self.execute(
                &mut std::env::args_os(),
                Streams::process(),
                Vars::process(),
            )
        });
        let code = match std::panic::catch_unwind(run) {
            Ok(code) => code,
            // `println!` found stdout failed: the hook noted how, and the
            // unwinding has released the command's scope.
            Err(_) if print_failed() => 0,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        ExitCode::from(finish_stdout(code))
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
        self.try_run_with(args, std::iter::empty::<(OsString, OsString)>())
    }

    /// As [`App::try_run_from`], with environment variables laid over the
    /// process's for this run only: the `env` fallbacks of arguments read
    /// them (`[("NOTES_DIR", "scratch")]`). A variable set to the empty
    /// string counts as unset, as in the process's own environment.
    pub fn try_run_with<I, T, E, K, V>(&self, args: I, env: E) -> Result<Outcome, Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
        E: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        let streams = Streams::captured();
        let vars = Vars::with(env.into_iter().map(|(k, v)| (k.into(), v.into())).collect());
        let code = self.execute(&mut args.into_iter().map(Into::into), streams.clone(), vars);
        Ok(Outcome::new(
            code,
            streams.stdout.take_captured(),
            streams.stderr.take_captured(),
        ))
    }

    fn execute(
        &self,
        args: &mut dyn Iterator<Item = OsString>,
        streams: Streams,
        vars: Vars,
    ) -> u8 {
        let action = match parse(self.spec, args, &vars) {
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
                    HelpTarget::Command { spec, parent } => {
                        print_command(spec, parent, long, self.spec.globals_help, out)
                    }
                }
                if as_error {
                    2
                } else {
                    0
                }
            }
            #[cfg(feature = "config")]
            Action::Fail(message) => {
                let mut out = streams.stderr;
                let label = crate::cli::report::error_label(&out);
                let _ = out.write_all(concat(&[label, " ", &message, "\n"]).as_bytes());
                1
            }
            Action::Builtin(builtin) => {
                match crate::cli::complete::run(self.spec, builtin, args, &streams) {
                    Ok(code) => code,
                    Err(usage) => print_usage_error(
                        &UsageError {
                            message: usage.message,
                            tip: usage.tip,
                            place: Place::Builtin {
                                parent: self.spec.root,
                                name: usage.name,
                                usage: usage.usage,
                            },
                        },
                        streams.stderr,
                    ),
                }
            }
            Action::Run(run) => {
                let (spec, parent) = (run.spec, run.parent);
                let globals = match self.parse_globals(run.globals, &vars) {
                    Ok(globals) => globals,
                    Err(message) => {
                        return print_usage_error(
                            &UsageError {
                                message,
                                tip: None,
                                place: Place::Command { spec, parent },
                            },
                            streams.stderr,
                        )
                    }
                };
                let found = Found {
                    name: spec.name,
                    parent: parent.path,
                    app: self.spec.name,
                    args: spec.args,
                    values: run.values,
                    verbosity: run.verbosity,
                    #[cfg(feature = "config")]
                    places: run.places,
                };
                let invocation =
                    Invocation::new(found, streams.clone(), vars, globals, self.spec.env);
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

impl App {
    /// The app's globals, parsed into their struct (before the command
    /// runs: a bad global value is a usage error like any other).
    fn parse_globals(
        &self,
        values: crate::cli::values::Values,
        vars: &Vars,
    ) -> Result<Option<Box<dyn std::any::Any + Send + Sync>>, String> {
        match self.spec.parse_globals {
            Some(parse) => parse(values, vars).map(Some),
            None => Ok(None),
        }
    }
}

#[cold]
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
        Place::Builtin {
            parent,
            name,
            usage,
        } => (parent.path, name, usage),
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
        if name.is_empty() || usage_line.is_empty() {
            ""
        } else {
            " "
        },
        usage_line,
        "\n\nFor more information, try '--help'.\n",
    ]);
    let _ = out.write_all(text.as_bytes());
    2
}

/// The exit code once what is left of stdout is written. A stdout that
/// could not take what was written (`> /dev/full`), even by a command that
/// ignored the error, is an error at exit, as for coreutils; a closed one
/// (`… | head`) ends quietly, with the code a shell shows for `cat` there.
/// A command that failed keeps its code (its error was shown).
fn finish_stdout(code: u8) -> u8 {
    let _ = Output::stdout().flush();
    if code != 0 {
        return code;
    }
    if crate::cli::output::stdout_closed() {
        return crate::cli::report::STDOUT_CLOSED_CODE;
    }
    match crate::cli::output::stdout_failure() {
        Some(message) => {
            let mut err = Output::stderr();
            let text = concat(&[error_label(&err), " ", message, "\n"]);
            let _ = err.write_all(text.as_bytes());
            1
        }
        None => 0,
    }
}

/// `println!` in a handler panics when stdout fails (`… | head`, `>
/// /dev/full`): instead, the process ends as it would had the handler
/// written through `ctx.stdout()` (see [`finish_stdout`]): quietly for a
/// closed pipe, else with `error: stdout: …` and exit 1. The hook notes the
/// failure and prints nothing; the panic unwinds to [`App::run`] (or, built
/// with `panic = "abort"`, the process ends here). Other panics go to the
/// hook that was there before.
fn quiet_print_failures() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // `PanicHookInfo::payload_as_str` spelled out (it is newer than
        // the MSRV).
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or_default();
        let Some(reason) = message.strip_prefix("failed printing to stdout: ") else {
            return previous(info);
        };
        // Noted from the text as `stdout_error` would note the error, with
        // no `io::Error` made again and no search (each costs every binary
        // code of its own): a write to stdout fails with the OS's error,
        // shown as `strerror` has it, `Broken pipe (os error 32)`.
        let closed = reason.starts_with("Broken pipe");
        crate::cli::output::note_stdout_failure(closed, reason);
        PRINT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
        if cfg!(panic = "abort") {
            std::process::exit(finish_stdout(0).into());
        }
    }));
}

/// Set by the hook of [`quiet_print_failures`].
static PRINT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn print_failed() -> bool {
    PRINT_FAILED.load(std::sync::atomic::Ordering::Relaxed)
}
