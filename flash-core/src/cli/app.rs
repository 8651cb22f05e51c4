//! The app value `app!` returns: runs argv to an exit code.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::error::Error;
use crate::cli::invoke::{command_path, Failed, Found, Invocation};
use crate::cli::output::{Output, Streams};
use crate::cli::parse::{parse, Action, Run, UsageError};
use crate::cli::report::error_label;
use crate::cli::spec::AppSpec;
use crate::cli::spec::Target;
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
        // `COMPLETE=<shell> prog …`: the shell asking, not a user.
        if let Some(code) = crate::cli::complete::from_env(self.spec) {
            return ExitCode::from(code);
        }
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
            Err(usage) => return print_usage_error(self.spec, &usage, streams.stderr),
        };
        match action {
            Action::Version(name) => {
                let line = concat(&[&name, " ", self.spec.version, "\n"]);
                let _ = streams.stdout.clone().write_all(line.as_bytes());
                0
            }
            Action::Help(help) => {
                let (out, code) = if help.to_stderr {
                    (streams.stderr, 2)
                } else {
                    (streams.stdout, 0)
                };
                crate::cli::help::print(self.spec, help.target, &help.path, help.long, out);
                code
            }
            #[cfg(feature = "config")]
            Action::Fail(message) => {
                let mut out = streams.stderr;
                let label = crate::cli::report::error_label(&out);
                let _ = out.write_all(concat(&[label, " ", &message, "\n"]).as_bytes());
                1
            }
            Action::Run(run) => self.run_command(*run, streams, vars),
        }
    }

    /// Runs a parsed command: its globals into their struct, then its
    /// generated `run`.
    fn run_command(&self, run: Run, streams: Streams, vars: Vars) -> u8 {
        let spec = run.spec;
        let usage_at = |message: String, path: &str| {
            UsageError::of_message(message, Target::Command(spec), path)
        };
        let globals = match self.parse_globals(run.globals, &vars) {
            Ok(globals) => globals,
            Err(message) => {
                return print_usage_error(self.spec, &usage_at(message, &run.path), streams.stderr)
            }
        };
        let found = Found {
            name: spec.name,
            path: command_path(self.spec.name, &run.path, spec.name),
            app: self.spec.name,
            args: spec.args,
            values: run.values,
            verbosity: run.verbosity,
            #[cfg(feature = "config")]
            places: run.places,
        };
        let mut invocation = Invocation::new(found, streams.clone(), vars, globals, self.spec.env);
        if std::ptr::eq(spec, &crate::cli::builtins::COMPLETIONS) {
            // The built-in `completions SHELL`: the script, calling the
            // program by the app's name.
            let shell: String = invocation.required(0).unwrap_or_default();
            let text = crate::cli::complete::script(self.spec.name, &shell).unwrap_or_default();
            let _ = streams.stdout.clone().write_all(text.as_bytes());
            return 0;
        }
        match (spec.run)(invocation) {
            Ok(()) => 0,
            Err(Failed::Usage(message)) => {
                print_usage_error(self.spec, &usage_at(message, &run.path), streams.stderr)
            }
            Err(Failed::Reported(code)) => code,
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

/// `error: …`, its tip, the usage line where clap shows one, and where to
/// look for more; exit code 2.
#[cold]
fn print_usage_error(app: &'static AppSpec, usage: &UsageError, mut out: Output) -> u8 {
    let color = out.wants_color();
    let mut text = concat(&[error_label(&out), " ", &usage.message, "\n"]);
    if let Some(tip) = &usage.tip {
        text.push_str(&concat(&["\n  tip: ", tip, "\n"]));
    }
    if let Some(line) = &usage.usage {
        text.push('\n');
        text.push_str(&crate::cli::help::usage_text(app, line, color));
        text.push('\n');
    }
    text.push_str("\nFor more information, try '--help'.\n");
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
