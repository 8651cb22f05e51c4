//! Running a case against a binary, and what came of it.

use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::catalog::{self, Kind};
use crate::pattern;
use crate::session::{Case, Status};

/// How long a case may run before it is ended (a safety net: every case
/// of clap's finishes at once).
const LIMIT: Duration = Duration::from_secs(20);

/// Variables of the harness's own environment that would change what a
/// program prints: terminal width, forced colour, log filters.
const CLEARED: &[&str] = &[
    "COLUMNS",
    "LINES",
    "CLICOLOR_FORCE",
    "RUST_LOG",
    "RUST_BACKTRACE",
];

/// What a run of a binary gave.
#[derive(Clone, Debug)]
pub struct Run {
    /// Its exit code, `None` if a signal ended it.
    pub code: Option<i32>,
    /// stdout and stderr together, in the order written.
    pub output: String,
    /// Whether it was ended for running past the limit.
    pub timed_out: bool,
}

/// The classification of one case.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// The same output, byte for byte outside trycmd's wildcards, and the
    /// same exit status.
    Exact(Run),
    /// The same exit status, and the same output modulo whitespace-only
    /// layout (wrapping, alignment, blank lines).
    Same(Run),
    /// Another exit status, or other words.
    Different(Run),
    /// Not counted.
    Excluded(Kind, &'static str),
    /// Its twin did not build.
    NotCompiling,
}

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Exact(_) => "exact",
            Verdict::Same(_) => "same",
            Verdict::Different(_) => "different",
            Verdict::Excluded(..) => "excluded",
            Verdict::NotCompiling => "not compiling",
        }
    }

    pub fn run(&self) -> Option<&Run> {
        match self {
            Verdict::Exact(run) | Verdict::Same(run) | Verdict::Different(run) => Some(run),
            _ => None,
        }
    }
}

/// A case and its verdict.
pub struct Outcome {
    pub case: Case,
    pub verdict: Verdict,
}

/// Where the harness finds each twin's binary.
pub trait Binaries {
    /// The binary named `name`, if it built.
    fn get(&self, name: &str) -> Option<PathBuf>;
}

/// Classifies every case: excluded ones first (whatever their twin), then
/// those whose twin did not build, then runs the rest in `scratch` (a
/// directory of the harness's own). With `all`, exclusions are ignored.
pub fn classify(cases: &[Case], bins: &dyn Binaries, scratch: &Path, all: bool) -> Vec<Outcome> {
    cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let verdict = match (catalog::exclusion(case), bins.get(&case.bin)) {
                (Some(e), _) if !all => Verdict::Excluded(e.kind, e.reason),
                (_, None) => Verdict::NotCompiling,
                (_, Some(bin)) => match run(&bin, case, &scratch.join(format!("case-{i}"))) {
                    Ok(run) => judge(case, run),
                    Err(e) => Verdict::Different(Run {
                        code: None,
                        output: format!("<the harness could not run {}: {e}>", bin.display()),
                        timed_out: false,
                    }),
                },
            };
            Outcome {
                case: case.clone(),
                verdict,
            }
        })
        .collect()
}

/// The verdict on what `run` gave for `case`.
pub fn judge(case: &Case, run: Run) -> Verdict {
    let status_ok = !run.timed_out && case.status.accepts(run.code);
    if status_ok && pattern::exact(&case.expected, &run.output) {
        Verdict::Exact(run)
    } else if status_ok && pattern::same(&case.expected, &run.output) {
        Verdict::Same(run)
    } else {
        Verdict::Different(run)
    }
}

/// Runs `bin` with the case's arguments and environment, stdin empty,
/// stdout and stderr into one file (one open file shared by both, so the
/// order of their writes is kept, as trycmd's merged pipe keeps it), in
/// `dir` (created empty).
pub fn run(bin: &Path, case: &Case, dir: &Path) -> std::io::Result<Run> {
    if case.status == Status::Skipped {
        return Ok(Run {
            code: Some(0),
            output: String::new(),
            timed_out: false,
        });
    }
    std::fs::create_dir_all(dir)?;
    let capture_path = dir.join(".output");
    let mut capture = File::options()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(&capture_path)?;
    let work = dir.join("cwd");
    std::fs::create_dir_all(&work)?;
    let mut command = Command::new(bin);
    command
        .args(&case.args)
        .current_dir(&work)
        .stdin(Stdio::null())
        .stdout(capture.try_clone()?)
        .stderr(capture.try_clone()?);
    for var in CLEARED {
        command.env_remove(var);
    }
    command.envs(case.env.iter().map(|(k, v)| (k, v)));
    let mut child = command.spawn()?;
    let started = Instant::now();
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait()? {
            break (status, false);
        }
        if started.elapsed() > LIMIT {
            child.kill()?;
            break (child.wait()?, true);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    capture.rewind()?;
    let mut bytes = Vec::new();
    capture.read_to_end(&mut bytes)?;
    Ok(Run {
        code: status.code(),
        output: String::from_utf8_lossy(&bytes).into_owned(),
        timed_out,
    })
}

/// Binaries in one directory (a target directory's `debug/`), less those
/// known not to have built this time (a stale one from an earlier build may
/// still be there).
pub struct BinDir {
    pub dir: PathBuf,
    pub not_built: Vec<String>,
}

impl Binaries for BinDir {
    fn get(&self, name: &str) -> Option<PathBuf> {
        if self.not_built.iter().any(|n| n == name) {
            return None;
        }
        let path = self
            .dir
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        // Absolute: cases run in a directory of their own.
        let path = std::path::absolute(path).ok()?;
        path.is_file().then_some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::parse;

    fn case(session: &str) -> Case {
        parse("t.md", session).unwrap().remove(0)
    }

    fn run(code: i32, output: &str) -> Run {
        Run {
            code: Some(code),
            output: output.to_owned(),
            timed_out: false,
        }
    }

    #[test]
    fn verdicts_weigh_status_and_output() {
        let c = case("```console\n$ app\n? failed\nerror: x\n\nUsage: app\n\n```\n");
        assert_eq!(
            judge(&c, run(2, "error: x\n\nUsage: app\n")).label(),
            "exact"
        );
        assert_eq!(
            judge(&c, run(2, "error: x\nUsage:   app\n")).label(),
            "same"
        );
        assert_eq!(
            judge(&c, run(0, "error: x\n\nUsage: app\n")).label(),
            "different"
        );
        assert_eq!(
            judge(&c, run(2, "error: y\n\nUsage: app\n")).label(),
            "different"
        );
    }

    #[test]
    fn merged_output_keeps_the_order_of_writes() {
        let c = case("```console\n$ sh -c \"echo out; echo err >&2; echo out2\"\n```\n");
        let dir = std::env::temp_dir().join(format!("clap-twins-exec-{}", std::process::id()));
        let got = super::run(Path::new("/bin/sh"), &c, &dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            (got.code, got.output.as_str()),
            (Some(0), "out\nerr\nout2\n")
        );
    }
}
