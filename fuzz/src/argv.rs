//! The argv target: bytes → an app, an environment and an argv; one run
//! through `App::try_run_with`, in-process; then what must hold whatever
//! argv held.
//!
//! Input layout: byte 0 picks the app and the environment, the rest is
//! split at NUL bytes (which no real argument contains) into arguments, any
//! other bytes allowed, invalid UTF-8 included.
//!
//! | bits of byte 0 | meaning |
//! |---|---|
//! | 0 | app: `fz` (globals, state, hooks) or `fy` (none, async commands) |
//! | 1-2 | `FZ_LEVEL`: unset, `7`, empty, or the first argument's bytes |
//! | 3-4 | `FZ_ROOT`: unset, `/srv`, empty, or the next argument's bytes |

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::apps::{self, From, Record, RECORD};

/// One decoded input.
pub struct Case {
    pub app: flash::App,
    pub name: &'static str,
    /// The arguments after the program name.
    pub args: Vec<OsString>,
    pub env: Vec<(OsString, OsString)>,
}

/// Decodes fuzz input into a run.
pub fn case(data: &[u8]) -> Case {
    let (selector, rest) = data.split_first().map_or((0, &[][..]), |(s, r)| (*s, r));
    let mut pieces: Vec<Vec<u8>> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split(|&b| b == 0).map(<[u8]>::to_vec).collect()
    };
    let mut env = Vec::new();
    let mut var = |name: &str, mode: u8, fixed: &str, pieces: &mut Vec<Vec<u8>>| {
        let value = match mode {
            1 => Some(fixed.as_bytes().to_vec()),
            2 => Some(Vec::new()),
            3 if !pieces.is_empty() => Some(pieces.remove(0)),
            _ => None,
        };
        if let Some(v) = value {
            env.push((OsString::from(name), OsString::from_vec(v)));
        }
    };
    var("FZ_LEVEL", (selector >> 1) & 3, "7", &mut pieces);
    var("FZ_ROOT", (selector >> 3) & 3, "/srv", &mut pieces);
    let (app, name) = if selector & 1 == 0 {
        (apps::fz(), "fz")
    } else {
        (apps::fy(), "fy")
    };
    Case {
        app,
        name,
        args: pieces.into_iter().map(OsString::from_vec).collect(),
        env,
    }
}

/// Runs one input: what it decoded to, what came out, what the handler got.
pub fn run(data: &[u8]) -> (Case, flash::Outcome, Record) {
    let case = case(data);
    *RECORD.lock().unwrap_or_else(|e| e.into_inner()) = Record::default();
    let argv = std::iter::once(OsString::from(case.name)).chain(case.args.iter().cloned());
    let out = case.app.try_run_with(argv, case.env.iter().cloned());
    let record = std::mem::take(&mut *RECORD.lock().unwrap_or_else(|e| e.into_inner()));
    (case, out, record)
}

/// Runs one input and panics (a finding) when an invariant breaks.
pub fn check(data: &[u8]) {
    let (case, out, record) = run(data);
    let shown = || format!("argv {:?} env {:?} -> {out:#?}", case.args, case.env);
    let has = |needle: &str| {
        case.args.iter().any(|a| {
            a.as_encoded_bytes()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
        })
    };
    check_streams(&out, &record, has, &shown);
    check_values(&case, &record, &shown);
}

/// The exit code and the streams agree: 0 prints on stdout only, 2 is a
/// usage error (or help) on stderr only and never runs the handler, 1 is a
/// handler or hook error on stderr.
fn check_streams(
    out: &flash::Outcome,
    record: &Record,
    has: impl Fn(&str) -> bool,
    shown: &dyn Fn() -> String,
) {
    match out.code {
        0 => {
            assert!(
                out.stderr.is_empty() || has("metrics"),
                "exit 0 with stderr: {}",
                shown()
            );
            assert!(
                !out.stdout.is_empty() || has("__complete"),
                "exit 0 printed nothing: {}",
                shown()
            );
            if let Some(name) = record.ran {
                assert!(
                    out.stdout.starts_with(name) && out.stdout.matches('\n').count() == 1,
                    "the handler's line only: {}",
                    shown()
                );
            }
        }
        2 => {
            assert!(out.stdout.is_empty(), "usage error on stdout: {}", shown());
            assert!(
                record.ran.is_none(),
                "usage error after the handler ran: {}",
                shown()
            );
            let error = out.stderr.starts_with("error: ") && out.stderr.contains("\nUsage: ");
            let help = !out.stderr.starts_with("error") && out.stderr.contains("Usage: ");
            assert!(error || help, "exit 2 without a usage error: {}", shown());
            if error {
                let first = out.stderr.lines().next().unwrap_or_default();
                assert!(
                    first.trim_end().len() > "error:".len(),
                    "empty message: {}",
                    shown()
                );
            }
        }
        1 => assert!(
            out.stderr.starts_with("error: ") || out.stderr.contains("\nerror: "),
            "exit 1 without an error: {}",
            shown()
        ),
        124 => assert!(has("timeout"), "exit 124 without a timeout: {}", shown()),
        _ => panic!("exit code {}: {}", out.code, shown()),
    }
}

/// Every text value a handler got comes from argv as typed (positionals
/// whole, options whole or after `=` / a short), from the environment, or
/// from a default; a `last` tail is exactly what follows the first `--`.
fn check_values(case: &Case, record: &Record, shown: &dyn Fn() -> String) {
    let args: Vec<&[u8]> = case.args.iter().map(|a| a.as_encoded_bytes()).collect();
    for (from, value) in &record.seen {
        let whole = args.iter().any(|a| a == value);
        let ok = match from {
            From::Whole => whole,
            From::Option => {
                whole
                    || value == b"."
                    || case.env.iter().any(|(_, v)| v.as_encoded_bytes() == value)
                    || args.iter().any(|a| attached(a, value))
            }
        };
        assert!(
            ok,
            "value {:?} ({from:?}) is not from argv: {}",
            OsString::from_vec(value.clone()),
            shown()
        );
    }
    if let Some(tail) = &record.tail {
        let expected: Vec<Vec<u8>> = match args.iter().position(|a| *a == b"--") {
            Some(at) => args[at + 1..].iter().map(|a| a.to_vec()).collect(),
            None => Vec::new(),
        };
        assert_eq!(tail, &expected, "the `last` tail: {}", shown());
    }
}

/// `arg` is `--name=value`, `-x=value`, `-xvalue` or `-abxvalue`.
fn attached(arg: &[u8], value: &[u8]) -> bool {
    let Some(head) = arg.strip_suffix(value) else {
        return false;
    };
    head.len() >= 2 && head[0] == b'-' && (head.ends_with(b"=") || head[1] != b'-')
}
