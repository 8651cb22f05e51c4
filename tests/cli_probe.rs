//! Runs the built `probe_cli` example: arguments that are not UTF-8 reach
//! `PathBuf`/`OsString` parameters byte for byte, clustered short flags, a
//! command's own `-v`/`--timeout` win over the built-ins, and every execution
//! model runs on the runtime the contract names (a blocking command on no
//! runtime and a single thread).

mod common;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use common::{run, Run};

fn probe<const N: usize>(args: [&str; N]) -> Run {
    run("probe_cli", args)
}

fn os(bytes: &[u8]) -> OsString {
    OsString::from_vec(bytes.to_vec())
}

#[test]
fn non_utf8_arguments_reach_paths_and_os_strings_intact() {
    let path = os(b"caf\xe9/\xff\xfe.txt");
    let extra = os(b"\x80latin1 \xe9t\xe9");
    let rest = os(b"\xc3(");
    let out = run(
        "probe_cli",
        [
            os(b"raw"),
            path.clone(),
            os(b"--extra"),
            extra.clone(),
            rest.clone(),
        ],
    );
    out.code(0).no_stderr();
    let mut expected = Vec::new();
    for (label, value) in [("path=", &path), ("extra=", &extra), ("rest=", &rest)] {
        expected.extend_from_slice(label.as_bytes());
        expected.extend_from_slice(value.as_encoded_bytes());
        expected.push(b'\n');
    }
    assert_eq!(out.stdout_bytes, expected, "{out:#?}");
}

#[test]
fn non_utf8_values_survive_every_option_spelling() {
    let value = os(b"v\xffw");
    let mut expected = b"path=p\nextra=v\xffw\n".to_vec();
    let spellings: [Vec<OsString>; 4] = [
        vec![os(b"--extra"), value.clone()],
        vec![os(b"--extra=v\xffw")],
        vec![os(b"-e"), value.clone()],
        vec![os(b"-ev\xffw")],
    ];
    for spelling in spellings {
        let mut argv = vec![os(b"raw"), os(b"p")];
        argv.extend(spelling.clone());
        let out = run("probe_cli", &argv);
        out.code(0).no_stderr();
        assert_eq!(
            out.stdout_bytes, expected,
            "spelling {spelling:?}: {out:#?}"
        );
    }
    // After `--`, a non-UTF-8 argument that starts with `-` is still a path.
    let out = run("probe_cli", [os(b"raw"), os(b"--"), os(b"-\xff")]);
    out.code(0).no_stderr();
    expected = b"path=-\xff\n".to_vec();
    assert_eq!(out.stdout_bytes, expected, "{out:#?}");
}

#[test]
fn non_utf8_for_a_string_parameter_is_a_usage_error() {
    let out = run("probe_cli", [os(b"flags"), os(b"--name"), os(b"\xff")]);
    out.value_error()
        .stderr_has("error: invalid value '\u{fffd}' for '--name <NAME>': invalid UTF-8\n");
}

#[test]
fn clustered_short_flags() {
    let line = |l: bool, q: bool, x: bool, name: &str| {
        format!("loud={l} quiet={q} extra={x} name={name}\n")
    };
    probe(["flags"])
        .code(0)
        .no_stderr()
        .stdout_is(&line(false, false, false, "None"));
    probe(["flags", "-lq"])
        .code(0)
        .no_stderr()
        .stdout_is(&line(true, true, false, "None"));
    probe(["flags", "-qx"])
        .code(0)
        .no_stderr()
        .stdout_is(&line(false, true, true, "None"));
    probe(["flags", "-xlq"])
        .code(0)
        .no_stderr()
        .stdout_is(&line(true, true, true, "None"));
    probe(["flags", "-lqnBob"])
        .code(0)
        .no_stderr()
        .stdout_is(&line(true, true, false, "Some(\"Bob\")"));
    probe(["flags", "-lqn", "Bob"])
        .code(0)
        .no_stderr()
        .stdout_is(&line(true, true, false, "Some(\"Bob\")"));
    probe(["flags", "-l", "-q", "--extra", "--name=Al"])
        .code(0)
        .no_stderr()
        .stdout_is(&line(true, true, true, "Some(\"Al\")"));
    probe(["flags", "-lz"])
        .usage_error("probe flags [OPTIONS]")
        .stderr_has("'-z'");
}

#[test]
fn a_commands_own_short_q_is_its_own() {
    // Before the command `-q` is the global one; after it, the command's.
    probe(["-q", "flags"])
        .code(0)
        .no_stderr()
        .stdout_is("loud=false quiet=false extra=false name=None\n");
    probe(["flags", "-q"])
        .code(0)
        .no_stderr()
        .stdout_is("loud=false quiet=true extra=false name=None\n");
}

#[test]
fn a_commands_own_verbose_and_timeout_win_over_the_builtins() {
    // `forever` is no duration: the built-in `--timeout` would reject it.
    probe(["own", "-v", "--timeout", "forever"])
        .code(0)
        .no_stderr()
        .stdout_is("verbose=true timeout=Some(\"forever\")\n");
    probe(["own", "--verbose", "--timeout=1ms"])
        .code(0)
        .no_stderr()
        .stdout_is("verbose=true timeout=Some(\"1ms\")\n");
    probe(["-v", "own"])
        .code(0)
        .no_stderr()
        .stdout_is("verbose=false timeout=None\n");

    let help = probe(["own", "-h"]);
    help.code(0).no_stderr();
    let runtime = common::section(&help.stdout, "Runtime Options:").join("\n");
    assert!(
        !runtime.contains("--timeout"),
        "the command declares --timeout itself; the built-in one is not offered:\n{}",
        help.stdout
    );
    assert!(runtime.contains("--max-concurrency"), "{}", help.stdout);
    let options = common::section(&help.stdout, "Options:").join("\n");
    assert!(
        options.contains("-v, --verbose") && options.contains("--timeout <TIMEOUT>"),
        "{}",
        help.stdout
    );
    // The other built-ins are still there and still checked.
    probe(["own", "--max-concurrency", "0"])
        .value_error()
        .stderr_has("--max-concurrency");
}

/// Parses `runtime=… threads=… model=…` from the probe.
fn report(out: &Run) -> (String, usize, String) {
    out.code(0).no_stderr();
    let mut runtime = None;
    let mut threads = None;
    let mut model = None;
    for field in out.stdout.split_whitespace() {
        match field.split_once('=') {
            Some(("runtime", v)) => runtime = Some(v.to_owned()),
            Some(("threads", v)) => threads = v.parse().ok(),
            Some(("model", v)) => model = Some(v.to_owned()),
            _ => {}
        }
    }
    match (runtime, threads, model) {
        (Some(r), Some(t), Some(m)) => (r, t, m),
        _ => panic!("unexpected report: {out:#?}"),
    }
}

#[test]
fn io_runs_on_the_multi_thread_runtime() {
    let (runtime, _, model) = report(&probe(["io"]));
    assert_eq!((runtime.as_str(), model.as_str()), ("MultiThread", "io"));
}

#[test]
fn stream_runs_on_the_current_thread_runtime() {
    let (runtime, _, model) = report(&probe(["stream"]));
    assert_eq!(
        (runtime.as_str(), model.as_str()),
        ("CurrentThread", "stream")
    );
}

#[test]
fn cpu_runs_on_a_runtime_with_its_cpu_pool() {
    let out = probe(["cpu"]);
    let (runtime, _, model) = report(&out);
    assert_ne!(runtime, "none", "{out:#?}");
    assert_eq!(model, "cpu");
    out.stdout_has(" cpu=5050");
}

#[test]
fn blocking_builds_no_runtime_and_starts_no_thread() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("note: no /proc/self/status here; thread count not checked");
        return;
    }
    let (runtime, threads, model) = report(&probe(["blocking"]));
    assert_eq!(
        (runtime.as_str(), threads, model.as_str()),
        ("none", 1, "blocking")
    );

    probe(["bare"])
        .code(0)
        .no_stderr()
        .stdout_is("has_runtime=false threads=1\n");
}
