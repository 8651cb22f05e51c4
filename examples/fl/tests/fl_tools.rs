//! Runs the built `fl` binary as a user would and compares it with the
//! system tools (`cat`, `cp`, `wc`, `b3sum`) where they are installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `fl` binary cargo built for these tests.
fn fl_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_fl"))
}

fn fl(args: &[&str], dir: &Path) -> Output {
    fl_env(args, dir, &[])
}

fn fl_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(fl_bin());
    cmd.args(args).current_dir(dir).stdin(Stdio::null());
    cmd.env_remove("FL_PASSPHRASE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run fl")
}

/// Runs a system tool, or `None` when it is not installed.
fn system(tool: &str, args: &[&str], dir: &Path) -> Option<Output> {
    Command::new(tool)
        .args(args)
        .current_dir(dir)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .ok()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flash-fl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn bytes(len: usize, seed: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((i * 131 + seed * 7) % 256) as u8)
        .collect()
}

/// Files covering the `wc` edge cases and sizes around the ops' thresholds.
fn corpus(dir: &Path) -> Vec<String> {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("no-newline", b"hello world".to_vec()),
        ("spaces", b" \t\n\x0b\x0c\r \n".to_vec()),
        ("crlf", b"a b\r\nc\r\n".to_vec()),
        ("invalid-utf8", b"\xff\xfe x \xc3\x28\n".to_vec()),
        ("nul", b"\0a\0 b\n\0".to_vec()),
        ("binary", bytes(300_000, 1)),
        ("big", bytes(3 << 20, 2)),
    ];
    for (name, data) in &files {
        std::fs::write(dir.join(name), data).expect("write");
    }
    files.iter().map(|(n, _)| n.to_string()).collect()
}

#[test]
fn cat_matches_cat() {
    let dir = temp_dir("cat");
    let names = corpus(&dir);
    let args: Vec<&str> = std::iter::once("cat")
        .chain(names.iter().map(String::as_str))
        .collect();
    let out = fl(&args, &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut expected = Vec::new();
    for n in &names {
        expected.extend(std::fs::read(dir.join(n)).expect("read"));
    }
    assert_eq!(out.stdout, expected);
    if let Some(sys) = system("cat", &args[1..], &dir) {
        assert_eq!(out.stdout, sys.stdout, "differs from cat");
    }
    // A missing file: the rest is still printed, exit 1.
    let out = fl(&["cat", "empty", "nope", "no-newline"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, b"hello world");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cat_to_a_regular_file_uses_the_file() {
    let dir = temp_dir("cat-file");
    corpus(&dir);
    let sink = std::fs::File::create(dir.join("out")).expect("create");
    let status = Command::new(fl_bin())
        .args(["cat", "big", "no-newline", "big"])
        .current_dir(&dir)
        .stdout(sink)
        .status()
        .expect("run");
    assert!(status.success());
    let mut expected = std::fs::read(dir.join("big")).expect("read");
    expected.extend_from_slice(b"hello world");
    expected.extend(std::fs::read(dir.join("big")).expect("read"));
    assert_eq!(std::fs::read(dir.join("out")).expect("read"), expected);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cp_matches_cp() {
    let dir = temp_dir("cp");
    corpus(&dir);
    std::fs::create_dir(dir.join("into")).expect("mkdir");
    std::fs::write(dir.join("dst"), b"to be replaced").expect("write");
    let out = fl(&["cp", "big", "dst"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.join("dst")).expect("read"),
        std::fs::read(dir.join("big")).expect("read")
    );
    let out = fl(&["cp", "big", "empty", "nul", "into"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(entries(&dir.join("into")), ["big", "empty", "nul"]);
    let out = fl(&["cp", "big", "empty", "not-a-dir"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a directory"));
    let out = fl(&["cp", "big"], &dir);
    assert_ne!(out.status.code(), Some(0));
    if system("cp", &["big", "dst-cp"], &dir).is_some_and(|o| o.status.success()) {
        assert_eq!(
            std::fs::read(dir.join("dst-cp")).expect("read"),
            std::fs::read(dir.join("dst")).expect("read")
        );
    }
    assert!(
        !entries(&dir).iter().any(|n| n.contains(".tmp")),
        "temp file left"
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn wc_matches_gnu_wc() {
    let dir = temp_dir("wc");
    let names = corpus(&dir);
    let mut expected_total = [0u64; 3];
    for n in &names {
        let data = std::fs::read(dir.join(n)).expect("read");
        let out = fl(&["wc", n], &dir);
        assert!(out.status.success());
        let line = String::from_utf8(out.stdout).expect("utf-8");
        let nums: Vec<u64> = line
            .split_whitespace()
            .take(3)
            .map(|x| x.parse().expect("number"))
            .collect();
        let lines = data.iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(nums[0], lines, "{n}");
        assert_eq!(nums[2], data.len() as u64, "{n}");
        for i in 0..3 {
            expected_total[i] += nums[i];
        }
        if let Some(sys) = system("wc", &[n], &dir) {
            assert_eq!(line.as_bytes(), sys.stdout, "differs from wc on {n}");
        }
    }
    // All at once: widths and the total line.
    let mut args = vec!["wc"];
    args.extend(names.iter().map(String::as_str));
    let out = fl(&args, &dir);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout.clone()).expect("utf-8");
    let total = text.lines().last().expect("total line");
    assert!(total.ends_with(" total"), "{total}");
    let nums: Vec<u64> = total
        .split_whitespace()
        .take(3)
        .map(|x| x.parse().expect("number"))
        .collect();
    assert_eq!(nums, expected_total);
    if let Some(sys) = system("wc", &args[1..], &dir) {
        assert_eq!(text.as_bytes(), sys.stdout, "differs from wc");
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn wc_reads_stdin_like_gnu_wc() {
    let dir = temp_dir("wc-stdin");
    corpus(&dir);
    for (name, redirect) in [("file", true), ("pipe", false)] {
        let run = |prog: &Path, args: &[&str]| {
            let mut cmd = Command::new(prog);
            cmd.args(args)
                .current_dir(&dir)
                .env("LC_ALL", "C")
                .stdout(Stdio::piped());
            if redirect {
                cmd.stdin(std::fs::File::open(dir.join("binary")).expect("open"));
                cmd.output().expect("run").stdout
            } else {
                cmd.stdin(Stdio::piped());
                let mut child = cmd.spawn().expect("spawn");
                let data = std::fs::read(dir.join("crlf")).expect("read");
                let mut stdin = child.stdin.take().expect("stdin");
                std::io::Write::write_all(&mut stdin, &data).expect("feed");
                drop(stdin);
                child.wait_with_output().expect("wait").stdout
            }
        };
        let ours = run(&fl_bin(), &["wc"]);
        // A pipe gives width 7 (not a regular file), as GNU wc does.
        if !redirect {
            assert_eq!(String::from_utf8_lossy(&ours), "      2       3       8\n");
        }
        if let Ok(true) = Command::new("wc")
            .arg("--version")
            .output()
            .map(|o| o.status.success())
        {
            assert_eq!(ours, run(Path::new("wc"), &[]), "stdin as {name}");
        }
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn hash_matches_b3sum_format() {
    let dir = temp_dir("hash");
    let names = corpus(&dir);
    let mut args = vec!["hash"];
    args.extend(names.iter().map(String::as_str));
    let out = fl(&args, &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout.clone()).expect("utf-8");
    for (line, name) in text.lines().zip(&names) {
        let (hex, path) = line.split_once("  ").expect("two-space separator");
        assert_eq!(path, name);
        assert_eq!(hex.len(), 64);
        assert!(hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }
    // BLAKE3 of the empty input (official test vector).
    assert!(text
        .starts_with("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262  empty\n"));
    assert_eq!(text.lines().count(), names.len());
    if let Some(sys) = system("b3sum", &args[1..], &dir) {
        assert_eq!(out.stdout, sys.stdout, "differs from b3sum");
    }
    let out = fl(&["hash", "empty", "nope"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("  empty"));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn encrypt_decrypt_round_trip_and_tampering() {
    let dir = temp_dir("crypt");
    corpus(&dir);
    std::fs::write(dir.join("pass"), b"hunter2\n").expect("write");
    let env = [("FL_PASSPHRASE", "hunter2")];
    // Passphrase from the environment, default output names.
    let out = fl_env(&["encrypt", "big"], &dir, &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(dir.join("big"), dir.join("big.orig")).expect("mv");
    let out = fl_env(&["decrypt", "big.fl"], &dir, &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.join("big")).expect("read"),
        std::fs::read(dir.join("big.orig")).expect("read")
    );
    // Passphrase from a file (first line), explicit output.
    let out = fl(
        &[
            "decrypt",
            "--passphrase-file",
            "pass",
            "-o",
            "again",
            "big.fl",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.join("again")).expect("read"),
        std::fs::read(dir.join("big")).expect("read")
    );
    // Empty file.
    let out = fl_env(&["encrypt", "-o", "e.fl", "empty"], &dir, &env);
    assert!(out.status.success());
    let out = fl_env(&["decrypt", "-o", "e.out", "e.fl"], &dir, &env);
    assert!(out.status.success());
    assert_eq!(std::fs::read(dir.join("e.out")).expect("read"), b"");

    let before = entries(&dir);
    // Wrong passphrase, tampered, truncated: exit 1, clear message, no output.
    let out = fl_env(
        &["decrypt", "-o", "x", "big.fl"],
        &dir,
        &[("FL_PASSPHRASE", "wrong")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase or corrupted file"));
    let mut sealed = std::fs::read(dir.join("big.fl")).expect("read");
    sealed[100_000] ^= 4;
    std::fs::write(dir.join("bad.fl"), &sealed).expect("write");
    sealed[100_000] ^= 4;
    std::fs::write(dir.join("short.fl"), &sealed[..sealed.len() - 70_000]).expect("write");
    let before = [before, vec!["bad.fl".into(), "short.fl".into()]].concat();
    for file in ["bad.fl", "short.fl"] {
        let out = fl_env(&["decrypt", "-o", "x", file], &dir, &env);
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase or corrupted file"));
    }
    let mut after = entries(&dir);
    let mut before = before;
    after.sort();
    before.sort();
    assert_eq!(after, before, "a failed decryption left a file");
    // No passphrase at all.
    let out = fl(&["encrypt", "big"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FL_PASSPHRASE"));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[cfg(unix)]
#[test]
fn sigint_mid_copy_leaves_no_partial_file() {
    let dir = temp_dir("cp-sigint");
    let data = bytes(200 << 20, 3);
    std::fs::write(dir.join("src"), &data).expect("write");
    for delay_ms in [5u64, 30, 80] {
        let _ = std::fs::remove_file(dir.join("dst"));
        let child = Command::new(fl_bin())
            .args(["cp", "src", "dst"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let out = child.wait_with_output().expect("wait");
        let names = entries(&dir);
        match out.status.code() {
            // Finished before the signal: the copy is whole.
            Some(0) => assert_eq!(std::fs::read(dir.join("dst")).expect("read"), data),
            // Interrupted: nothing but the source is left.
            Some(130) => assert_eq!(names, ["src"], "partial output after SIGINT"),
            // The signal came while flash's handlers were not in place
            // (this test sleeps rather than waiting for a handshake): before
            // the command started, when it ended before anything was made,
            // or after it ended, when its handlers are gone again and the
            // copy is whole. Never a partial file.
            None if std::os::unix::process::ExitStatusExt::signal(&out.status)
                == Some(libc::SIGINT) =>
            {
                if names == ["src"] {
                    continue;
                }
                assert_eq!(names, ["dst", "src"], "leftovers after SIGINT");
                let copied = std::fs::read(dir.join("dst")).expect("read");
                assert!(copied == data, "a partial copy after SIGINT");
            }
            other => panic!(
                "unexpected exit {other:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// `--passphrase-file` on a FIFO whose writer writes a line and keeps the
/// FIFO open: the first line is the passphrase, its end is not awaited.
#[cfg(unix)]
#[test]
fn a_passphrase_from_a_fifo_is_its_first_line_and_the_writer_may_stay() {
    use std::io::Write;
    let dir = temp_dir("pass-fifo");
    std::fs::write(dir.join("plain"), b"secret\n").expect("write");
    let fifo = dir.join("pass");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid path and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut w = std::fs::OpenOptions::new()
                .write(true)
                .open(fifo)
                .expect("open the fifo");
            w.write_all(b"hunter2\n").expect("write");
            // Held open until fl is done.
            let _ = wait.recv();
        })
    };
    // The deadline turns the old hang into a failure (exit 124).
    let out = fl(
        &[
            "encrypt",
            "--timeout",
            "60s",
            "--passphrase-file",
            "pass",
            "-o",
            "p.fl",
            "plain",
        ],
        &dir,
    );
    drop(done);
    writer.join().expect("writer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = fl_env(
        &["decrypt", "-o", "back", "p.fl"],
        &dir,
        &[("FL_PASSPHRASE", "hunter2")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(dir.join("back")).expect("read"), b"secret\n");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
