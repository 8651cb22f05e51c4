//! Faults, for each `fl` command (cat, cp, hash, encrypt, decrypt, wc): a
//! full disk, permission denied, and an input that shrinks or grows while
//! it is read. In each case: a clear error naming the path that failed (or
//! a result consistent with one state of the input), nothing partial, no
//! temp file (issue 10, point 5).
//!
//! A full disk is `/dev/full` for stdout, `RLIMIT_FSIZE` for files (with
//! `SIGXFSZ` ignored, as `ulimit -f` in a shell that traps it), and a 1 MiB
//! tmpfs where the tests may mount one (as root). Permission tests run
//! `fl` as `nobody` when the tests run as root. Random moments come from
//! `FL_TEST_SEED` (printed); `FL_FAULT_RUNS` sets the runs per command and
//! change (default 6).
#![cfg(target_os = "linux")]

mod common;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{
    chmod, dev_full, fl_cmd, fl_copy, is_root, leftovers, names, stderr, temp_dir, unprivileged,
    wait_ready, write, Rng,
};

const PASS: (&str, &str) = ("FL_PASSPHRASE", "hunter2");
const AUTH_FAILED: &str = "wrong passphrase or corrupted file";

/// The commands that write a file, each as `(args, input, output)`.
const FILE_WRITERS: [(&[&str], &str, &str); 3] = [
    (&["cp", "in", "OUT"], "in", "OUT"),
    (&["encrypt", "-o", "OUT", "in"], "in", "OUT"),
    (&["decrypt", "-o", "OUT", "in.fl"], "in.fl", "OUT"),
];

/// `args` with `OUT` replaced by `out`.
fn with_out<'a>(args: &[&'a str], out: &'a str) -> Vec<&'a str> {
    args.iter()
        .map(|a| if *a == "OUT" { out } else { a })
        .collect()
}

/// 1 MiB of text repeated to `len` bytes (cheap to make, and hashes,
/// copies and counts like any text).
fn data(rng: &mut Rng, len: usize) -> Vec<u8> {
    let block = common::text(rng, 1 << 20);
    block.iter().copied().cycle().take(len).collect()
}

/// Writes `plain` to `dir/in` and its encryption to `dir/in.fl`.
fn inputs(dir: &Path, plain: &[u8]) {
    write(dir, "in", plain);
    let out = fl_cmd(&["encrypt", "-o", "in.fl", "in"], dir)
        .env(PASS.0, PASS.1)
        .output()
        .expect("encrypt");
    assert!(out.status.success(), "{}", stderr(&out));
}

fn assert_failed_on(out: &Output, path: &str, why: &str, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{what}: {err}");
    assert!(
        err.contains(&format!("`{path}`")),
        "{what}: not named `{path}`: {err}"
    );
    assert!(err.contains(why), "{what}: {err}");
    assert!(!err.contains(".flash-"), "{what}: names a temp file: {err}");
}

#[test]
fn full_disk_each_command() {
    let dir = temp_dir("fault-full");
    let mut rng = Rng::from_env("full_disk_each_command");
    inputs(&dir, &data(&mut rng, 4 << 20));
    // stdout on a full device: the output's error, not the input's.
    for cmd in ["cat", "hash", "wc"] {
        let out = fl_cmd(&[cmd, "in"], &dir)
            .stdout(dev_full())
            .output()
            .expect("run");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("stdout: No space left on device"),
            "{cmd}: {err}"
        );
        assert!(!err.contains("`in`"), "{cmd}: blamed on the input: {err}");
    }
    // A file size limit, as `ulimit -f 1024` with SIGXFSZ ignored.
    for (args, input, _) in FILE_WRITERS {
        let args = with_out(args, "out");
        let mut cmd = fl_cmd(&args, &dir);
        cmd.env(PASS.0, PASS.1);
        // SAFETY: setrlimit and signal between fork and exec, nothing else.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 1 << 20,
                    rlim_max: 1 << 20,
                };
                libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                Ok(())
            });
        }
        let out = cmd.output().expect("run");
        assert_failed_on(&out, "out", "File too large", &format!("{args:?}"));
        assert!(!stderr(&out).contains(&format!("`{input}`")));
        assert_eq!(names(&dir), ["in", "in.fl"], "{args:?}: output left");
    }
    // A full filesystem, where one can be mounted.
    match Tmpfs::mount(&dir.join("small")) {
        Some(_mounted) => {
            for (args, _, _) in FILE_WRITERS {
                let args = with_out(args, "small/out");
                let out = fl_cmd(&args, &dir)
                    .env(PASS.0, PASS.1)
                    .output()
                    .expect("run");
                assert_failed_on(
                    &out,
                    "small/out",
                    "No space left on device",
                    &format!("{args:?}"),
                );
                assert!(
                    names(&dir.join("small")).is_empty(),
                    "{args:?}: output left"
                );
            }
        }
        None => println!("no tmpfs could be mounted: the full-filesystem case is skipped"),
    }
    assert_eq!(names(&dir), ["in", "in.fl", "small"]);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// A 1 MiB tmpfs, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).expect("mkdir");
        if !is_root() {
            return None;
        }
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "flash-test"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn permission_denied_each_command() {
    let dir = temp_dir("fault-perm");
    chmod(&dir, 0o777);
    let mut rng = Rng::from_env("permission_denied_each_command");
    inputs(&dir, &data(&mut rng, 1 << 20));
    let fl = fl_copy(&dir);
    let run = |args: &[&str]| {
        unprivileged(
            Command::new(&fl)
                .args(args)
                .current_dir(&dir)
                .env(PASS.0, PASS.1)
                .stdin(Stdio::null()),
        )
        .output()
        .expect("run fl")
    };
    // An input that may not be read: its error, for every command.
    chmod(&dir.join("in"), 0o000);
    chmod(&dir.join("in.fl"), 0o000);
    for args in [&["cat", "in"][..], &["hash", "in"], &["wc", "in"]] {
        let out = run(args);
        assert_failed_on(&out, "in", "Permission denied", &format!("{args:?}"));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    for (args, input, _) in FILE_WRITERS {
        let args = with_out(args, "out");
        let out = run(&args);
        assert_failed_on(&out, input, "Permission denied", &format!("{args:?}"));
    }
    chmod(&dir.join("in"), 0o644);
    chmod(&dir.join("in.fl"), 0o644);
    // A directory where the output may not be created: the output's error.
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).expect("mkdir");
    chmod(&ro, 0o555);
    for (args, _, _) in FILE_WRITERS {
        let args = with_out(args, "ro/out");
        let out = run(&args);
        assert_failed_on(&out, "ro/out", "Permission denied", &format!("{args:?}"));
    }
    assert!(names(&ro).is_empty());
    assert_eq!(names(&dir), ["fl-bin", "in", "in.fl", "ro"]);
    chmod(&ro, 0o755);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// How an input changes while a command reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Change {
    /// Truncated to a third.
    Shrink,
    /// 64 KiB appended.
    Grow,
}

const EXTRA: usize = 64 << 10;

/// What a command saw of an input that changed: `Some(len)` of the bytes
/// `before[..len]` (shrink: between the new and the old size) or
/// `after[..len]` (grow: between the old and the new size), read in order.
fn seen(change: Change, before: &[u8], after: &[u8], got: &[u8]) -> bool {
    let (whole, min) = match change {
        Change::Shrink => (before, before.len() / 3),
        Change::Grow => (after, before.len()),
    };
    got.len() >= min && got.len() <= whole.len() && whole.starts_with(got)
}

/// GNU wc's counts under `LC_ALL=C` (see `fl`'s `gnu_wc` module).
fn wc_counts(data: &[u8]) -> [u64; 3] {
    let (mut lines, mut words, mut in_word) = (0, 0, false);
    for &b in data {
        lines += u64::from(b == b'\n');
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            in_word = false;
        } else if (0x21..=0x7e).contains(&b) && !in_word {
            words += 1;
            in_word = true;
        }
    }
    [lines, words, data.len() as u64]
}

fn runs() -> usize {
    std::env::var("FL_FAULT_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6)
}

/// Checks one run: the directory, the change, the input before and after
/// it, and what the command did.
type Check = dyn Fn(&Path, Change, &[u8], &[u8], &Output);

/// Runs `args` (reading `dir/input`) while the input shrinks or grows at a
/// random moment, and hands each outcome to `check` with the bytes before
/// and after the change.
fn changing_input(name: &str, args: &[&str], input: &str, len: usize, check: &Check) {
    let dir = temp_dir(name);
    let mut rng = Rng::from_env(name);
    let plain = data(&mut rng, len);
    inputs(&dir, &plain);
    let before = std::fs::read(dir.join(input)).expect("read");
    let start = |dir: &Path| {
        fl_cmd(args, dir)
            .env(PASS.0, PASS.1)
            .spawn()
            .expect("spawn")
    };
    let mut child = start(&dir);
    assert!(wait_ready(&mut child), "{name}: ended before the handshake");
    let t = Instant::now();
    let out = child.wait_with_output().expect("wait");
    let span = t.elapsed().as_micros().max(1000) as usize;
    check(&dir, Change::Grow, &before, &before, &out);
    for change in [Change::Shrink, Change::Grow] {
        for i in 0..runs() {
            for stale in ["out", "stdout"] {
                let _ = std::fs::remove_file(dir.join(stale));
            }
            std::fs::write(dir.join(input), &before).expect("restore");
            let delay = Duration::from_micros(rng.below(span + span / 5) as u64);
            let mut child = start(&dir);
            assert!(wait_ready(&mut child), "{name}: ended before the handshake");
            std::thread::sleep(delay);
            let after = match change {
                Change::Shrink => {
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .open(dir.join(input))
                        .expect("open");
                    file.set_len((before.len() / 3) as u64).expect("truncate");
                    before[..before.len() / 3].to_vec()
                }
                Change::Grow => {
                    let mut file = std::fs::OpenOptions::new()
                        .append(true)
                        .open(dir.join(input))
                        .expect("open");
                    let extra = vec![b'+'; EXTRA];
                    std::io::Write::write_all(&mut file, &extra).expect("append");
                    [&before[..], &extra[..]].concat()
                }
            };
            let out = child.wait_with_output().expect("wait");
            println!(
                "{name} {change:?} run {i} after {delay:?}: {:?}",
                out.status
            );
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{name} {change:?} run {i}: {:?} {}",
                out.status,
                stderr(&out)
            );
            check(&dir, change, &before, &after, &out);
            let left = leftovers(&dir);
            assert!(left.is_empty(), "{name}: temp files {left:?}");
        }
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn changing_input_cat() {
    changing_input(
        "fault_change_cat",
        &["cat", "in"],
        "in",
        32 << 20,
        &|_, change, before, after, out| {
            assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
            assert!(
                seen(change, before, after, &out.stdout),
                "cat {change:?}: {} bytes",
                out.stdout.len()
            );
        },
    );
}

#[test]
fn changing_input_cp() {
    changing_input(
        "fault_change_cp",
        &["cp", "in", "out"],
        "in",
        32 << 20,
        &|dir, change, before, after, out| {
            assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
            let copied = std::fs::read(dir.join("out")).expect("out");
            assert!(
                seen(change, before, after, &copied),
                "cp {change:?}: {} bytes",
                copied.len()
            );
        },
    );
}

#[test]
fn changing_input_hash() {
    changing_input(
        "fault_change_hash",
        &["hash", "in"],
        "in",
        64 << 20,
        &|_, change, before, after, out| {
            let line = |data: &[u8]| format!("{}  in\n", blake3::hash(data).to_hex()).into_bytes();
            match out.status.code() {
                // The file as it was, or as it is: never a mix.
                Some(0) => assert!(
                    out.stdout == line(before) || out.stdout == line(after),
                    "hash {change:?}: a hash of neither state"
                ),
                _ => {
                    assert_eq!(change, Change::Shrink, "{}", stderr(out));
                    assert_failed_on(out, "in", "shrank while it was hashed", "hash");
                    assert!(out.stdout.is_empty());
                }
            }
        },
    );
}

#[test]
fn changing_input_wc() {
    changing_input(
        "fault_change_wc",
        &["wc", "in"],
        "in",
        8 << 20,
        &|_, change, before, after, out| {
            assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
            let text = String::from_utf8_lossy(&out.stdout);
            let counts: Vec<u64> = text
                .split_whitespace()
                .take(3)
                .map(|n| n.parse().expect("count"))
                .collect();
            let whole = if change == Change::Shrink {
                before
            } else {
                after
            };
            let len = usize::try_from(counts[2]).expect("size");
            assert!(len <= whole.len(), "wc {change:?}: {text}");
            // Counts of the bytes as read, in order: some state of the file.
            assert_eq!(counts, wc_counts(&whole[..len]), "wc {change:?}");
            assert!(
                seen(change, before, after, &whole[..len]),
                "wc {change:?}: {text}"
            );
        },
    );
}

#[test]
fn changing_input_encrypt() {
    changing_input(
        "fault_change_encrypt",
        &["encrypt", "-o", "out", "in"],
        "in",
        2 << 20,
        &|dir, change, before, after, out| {
            assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
            let back = fl_cmd(&["decrypt", "-o", "back", "out"], dir)
                .env(PASS.0, PASS.1)
                .output()
                .expect("decrypt");
            assert!(back.status.success(), "{}", stderr(&back));
            let plain = std::fs::read(dir.join("back")).expect("back");
            std::fs::remove_file(dir.join("back")).expect("rm");
            assert!(
                seen(change, before, after, &plain),
                "encrypt {change:?}: {} bytes",
                plain.len()
            );
        },
    );
}

#[test]
fn changing_input_decrypt() {
    changing_input(
        "fault_change_decrypt",
        &["decrypt", "-o", "out", "in.fl"],
        "in.fl",
        2 << 20,
        &|dir, change, _, _, out| {
            let plain = std::fs::read(dir.join("in")).expect("in");
            match out.status.code() {
                // Read whole before the change: the whole plaintext.
                Some(0) => assert!(
                    std::fs::read(dir.join("out")).expect("out") == plain,
                    "decrypt {change:?}"
                ),
                // A truncated or extended file never authenticates.
                _ => {
                    assert_failed_on(out, "in.fl", AUTH_FAILED, "decrypt");
                    assert!(
                        !dir.join("out").exists(),
                        "decrypt {change:?}: partial output"
                    );
                }
            }
        },
    );
}
