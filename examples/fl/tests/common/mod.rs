//! Helpers shared by the `fl` behaviour tests: the binary, scratch
//! directories, generated text and the system tools to compare with.

// Each test file uses its own subset of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `fl` binary cargo built for these tests, or `FL_TEST_BIN` when set
/// (to run the tests against another build, an older one say).
pub fn fl_bin() -> PathBuf {
    match std::env::var_os("FL_TEST_BIN") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_fl")),
    }
}

/// Runs `fl ARGS` in `dir` with stdin closed and stdout/stderr captured.
pub fn fl(args: &[&str], dir: &Path) -> Output {
    Command::new(fl_bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run fl")
}

/// Runs `cmd` with `data` written to its stdin through a pipe, from a
/// thread so the child reads while it is written, and waits for it. A
/// command that ends without reading everything (`wc DIR`) may close the
/// pipe first: that is not a failure of the feed.
pub fn output_fed(cmd: &mut Command, data: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd.stdin(Stdio::piped()).spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().expect("wait");
    match writer.join().expect("writer") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        fed => fed.expect("feed"),
    }
    out
}

/// Runs `cmd` with its stdin a pipe that is held open and never written
/// (an input that never ends), and waits for it.
pub fn output_stdin_held(cmd: &mut Command) -> Output {
    let mut child = cmd.stdin(Stdio::piped()).spawn().expect("spawn");
    let stdin = child.stdin.take();
    let out = child.wait_with_output().expect("wait");
    drop(stdin);
    out
}

/// `/dev/full` opened for writing: a stdout on a full device.
pub fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full")
}

/// A fresh scratch directory, unique to the test and the process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flash-fl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `path` when it is an executable file, else `None` (the comparison is
/// then skipped, and says so).
pub fn tool(path: &str) -> Option<&str> {
    let ok = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if !ok {
        println!("{path} not installed: comparison skipped");
    }
    ok.then_some(path)
}

/// SplitMix64: small and deterministic.
pub struct Rng(u64);

impl Rng {
    /// Seeded from `FL_TEST_SEED` if set, else from the clock; the seed is
    /// printed so a failure can be replayed.
    pub fn from_env(test: &str) -> Rng {
        let seed = std::env::var("FL_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        println!("{test}: FL_TEST_SEED={seed}");
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `len` bytes of dense text: short words, some with 2-, 3- and 4-byte
/// UTF-8 letters, a few lone accented letters (no word under `LC_ALL=C`),
/// separated by single and double spaces, tabs, newlines and the odd
/// `\r`, `\v`, `\f`, NUL or invalid byte. Cut anywhere, so the pieces a
/// reader splits it into start and end inside words, whitespace runs and
/// multi-byte sequences.
pub fn text(rng: &mut Rng, len: usize) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "the",
        "of",
        "a",
        "caf\u{e9}",
        "na\u{ef}ve",
        "\u{e0}",
        "\u{20ac}5",
        "x",
        "lorem",
        "ipsum",
        "\u{1f600}",
        "(dolor)",
        "sit,",
        "amet.",
        "\u{f1}u",
        "42",
        "end",
    ];
    const SEPS: &[&[u8]] = &[
        b" ", b" ", b" ", b" ", b"  ", b"\t", b"\n", b"\n", b"\r\n", b"\x0b", b"\x0c", b" \0",
        b"\xff ",
    ];
    let mut v = Vec::with_capacity(len + 16);
    while v.len() < len {
        v.extend_from_slice(WORDS[rng.below(WORDS.len())].as_bytes());
        v.extend_from_slice(SEPS[rng.below(SEPS.len())]);
    }
    v.truncate(len);
    v
}

/// Writes `data` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, data).expect("write");
    path
}

/// `fl ARGS` in `dir`, stdin closed, no passphrase from the caller's
/// environment, stdout and stderr piped.
pub fn fl_cmd(args: &[&str], dir: &Path) -> Command {
    let mut cmd = Command::new(fl_bin());
    cmd.args(args)
        .current_dir(dir)
        .env_remove("FL_PASSPHRASE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// The names of the temp files flash left in `dir`.
pub fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".flash-"))
        .collect()
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Sends `sig` to `pid`.
#[cfg(unix)]
pub fn signal(pid: u32, sig: i32) {
    let pid = libc::pid_t::try_from(pid).expect("pid fits");
    // SAFETY: kill(2) on a child we own, with a valid signal number.
    let rc = unsafe { libc::kill(pid, sig) };
    assert_eq!(rc, 0, "kill: {}", std::io::Error::last_os_error());
}

/// The ready handshake: waits until `child` catches SIGINT, SIGTERM and
/// SIGHUP (its command runs, with flash's handlers installed: they are
/// caught only while a command runs), read from `/proc/PID/status`.
/// `false` if the child exited first.
#[cfg(target_os = "linux")]
pub fn wait_ready(child: &mut std::process::Child) -> bool {
    const WANTED: u64 =
        (1 << (libc::SIGINT - 1)) | (1 << (libc::SIGTERM - 1)) | (1 << (libc::SIGHUP - 1));
    let status = format!("/proc/{}/status", child.id());
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return false;
        }
        let caught = std::fs::read_to_string(&status).ok().and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("SigCgt:"))?;
            u64::from_str_radix(line["SigCgt:".len()..].trim(), 16).ok()
        });
        if caught.is_some_and(|mask| mask & WANTED == WANTED) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_micros(100));
    }
}

/// Waits until `path` exists (the command created its temp file, say);
/// `false` if `child` exited first.
pub fn wait_for(child: &mut std::process::Child, found: impl Fn() -> bool) -> bool {
    loop {
        if found() {
            return true;
        }
        if child.try_wait().expect("try_wait").is_some() {
            return found();
        }
        std::thread::sleep(std::time::Duration::from_micros(100));
    }
}

/// Whether tests run as root, where permission bits do not stop reads:
/// those tests then run `fl` as `nobody` (see [`unprivileged`]).
#[cfg(unix)]
pub fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `cmd` set to run as an unprivileged user (uid/gid 65534) when the tests
/// run as root, so that file modes apply to it; as it is otherwise. The
/// paths it uses must be reachable by that user.
#[cfg(unix)]
pub fn unprivileged(cmd: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    if is_root() {
        cmd.uid(65534).gid(65534);
    }
    cmd
}

/// A copy of the `fl` binary where an unprivileged user can run it (the
/// build directory may not be reachable), in `dir`.
#[cfg(unix)]
pub fn fl_copy(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fl-bin");
    if !path.exists() {
        std::fs::copy(fl_bin(), &path).expect("copy fl");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    path
}

/// Sets the mode of `path`.
#[cfg(unix)]
pub fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The mode bits of `path`.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o7777
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
