//! Runs clap's console sessions against the twins (see the crate's docs).
//!
//! ```text
//! twins-harness --list-twins
//! twins-harness --bins DIR [--not-built A,B] [--logs DIR] [--only A,B]
//!               [--all-cases] [--diffs] [--report FILE] [--clap-examples DIR]
//! ```
//!
//! - `--bins DIR`: where the twins' binaries are (`target/debug`);
//! - `--not-built A,B`: twins whose build failed this time (a stale binary
//!   of theirs may still be in `DIR`); `--logs DIR` holds their build logs
//!   (`NAME.log`), whose first errors go in the report;
//! - `--only A,B`: these twins' cases only;
//! - `--all-cases`: run the excluded cases too (to check the harness
//!   against clap's own examples, which must all be exact);
//! - `--diffs`: print the diff of every case that is not exact;
//! - `--report FILE`: write the Markdown report there;
//! - `--clap-examples DIR`: clap's `examples/` (default: found through
//!   `cargo metadata`).
//!
//! Hand-rolled argument parsing: the harness must build whatever state the
//! framework it checks is in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap_twins::catalog::{self, TWINS};
use clap_twins::clap_source;
use clap_twins::exec::{self, BinDir};
use clap_twins::report::{self, Totals};

#[derive(Default)]
struct Options {
    list_twins: bool,
    bins: Option<PathBuf>,
    not_built: Vec<String>,
    logs: Option<PathBuf>,
    only: Vec<String>,
    all_cases: bool,
    diffs: bool,
    report: Option<PathBuf>,
    clap_examples: Option<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut o = Options::default();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        let mut value = || args.next().ok_or_else(|| format!("`{arg}` needs a value"));
        match arg.as_str() {
            "--list-twins" => o.list_twins = true,
            "--all-cases" => o.all_cases = true,
            "--diffs" => o.diffs = true,
            "--bins" => o.bins = Some(value()?.into()),
            "--logs" => o.logs = Some(value()?.into()),
            "--report" => o.report = Some(value()?.into()),
            "--clap-examples" => o.clap_examples = Some(value()?.into()),
            "--not-built" => o.not_built.extend(list(&value()?.to_string_lossy())),
            "--only" => o.only.extend(list(&value()?.to_string_lossy())),
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    Ok(o)
}

fn list(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("twins-harness: {e}");
            return ExitCode::from(2);
        }
    };
    if o.list_twins {
        for twin in TWINS {
            println!("{}", twin.name);
        }
        return ExitCode::SUCCESS;
    }
    match run(&o) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("twins-harness: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &Options) -> Result<(), String> {
    let bins = o.bins.clone().ok_or("`--bins DIR` is required")?;
    let examples = match &o.clap_examples {
        Some(dir) => dir.clone(),
        None => clap_source::examples_dir(&clap_source::own_manifest())?,
    };
    let mut cases = catalog::cases(&examples)?;
    let stale = catalog::stale(&cases);
    if !o.only.is_empty() {
        cases.retain(|c| o.only.contains(&c.bin));
    }
    let scratch = std::env::temp_dir().join(format!("clap-twins-{}", std::process::id()));
    let dir = BinDir {
        dir: bins,
        not_built: o.not_built.clone(),
    };
    let outcomes = exec::classify(&cases, &dir, &scratch, o.all_cases);
    let _ = std::fs::remove_dir_all(&scratch);

    print!("{}", report::case_lines(&outcomes));
    if o.diffs {
        print!("\n{}", report::failures(&outcomes));
    }
    for problem in &stale {
        println!("catalog: {problem}");
    }
    println!("\n{}", Totals::of(&outcomes).table());

    if let Some(path) = &o.report {
        let errors = build_errors(&o.not_built, o.logs.as_deref());
        let flash = describe_flash();
        let cx = report::Context {
            flash: &flash,
            build_errors: &errors,
            stale: &stale,
        };
        std::fs::write(path, report::markdown(&outcomes, &cx))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("Report: {}", path.display());
    }
    Ok(())
}

/// The first errors of each twin's build log.
fn build_errors(not_built: &[String], logs: Option<&Path>) -> BTreeMap<String, String> {
    not_built
        .iter()
        .map(|name| {
            let log = logs
                .map(|dir| dir.join(format!("{name}.log")))
                .and_then(|path| std::fs::read_to_string(path).ok())
                .unwrap_or_default();
            (name.clone(), first_errors(&log))
        })
        .collect()
}

/// Each `error…` line of a cargo log with the `-->` line under it, the
/// first eight of them, without cargo's closing "could not compile".
fn first_errors(log: &str) -> String {
    let mut out = Vec::new();
    let mut lines = log.lines().peekable();
    while let Some(line) = lines.next() {
        if !line.starts_with("error") || line.starts_with("error: could not compile") {
            continue;
        }
        out.push(line.to_owned());
        if let Some(place) = lines.peek().filter(|l| l.trim_start().starts_with("-->")) {
            out.push(place.to_string());
        }
        if out.len() >= 16 {
            break;
        }
    }
    if out.is_empty() {
        "(no error lines in the build log)".to_owned()
    } else {
        out.join("\n")
    }
}

/// The commit of the flash checkout the harness was built in, marked when
/// flash's own files (outside this crate) have uncommitted changes.
fn describe_flash() -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&repo)
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let Some(commit) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "(unknown)".to_owned();
    };
    let changes = git(&[
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ".",
        ":(exclude)examples/clap-twins",
    ]);
    match changes {
        Some(c) if c.is_empty() => commit,
        _ => format!("{commit} with uncommitted changes"),
    }
}
