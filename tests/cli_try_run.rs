//! `App::try_run_from` in-process, on commands declared in this file: the
//! `Outcome` holds the exit code, what flash printed (help, version, errors)
//! and what handlers wrote through `ctx.stdout()`/`ctx.stderr()`, for sync and
//! async commands alike; every argument shape of the contract's table; app
//! metadata defaults; nested groups; and dispatch by execution model.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use flash::{Context, Error, Outcome, Result};

// ---------------------------------------------------------------- commands

/// Echo words through the context.
///
/// Writes the words on stdout and a count on stderr.
#[flash::cmd(run)]
fn echo(
    ctx: &Context,
    /// Words to echo
    words: Vec<String>,
    /// Upper-case them
    #[arg(short, long)]
    upper: bool,
    /// Separator
    #[arg(short, long, default = " ", value_name = "SEP")]
    sep: String,
) -> Result<()> {
    let mut line = words.join(&sep);
    if upper {
        line = line.to_uppercase();
    }
    writeln!(ctx.stdout(), "{line}")?;
    writeln!(ctx.stderr(), "echoed {} words", words.len())?;
    Ok(())
}

/// Echo words from an async command and one of its tasks.
#[flash::cmd(run_async)]
async fn aecho(
    ctx: &Context,
    /// Words to echo
    words: Vec<String>,
) -> Result<()> {
    writeln!(ctx.stdout(), "async: {}", words.join(" "))?;
    let mut out = ctx.stdout();
    let mut err = ctx.stderr();
    let task = ctx
        .spawn(async move {
            writeln!(out, "from a task")?;
            writeln!(err, "task note")?;
            Ok(())
        })
        .await?;
    task.join().await?;
    writeln!(ctx.stderr(), "async done")?;
    Ok(())
}

/// Every argument shape of the contract's table.
#[flash::cmd(run, name = "shapes", alias = "sh")]
#[allow(clippy::too_many_arguments)]
fn shapes_cmd(
    ctx: &Context,
    /// A required positional
    first: u32,
    /// An optional positional
    second: Option<String>,
    /// A variadic positional
    rest: Vec<i64>,
    /// A flag
    #[arg(short, long)]
    flag: bool,
    /// A required option
    #[arg(long)]
    must: String,
    /// An optional option with its own short and long names
    #[arg(short = 'o', long = "opt")]
    maybe: Option<String>,
    /// A repeatable option
    #[arg(short, long)]
    tag: Vec<String>,
    /// An option with a default
    #[arg(long, default = 7)]
    level: u8,
    /// An option with an env fallback
    #[arg(long, env = "FLASH_CLI_TRY_RUN_SHADE")]
    shade: Option<String>,
    /// An option with possible values
    #[arg(long, possible = ["fast", "slow"])]
    mode: Option<String>,
    /// An option with a value name
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
) -> Result<()> {
    writeln!(
        ctx.stdout(),
        "first={first} second={second:?} rest={rest:?} flag={flag} must={must} maybe={maybe:?} tag={tag:?} \
         level={level} shade={shade:?} mode={mode:?} file={file:?}"
    )?;
    Ok(())
}

/// Fail with a cause chain.
#[flash::cmd(run)]
fn boom(ctx: &Context) -> Result<()> {
    writeln!(ctx.stdout(), "partial output")?;
    Err(Error::context(
        "could not deploy",
        Error::context("upload failed", std::io::Error::other("connection reset")),
    ))
}

/// Fail from an async command.
#[flash::cmd(run_async)]
async fn aboom(ctx: &Context) -> Result<()> {
    writeln!(ctx.stderr(), "trying")?;
    Err(Error::validation("the input is not valid"))
}

/// Wait until cancelled.
#[flash::cmd(run_async)]
async fn wait(ctx: &Context) -> Result<()> {
    ctx.cancelled().await;
    Ok(())
}

/// Report `runtime=<flavour|none>` and the thread the handler runs on.
fn report(ctx: &Context) -> Result<()> {
    let runtime = match flash::tokio::runtime::Handle::try_current() {
        Ok(handle) => format!("{:?}", handle.runtime_flavor()),
        Err(_) => "none".to_owned(),
    };
    let thread = std::thread::current().name().unwrap_or("?").to_owned();
    writeln!(
        ctx.stdout(),
        "runtime={runtime} model={} thread={thread}",
        ctx.model().name()
    )?;
    Ok(())
}

/// io model.
#[flash::cmd(run_async, name = "io", model = io)]
async fn model_io(ctx: &Context) -> Result<()> {
    report(ctx)
}

/// cpu model.
#[flash::cmd(run_async, name = "cpu", model = cpu)]
async fn model_cpu(ctx: &Context) -> Result<()> {
    let n = ctx.spawn_cpu(|| Ok(6 * 7)).await?;
    writeln!(ctx.stdout(), "cpu pool answered {n}")?;
    report(ctx)
}

/// stream model.
#[flash::cmd(run_async, name = "stream", model = stream)]
async fn model_stream(ctx: &Context) -> Result<()> {
    report(ctx)
}

/// The default model of an async command.
#[flash::cmd(run_async, name = "async-default")]
async fn model_async_default(ctx: &Context) -> Result<()> {
    report(ctx)
}

/// blocking model.
#[flash::cmd(run, name = "blocking", model = blocking)]
fn model_blocking(ctx: &Context) -> Result<()> {
    report(ctx)
}

/// The default model of a sync command.
#[flash::cmd(run, name = "sync-default")]
fn model_sync_default(ctx: &Context) -> Result<()> {
    report(ctx)
}

mod tools {
    use flash::{Context, Result};
    use std::io::Write;

    /// Say which tool ran.
    #[flash::cmd(run, alias = "w")]
    pub fn which(
        ctx: &Context,
        /** The tool */
        tool: String,
    ) -> Result<()> {
        writeln!(ctx.stdout(), "tool {tool}")?;
        Ok(())
    }
}

fn app() -> flash::App {
    flash::app! {
        name: "tr",
        version: "1.2.3",
        about: "try_run_from tests",
        commands: [
            echo,
            aecho,
            shapes_cmd,
            boom,
            aboom,
            wait,
            model_io,
            model_cpu,
            model_stream,
            model_async_default,
            model_blocking,
            model_sync_default,
            /// Tools
            tools { tools::which },
        ],
    }
}

fn run(args: &[&str]) -> Outcome {
    app().try_run_from(std::iter::once("tr").chain(args.iter().copied()))
}

#[track_caller]
fn ok(args: &[&str]) -> Outcome {
    let out = run(args);
    assert_eq!(out.code, 0, "tr {args:?}: {out:#?} stderr: {}", out.stderr);
    out
}

/// clap's error for a bad value: no usage line.
#[track_caller]
fn value_error(args: &[&str]) -> String {
    let out = run(args);
    let err = out.stderr.clone();
    assert_eq!(out.code, 2, "tr {args:?}: {err}");
    assert!(out.stdout.is_empty(), "tr {args:?}: {err}");
    assert!(err.starts_with("error: "), "tr {args:?}: {err}");
    assert!(!err.contains("Usage:"), "tr {args:?}: {err}");
    assert!(
        err.ends_with("\n\nFor more information, try '--help'.\n"),
        "tr {args:?}: {err}"
    );
    err
}

#[track_caller]
fn usage_error(args: &[&str], usage: &str) -> String {
    let out = run(args);
    let err = out.stderr.clone();
    assert_eq!(out.code, 2, "tr {args:?}: {err}");
    assert!(
        out.stdout.is_empty(),
        "tr {args:?}: usage errors print nothing on stdout"
    );
    assert!(err.starts_with("error: "), "tr {args:?}: {err}");
    assert!(
        err.contains(&format!("\nUsage: {usage}\n")),
        "tr {args:?}: no usage line {usage:?}:\n{err}"
    );
    assert!(!out.success());
    err
}

// ---------------------------------------------------------------- outcome

#[test]
fn sync_handler_output_is_captured() {
    let out = ok(&["echo", "hello", "there"]);
    assert_eq!(out.stdout, "hello there\n");
    assert_eq!(out.stderr, "echoed 2 words\n");
    assert!(out.success());

    let out = ok(&["echo", "-u", "--sep", ",", "a", "b"]);
    assert_eq!(out.stdout, "A,B\n");
    let out = ok(&["echo", "-s-", "a", "b", "c"]);
    assert_eq!(out.stdout, "a-b-c\n");
    assert_eq!(out.stderr, "echoed 3 words\n");
}

#[test]
fn async_handler_output_is_captured_including_its_tasks() {
    let out = ok(&["aecho", "x", "y"]);
    assert_eq!(out.stdout, "async: x y\nfrom a task\n");
    assert_eq!(out.stderr, "task note\nasync done\n");
}

#[test]
fn outcome_accepts_os_strings() {
    let args: Vec<OsString> = ["tr", "echo", "os"].iter().map(OsString::from).collect();
    let out = app().try_run_from(args);
    assert_eq!((out.code, out.stdout), (0, "os\n".to_owned()));
}

#[test]
fn help_and_version_are_captured() {
    let out = ok(&["--help"]);
    let help = out.stdout.clone();
    assert!(out.stderr.is_empty());
    assert!(
        help.starts_with("try_run_from tests\n\nUsage: tr <COMMAND>\n"),
        "{help}"
    );
    for name in [
        "echo", "aecho", "shapes", "boom", "io", "cpu", "stream", "blocking", "tools", "help",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{name} "))),
            "{name} missing from:\n{help}"
        );
    }
    assert!(help.contains("[alias: sh]"), "{help}");
    assert!(
        !help.contains('\x1b'),
        "captured output is never a terminal: no colour\n{help:?}"
    );
    assert_eq!(ok(&["-h"]).stdout, out.stdout);
    assert_eq!(ok(&["help"]).stdout, out.stdout);

    let out = ok(&["echo", "--help"]);
    let help = out.stdout;
    assert!(
        help.starts_with("Echo words through the context.\n\nWrites the words on stdout and a count on stderr.\n"),
        "{help}"
    );
    assert!(
        help.contains("Usage: tr echo [OPTIONS] [WORDS]...\n"),
        "{help}"
    );
    assert!(
        help.contains("-s, --sep <SEP>"),
        "value_name shown:\n{help}"
    );
    assert!(
        help.contains("[default:  ]"),
        "the default separator is shown:\n{help}"
    );
    let short = ok(&["echo", "-h"]).stdout;
    assert!(
        short.starts_with("Echo words through the context\n\n"),
        "{short}"
    );
    assert!(!short.contains("Writes the words"), "{short}");

    for flag in ["-V", "--version"] {
        let out = ok(&[flag]);
        assert_eq!(out.stdout, "tr 1.2.3\n");
        assert!(out.stderr.is_empty());
    }
}

#[test]
fn app_metadata_defaults_to_cargo() {
    let app = flash::app! { commands: [echo] };
    let version = app.try_run_from(["x", "--version"]);
    assert_eq!(
        version.stdout,
        format!("{} {}\n", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
    );
    let help = app.try_run_from(["x", "--help"]).stdout;
    assert!(
        help.starts_with(&format!("{}\n\n", env!("CARGO_PKG_DESCRIPTION"))),
        "{help}"
    );
    assert!(
        help.contains(&format!("Usage: {} <COMMAND>", env!("CARGO_PKG_NAME"))),
        "{help}"
    );
}

#[test]
fn no_arguments_is_help_on_stderr_with_exit_2() {
    let out = run(&[]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert_eq!(out.stderr, ok(&["--help"]).stdout);
}

#[test]
fn usage_errors_are_captured() {
    let err = usage_error(&["ecko"], "tr <COMMAND>");
    assert!(
        err.starts_with("error: unrecognized subcommand 'ecko'\n"),
        "{err}"
    );
    assert!(err.contains("tip:") && err.contains("'echo'"), "{err}");

    // clap's usage line for a near miss shows it as given.
    let err = usage_error(&["echo", "--uper"], "tr echo --upper [WORDS]...");
    assert!(
        err.contains("'--uper'") && err.contains("'--upper'"),
        "{err}"
    );

    let err = usage_error(&["tools", "whihc", "x"], "tr tools <COMMAND>");
    assert!(err.contains("'which'"), "{err}");
}

#[test]
fn handler_errors_are_captured_with_their_cause_chain() {
    let out = run(&["boom"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout, "partial output\n",
        "what the handler wrote before failing stays"
    );
    assert_eq!(
        out.stderr,
        "error: could not deploy\n  caused by: upload failed\n  caused by: connection reset\n"
    );

    let out = run(&["aboom"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    assert_eq!(out.stderr, "trying\nerror: the input is not valid\n");
}

#[test]
fn timeout_expiry_exits_124() {
    let out = run(&["wait", "--timeout", "1ms"]);
    assert_eq!(out.code, 124, "stderr: {}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(out.stderr.contains("timed out"), "{}", out.stderr);
}

// ---------------------------------------------------------------- argument shapes

const SHAPES_USAGE: &str = "tr shapes [OPTIONS] --must <MUST> <FIRST> [SECOND] [REST]...";

fn shapes(args: &[&str]) -> String {
    let mut argv = vec!["shapes"];
    argv.extend_from_slice(args);
    let out = ok(&argv);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    out.stdout
}

#[test]
fn shapes_help_lists_every_argument() {
    let help = ok(&["shapes", "--help"]).stdout;
    assert!(help.contains(&format!("Usage: {SHAPES_USAGE}\n")), "{help}");
    for needle in [
        "<FIRST>",
        "[SECOND]",
        "[REST]...",
        "-f, --flag",
        "--must <MUST>",
        "-o, --opt <MAYBE>",
        "-t, --tag <TAG>",
        "--level <LEVEL>",
        "[default: 7]",
        "[env: FLASH_CLI_TRY_RUN_SHADE]",
        "[possible values: fast, slow]",
        "--file <FILE>",
        "An option with a value name",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
    // The alias reaches the same command.
    assert_eq!(ok(&["sh", "--help"]).stdout, help);
}

#[test]
fn positionals_required_optional_variadic() {
    assert_eq!(
        shapes(&["1", "--must", "m"]),
        "first=1 second=None rest=[] flag=false must=m maybe=None tag=[] level=7 shade=None mode=None file=None\n"
    );
    assert_eq!(
        shapes(&["--must=m", "1", "two", "3", "4", "5"]),
        "first=1 second=Some(\"two\") rest=[3, 4, 5] flag=false must=m maybe=None tag=[] level=7 shade=None mode=None file=None\n"
    );
    assert!(shapes(&["--must", "m", "1", "two", "--", "-3", "-4"]).contains("rest=[-3, -4]"));
}

#[test]
fn options_short_long_repeatable_default() {
    let line = shapes(&[
        "-f", "--must", "m", "-o", "x", "-tA", "--tag", "B", "-t=C", "--level", "9", "--file",
        "f.txt", "0",
    ]);
    assert_eq!(
        line,
        "first=0 second=None rest=[] flag=true must=m maybe=Some(\"x\") tag=[\"A\", \"B\", \"C\"] level=9 shade=None mode=None file=Some(\"f.txt\")\n"
    );
    assert!(shapes(&["0", "--must", "m", "--opt=y"]).contains("maybe=Some(\"y\")"));
    assert!(
        shapes(&["0", "--must", "m", "-fo", "z"]).contains("flag=true must=m maybe=Some(\"z\")")
    );
    assert!(shapes(&["0", "--must", "m", "-foz"]).contains("flag=true must=m maybe=Some(\"z\")"));
}

#[test]
fn required_option_missing() {
    // clap's usage line of a missing argument: what is required and what
    // was given, no `[OPTIONS]`.
    let err = usage_error(
        &["shapes", "1"],
        "tr shapes --must <MUST> <FIRST> [SECOND] [REST]...",
    );
    assert!(
        err.starts_with(
            "error: the following required arguments were not provided:\n  --must <MUST>\n"
        ),
        "{err}"
    );
    let err = usage_error(
        &["shapes", "--must", "m"],
        "tr shapes --must <MUST> <FIRST> [SECOND] [REST]...",
    );
    assert!(err.contains("<FIRST>"), "{err}");
    assert!(
        !err.contains("  --must <MUST>\n"),
        "--must was given:\n{err}"
    );
}

#[test]
fn possible_values_are_checked() {
    assert!(shapes(&["0", "--must", "m", "--mode", "fast"]).contains("mode=Some(\"fast\")"));
    let err = value_error(&["shapes", "0", "--must", "m", "--mode", "slwo"]);
    assert!(err.contains("[possible values: fast, slow]"), "{err}");
    assert!(err.contains("'slow'"), "a near value is suggested:\n{err}");
}

#[test]
fn invalid_and_repeated_values() {
    let err = value_error(&["shapes", "x", "--must", "m"]);
    assert!(err.contains("invalid value 'x' for '<FIRST>'"), "{err}");
    let err = value_error(&["shapes", "0", "--must", "m", "--level", "300"]);
    assert!(err.contains("'300'") && err.contains("--level"), "{err}");
    let err = usage_error(&["shapes", "0", "--must", "m", "--must", "n"], SHAPES_USAGE);
    assert!(err.contains("cannot be used multiple times"), "{err}");
    // A flag given a value (the message itself is loose: it names `-=`).
    usage_error(&["shapes", "0", "--must", "m", "-f=yes"], SHAPES_USAGE);
    let err = usage_error(&["shapes", "0", "--must", "m", "--flag=yes"], SHAPES_USAGE);
    assert!(err.contains("--flag"), "{err}");
}

#[test]
fn short_flag_given_a_value_names_the_flag() {
    let err = usage_error(&["shapes", "0", "--must", "m", "-f=yes"], SHAPES_USAGE);
    assert!(err.contains("'-f'") || err.contains("--flag"), "{err}");
}

#[test]
fn env_fallback_in_process() {
    // The only test that touches this variable; std's env functions are
    // serialised, so the other tests running meanwhile are unaffected.
    const VAR: &str = "FLASH_CLI_TRY_RUN_SHADE";
    std::env::remove_var(VAR);
    assert!(shapes(&["0", "--must", "m"]).contains("shade=None"));
    std::env::set_var(VAR, "from-env");
    let from_env = shapes(&["0", "--must", "m"]);
    let from_argv = shapes(&["0", "--must", "m", "--shade", "typed"]);
    std::env::remove_var(VAR);
    assert!(from_env.contains("shade=Some(\"from-env\")"), "{from_env}");
    assert!(
        from_argv.contains("shade=Some(\"typed\")"),
        "argv wins over env: {from_argv}"
    );
}

#[test]
fn nested_group_in_process() {
    assert_eq!(ok(&["tools", "which", "saw"]).stdout, "tool saw\n");
    assert_eq!(ok(&["tools", "w", "saw"]).stdout, "tool saw\n");
    let help = ok(&["help", "tools", "which"]).stdout;
    assert!(help.contains("Usage: tr tools which <TOOL>\n"), "{help}");
    let group = run(&["tools"]);
    assert_eq!(group.code, 2);
    assert!(
        group.stderr.contains("Usage: tr tools <COMMAND>\n"),
        "{}",
        group.stderr
    );
}

// ---------------------------------------------------------------- models

fn model_report(name: &str) -> String {
    let out = ok(&[name]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    out.stdout
}

#[test]
fn io_dispatches_to_the_multi_thread_runtime() {
    let text = model_report("io");
    assert!(text.starts_with("runtime=MultiThread model=io "), "{text}");
    let text = model_report("async-default");
    assert!(
        text.starts_with("runtime=MultiThread model=io "),
        "run_async defaults to io: {text}"
    );
}

#[test]
fn stream_dispatches_to_the_current_thread_runtime() {
    let text = model_report("stream");
    assert!(
        text.starts_with("runtime=CurrentThread model=stream "),
        "{text}"
    );
}

#[test]
fn cpu_dispatches_to_a_runtime_with_a_cpu_pool() {
    let text = model_report("cpu");
    assert!(text.starts_with("cpu pool answered 42\nruntime="), "{text}");
    assert!(!text.contains("runtime=none"), "{text}");
    assert!(text.contains(" model=cpu "), "{text}");
}

#[test]
fn blocking_runs_on_the_calling_thread_without_a_runtime() {
    // libtest names each test's thread after the test.
    let me = std::thread::current().name().map(str::to_owned);
    for name in ["blocking", "sync-default"] {
        let text = model_report(name);
        let expected = format!(
            "runtime=none model=blocking thread={}\n",
            me.as_deref().unwrap_or("?")
        );
        assert_eq!(text, expected, "{name}");
    }
}
