//! The app value `app!` returns: runs argv to an exit code.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::invoke::{command_path, Failed, Found, Invocation};
use crate::cli::output::{Output, Streams};
use crate::cli::parse::{parse, Action, Run, UsageError};
use crate::cli::report::error_label;
use crate::cli::spec::AppSpec;
use crate::cli::spec::Target;
use crate::cli::text::concat;
use crate::cli::vars::Vars;

/// A command-line app, as `flash::app!` builds it.
///
/// Each run ([`App::run`], [`App::try_run_from`]) has its own state: its
/// outputs' (a cancelled command prints nothing more, a closed stdout, the
/// first failure of stdout), its log level and log lines, its state
/// values. What stays process-wide is what the process has one of: the
/// signal handlers a command installs while it runs on the process's own
/// streams (under `App::run`), the panic hook (installed once, in front of
/// the one that was there; it keeps the panics flash reports from being
/// printed twice, and `println!`'s failures on a closed stdout quiet), and
/// the process's stdout itself, whose `println!` failures go to the
/// `App::run` under way.
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
#[non_exhaustive]
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
    /// `powershell`, `nushell`); `None` for another shell.
    ///
    /// It is the script `COMPLETE=<shell> prog` prints, in every app, and
    /// `prog completions <SHELL>` too in apps with commands. The script
    /// asks the program, by the app's name on `PATH` and through the
    /// `COMPLETE` variable, for the candidates, so the shell always agrees
    /// with the parser. Load it from the shell's start-up file: bash
    /// `source <(COMPLETE=bash notes)`; zsh (after `compinit`) `source
    /// <(COMPLETE=zsh notes)`; fish `COMPLETE=fish notes | source`; elvish
    /// `eval (env COMPLETE=elvish notes | slurp)`; PowerShell
    /// `$env:COMPLETE = "powershell"; notes | Out-String |
    /// Invoke-Expression; Remove-Item Env:\COMPLETE`; nushell the script
    /// saved to a file that `config.nu` `source`s.
    pub fn completion(&self, shell: &str) -> Option<String> {
        crate::cli::complete::script(self.spec.name, shell)
    }

    /// Runs the app on the process's arguments and returns the exit code.
    ///
    /// A handler that panics ends with `error: the command panicked:
    /// <message>` and exit 101; a stdout closed under the command (`… |
    /// head`) ends it quietly, `println!` included (see [`App`]'s notes on
    /// what is process-wide).
    pub fn run(&self) -> ExitCode {
        // `COMPLETE=<shell> prog …`: the shell asking, not a user.
        if let Some(code) = crate::cli::complete::from_env(self.spec) {
            return ExitCode::from(code);
        }
        let streams = Streams::process();
        // `println!` writes the process's stdout: its failures are noted on
        // this run's, for as long as it runs.
        let _owner = crate::cli::panic::own_stdout(&streams.stdout);
        let code = self.execute_caught(&mut std::env::args_os(), streams.clone(), Vars::process());
        ExitCode::from(crate::cli::report::finish_stdout(code, &streams.stdout))
    }

    /// Runs the app on `args` (program name first, as `std::env::args_os`
    /// gives them) without exiting, capturing its output.
    ///
    /// Every run is its own, as a run of the binary would be: its `-v`
    /// level and log lines (with `app! { logging: true }`, in
    /// [`Outcome::stderr`]), its outputs, its state values; runs on
    /// several threads at once do not see each other. Usage errors,
    /// handler errors and panics are part of the [`Outcome`], with their
    /// exit codes (2, 1, 101): nothing unwinds into the caller. A run never
    /// reads the terminal: an argument with a `prompt` is missing as it
    /// would be with stdin not a terminal.
    pub fn try_run_from<I, T>(&self, args: I) -> Outcome
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        self.try_run_with(args, std::iter::empty::<(OsString, OsString)>())
    }

    /// As [`App::try_run_from`], with environment variables laid over the
    /// process's for this run only: the `env` fallbacks of arguments read
    /// them (`[("NOTES_DIR", "scratch")]`), and so does logging
    /// (`RUST_LOG`). A variable set to the empty string counts as unset, as
    /// in the process's own environment.
    pub fn try_run_with<I, T, E, K, V>(&self, args: I, env: E) -> Outcome
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
        E: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        let streams = Streams::captured();
        let vars = Vars::captured(env.into_iter().map(|(k, v)| (k.into(), v.into())).collect());
        let code =
            self.execute_caught(&mut args.into_iter().map(Into::into), streams.clone(), vars);
        Outcome::new(
            code,
            streams.stdout.take_captured(),
            streams.stderr.take_captured(),
        )
    }

    /// [`App::execute`], a panic that no handler's run caught (one in an
    /// argument's parser, a hook, flash itself) reported as the command's.
    fn execute_caught(
        &self,
        args: &mut dyn Iterator<Item = OsString>,
        streams: Streams,
        vars: Vars,
    ) -> u8 {
        match crate::cli::panic::catch(|| self.execute(args, streams.clone(), vars)) {
            Ok(code) => code,
            Err(message) => crate::cli::report::report_panic(&streams, &message),
        }
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
            Action::Run(run) => self.run_command(run, streams, vars),
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
        let logger = self
            .spec
            .logging
            .map(|make| make(run.verbosity, &streams.stderr, &vars));
        let found = Found {
            name: spec.name,
            path: command_path(self.spec.name, &run.path, spec.name),
            app: self.spec.name,
            args: spec.args,
            values: run.values,
            verbosity: run.verbosity,
            logger,
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
