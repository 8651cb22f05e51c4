//! The app value `app!` returns: runs argv to an exit code.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::help::{print_command, print_group};
use crate::cli::invoke::{Failed, Found, Invocation};
use crate::cli::output::{Output, Streams};
use crate::cli::parse::{parse, Action, HelpTarget, Place, UsageError};
use crate::cli::report::error_label;
use crate::cli::spec::AppSpec;
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
    ///
    /// A handler that panics ends with `error: the command panicked:
    /// <message>` and exit 101; a stdout closed under the command (`… |
    /// head`) ends it quietly, `println!` included (see [`App`]'s notes on
    /// what is process-wide).
    pub fn run(&self) -> ExitCode {
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
                let logger = self
                    .spec
                    .logging
                    .map(|make| make(run.verbosity, &streams.stderr, &vars));
                let found = Found {
                    name: spec.name,
                    parent: parent.path,
                    app: self.spec.name,
                    args: spec.args,
                    values: run.values,
                    verbosity: run.verbosity,
                    logger,
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
