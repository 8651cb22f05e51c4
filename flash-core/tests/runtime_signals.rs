//! Process-level promises: SIGINT exits 130 and SIGTERM 143 (128 + the
//! signal's number), timeout exits 124, a
//! second Ctrl-C exits at once, and no temp file survives any of them,
//! whatever moment the signal or deadline lands on.
//!
//! Runs the `probe_cancel` example binary (cargo builds examples before
//! tests). The random moments come from a seeded generator printed on
//! failure; nothing asserts on elapsed time.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn probe() -> PathBuf {
    example("probe_cancel")
}

fn example(name: &str) -> PathBuf {
    // target/<profile>/deps/runtime_signals-HASH -> target/<profile>/examples/
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let path = dir.join("examples").join(name);
    assert!(path.exists(), "{} not built", path.display());
    path
}

/// xorshift64*: enough randomness for picking moments, no dependency.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1;
        eprintln!("seed {seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

fn spawn(dir: &Path, extra: &[&str]) -> Child {
    Command::new(probe())
        .arg(dir)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start probe")
}

/// Waits for the probe's `ready` line: its signal handlers are installed.
fn wait_ready(child: &mut Child) {
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read probe stdout");
    assert_eq!(line.trim(), "ready", "probe did not start");
}

fn kill(child: &Child, sig: libc::c_int) {
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
    // SAFETY: kill(2) with a pid we own and a valid signal number.
    let rc = unsafe { libc::kill(pid, sig) };
    assert_eq!(rc, 0, "kill failed");
}

fn exit_code(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().expect("wait for probe");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".flash-"))
        .collect()
}

#[test]
fn a_signal_at_any_moment_exits_128_plus_it_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng::new();
    for i in 0..30 {
        let sig = if i % 2 == 0 {
            libc::SIGINT
        } else {
            libc::SIGTERM
        };
        let mut child = spawn(dir.path(), &[]);
        wait_ready(&mut child);
        std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        kill(&child, sig);
        let (code, stderr) = exit_code(child);
        assert_eq!(code, Some(128 + sig), "iteration {i}: {stderr}");
        assert!(
            stderr.contains("error: cancelled by SIG"),
            "iteration {i}: {stderr}"
        );
        let left = temp_leftovers(dir.path());
        assert!(left.is_empty(), "iteration {i}: {left:?}");
    }
}

#[test]
fn a_timeout_at_any_moment_exits_124_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng::new();
    for i in 0..30 {
        let ms = (1 + rng.below(25)).to_string();
        let child = spawn(dir.path(), &["--timeout", &ms]);
        let (code, stderr) = exit_code(child);
        assert_eq!(code, Some(124), "iteration {i} ({ms}ms): {stderr}");
        assert!(
            stderr.contains("timed out after"),
            "iteration {i}: {stderr}"
        );
        let left = temp_leftovers(dir.path());
        assert!(left.is_empty(), "iteration {i}: {left:?}");
    }
}

#[test]
fn a_second_ctrl_c_exits_at_once_and_unlinks_temp_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng::new();
    for i in 0..10 {
        // The probe's CPU job never checks for cancellation: the first
        // SIGINT cannot end the command, only the second can.
        let mut child = spawn(dir.path(), &["--stubborn"]);
        wait_ready(&mut child);
        std::thread::sleep(Duration::from_micros(rng.below(10_000)));
        kill(&child, libc::SIGINT);
        // Wait until the probe has taken the first signal (it logs it), so
        // the two cannot merge into one delivery.
        let stderr = child.stderr.take().expect("piped stderr");
        let mut lines = BufReader::new(stderr).lines();
        let mut log = String::new();
        for line in lines.by_ref() {
            let line = line.expect("read stderr");
            log.push_str(&line);
            log.push('\n');
            if line.contains("received SIGINT") {
                break;
            }
        }
        assert!(log.contains("received SIGINT"), "iteration {i}: {log}");
        std::thread::sleep(Duration::from_micros(rng.below(5_000)));
        kill(&child, libc::SIGINT);
        let rest: Vec<String> = lines.map_while(|l| l.ok()).collect();
        let status = child.wait().expect("wait for probe");
        assert_eq!(status.code(), Some(130), "iteration {i}: {log}{rest:?}");
        assert!(
            rest.iter().any(|l| l.contains("interrupted")),
            "iteration {i}: {rest:?}"
        );
        let left = temp_leftovers(dir.path());
        assert!(left.is_empty(), "iteration {i}: {left:?}");
    }
}

#[test]
fn a_sync_command_exits_128_plus_the_signal_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng::new();
    for i in 0..30 {
        let sig = if i % 2 == 0 {
            libc::SIGINT
        } else {
            libc::SIGTERM
        };
        let mut child = Command::new(example("probe_blocking"))
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start probe");
        wait_ready(&mut child);
        std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        kill(&child, sig);
        let (code, stderr) = exit_code(child);
        assert_eq!(code, Some(128 + sig), "iteration {i}: {stderr}");
        let left = temp_leftovers(dir.path());
        assert!(left.is_empty(), "iteration {i}: {left:?}");
    }
}
