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

/// Waits for `child` to end, at most `limit` (a hang is a failure, not a
/// wait forever); its status and stderr.
fn wait_at_most(mut child: Child, limit: Duration) -> (std::process::ExitStatus, String) {
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            let out = child.wait_with_output().expect("wait");
            return (
                out.status,
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the probe did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A signal whose default action ends the process, sent while temp files
/// are being written: the process ends by that very signal (not as a
/// cancellation), and no temp file is left.
#[test]
fn any_fatal_signal_ends_the_command_by_that_signal_and_leaves_no_temp_file() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng::new();
    let fatal = [
        (libc::SIGALRM, &[][..]),
        (libc::SIGUSR1, &[]),
        (libc::SIGUSR2, &[]),
        (libc::SIGVTALRM, &[]),
        (libc::SIGPROF, &[]),
        (libc::SIGXCPU, &[]),
        (libc::SIGRTMIN() + 2, &[]),
        // Rust ignores SIGPIPE; an app that gives it back its default
        // action gets it cleaned up after too.
        (libc::SIGPIPE, &["--sigpipe-default"]),
    ];
    for (sig, extra) in fatal {
        for i in 0..3 {
            let mut child = spawn(dir.path(), extra);
            wait_ready(&mut child);
            std::thread::sleep(Duration::from_micros(rng.below(10_000)));
            kill(&child, sig);
            let (status, stderr) = wait_at_most(child, Duration::from_secs(60));
            assert_eq!(
                status.signal(),
                Some(sig),
                "signal {sig}, run {i}: {status:?} {stderr}"
            );
            assert!(!stderr.contains("cancelled"), "signal {sig}: {stderr}");
            let left = temp_leftovers(dir.path());
            assert!(left.is_empty(), "signal {sig}, run {i}: {left:?}");
        }
    }
    // A sync command alike.
    for sig in [libc::SIGALRM, libc::SIGUSR1] {
        let mut child = Command::new(example("probe_blocking"))
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start probe");
        wait_ready(&mut child);
        kill(&child, sig);
        let (status, stderr) = wait_at_most(child, Duration::from_secs(60));
        assert_eq!(status.signal(), Some(sig), "sync, signal {sig}: {stderr}");
        let left = temp_leftovers(dir.path());
        assert!(left.is_empty(), "sync, signal {sig}: {left:?}");
    }
}

/// The signals process `pid` catches, from `/proc/PID/status` (bit
/// `sig - 1` for signal `sig`).
#[cfg(target_os = "linux")]
fn caught(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let line = status
        .lines()
        .find(|l| l.starts_with("SigCgt:"))
        .expect("SigCgt line");
    u64::from_str_radix(line["SigCgt:".len()..].trim(), 16).expect("hex mask")
}

/// The other fatal signals are caught once there is a temp file to unlink,
/// not before: a command that makes none leaves them at their defaults
/// (which already end the process as the handler would), and pays no
/// `sigaction` calls for them; one that makes one has them caught.
#[cfg(target_os = "linux")]
#[test]
fn fatal_signals_are_caught_only_once_a_temp_file_exists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bit = |sig: libc::c_int| 1u64 << (sig - 1);
    let others = bit(libc::SIGALRM) | bit(libc::SIGUSR1) | bit(libc::SIGRTMIN() + 2);
    for (extra, caught_then) in [(&["--idle"][..], 0), (&[], others)] {
        let mut child = spawn(dir.path(), extra);
        wait_ready(&mut child);
        // The writers make their first temp files soon after `ready`; the
        // idle command never does (given as long to show it would not).
        let start = std::time::Instant::now();
        let mut mask = caught(child.id());
        while mask & others != caught_then && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
            mask = caught(child.id());
        }
        // Ended before anything is asserted: a failure leaves no writer
        // running.
        kill(&child, libc::SIGINT);
        let (status, stderr) = wait_at_most(child, Duration::from_secs(60));
        assert_eq!(
            mask & bit(libc::SIGINT),
            bit(libc::SIGINT),
            "{extra:?}: SIGINT"
        );
        assert_eq!(mask & others, caught_then, "{extra:?}: mask {mask:x}");
        assert_eq!(status.code(), Some(130), "{extra:?}: {stderr}");
        assert!(temp_leftovers(dir.path()).is_empty(), "{extra:?}");
    }
}

/// flash's grace period is not the app's `ITIMER_REAL`: an app running its
/// own interval timer (and SIGALRM handler) inside a command keeps both
/// through a cancellation, and after the command.
#[test]
fn the_apps_own_interval_timer_survives_a_cancellation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = spawn(dir.path(), &["--itimer"]);
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let ready = lines.next().expect("a line").expect("read");
    assert_eq!(ready, "ready");
    kill(&child, libc::SIGINT);
    let rest: Vec<String> = lines.map_while(|l| l.ok()).collect();
    let (status, stderr) = wait_at_most(child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_eq!(
        rest,
        ["timer: ticking, interval 5000us", "handler: kept"],
        "{stderr}"
    );
}

/// One signal to a command whose work never looks at the cancellation:
/// the grace timer ends it (a second signal is not needed), no temp file
/// left.
#[test]
fn one_signal_ends_a_command_that_never_yields_after_its_grace_period() {
    let dir = tempfile::tempdir().expect("temp dir");
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let mut child = spawn(dir.path(), &["--stubborn"]);
        wait_ready(&mut child);
        kill(&child, sig);
        let (status, stderr) = wait_at_most(child, Duration::from_secs(60));
        assert_eq!(status.code(), Some(128 + sig), "signal {sig}: {stderr}");
        assert!(
            stderr.contains("error: cancelled"),
            "signal {sig}: {stderr}"
        );
        assert!(!stderr.contains("interrupted"), "signal {sig}: {stderr}");
        let left = temp_leftovers(dir.path());
        assert!(left.is_empty(), "signal {sig}: {left:?}");
    }
}

/// The registry keeps absolute paths: a handler that changed its working
/// directory after making its temp files (named relative to the old one)
/// still has them unlinked when a signal ends it.
#[test]
fn temp_files_named_relative_are_unlinked_after_a_chdir() {
    use std::os::unix::process::ExitStatusExt;
    let base = tempfile::tempdir().expect("temp dir");
    let dir = base.path().join("out");
    std::fs::create_dir(&dir).expect("mkdir");
    for sig in [libc::SIGTERM, libc::SIGUSR1] {
        let mut child = Command::new(example("probe_blocking"))
            .args(["out", "--chdir"])
            .current_dir(base.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start probe");
        wait_ready(&mut child);
        assert_eq!(temp_leftovers(&dir).len(), 4, "the probe's temp files");
        kill(&child, sig);
        let (status, stderr) = wait_at_most(child, Duration::from_secs(60));
        if sig == libc::SIGTERM {
            assert_eq!(status.code(), Some(143), "{stderr}");
        } else {
            assert_eq!(status.signal(), Some(sig), "{stderr}");
        }
        let left = temp_leftovers(&dir);
        assert!(left.is_empty(), "signal {sig}: {left:?}");
    }
}
