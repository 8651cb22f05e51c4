//! Private and complete outputs, honest exits: the modes of what `fl`
//! writes, an output that is its input, errors named for the path that
//! failed, `cp` onto links, foreign files and read-only directories
//! (issue 10, points 2 and 3); outputs that are devices, FIFOs, links to
//! stdout or planted symlinks, and standard streams on `/dev/null` however
//! opened (issue 18).
#![cfg(unix)]

mod common;

use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{
    chmod, dev_full, fl_cmd, fl_copy, is_root, leftovers, mode, names, stderr, temp_dir,
    unprivileged, write,
};

const PASS: (&str, &str) = ("FL_PASSPHRASE", "hunter2");

fn run(args: &[&str], dir: &Path) -> std::process::Output {
    fl_cmd(args, dir)
        .env(PASS.0, PASS.1)
        .output()
        .expect("run fl")
}

/// `fl ARGS` under `sh -c 'umask MASK; exec fl ARGS'`.
fn run_with_umask(mask: &str, args: &[&str], dir: &Path) -> std::process::Output {
    let script = format!("umask {mask}; exec \"$0\" \"$@\"");
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(common::fl_bin())
        .args(args)
        .current_dir(dir)
        .env(PASS.0, PASS.1)
        .stdin(Stdio::null())
        .output()
        .expect("run sh")
}

#[test]
fn decrypted_output_is_private_and_copies_get_cp_modes() {
    let dir = temp_dir("out-modes");
    write(&dir, "plain", b"secret\n");
    let out = run_with_umask("022", &["encrypt", "-o", "p.fl", "plain"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        mode(&dir.join("p.fl")),
        0o644,
        "ciphertext: 0666 less the umask"
    );
    // The plaintext is its owner's alone, whatever the umask.
    for mask in ["022", "000"] {
        let out = run_with_umask(mask, &["decrypt", "-o", "back", "p.fl"], &dir);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(mode(&dir.join("back")), 0o600, "umask {mask}");
        std::fs::remove_file(dir.join("back")).expect("rm");
    }
    // cp: a new file gets the source's mode less the umask...
    let src = write(&dir, "src", b"data");
    chmod(&src, 0o664);
    let out = run_with_umask("027", &["cp", "src", "new"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&dir.join("new")), 0o640);
    // ... and an existing one keeps its own.
    let old = write(&dir, "old", b"before");
    chmod(&old, 0o600);
    let out = run_with_umask("000", &["cp", "src", "old"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&old), 0o600);
    assert_eq!(std::fs::read(&old).expect("read"), b"data");
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn an_output_that_is_the_input_is_refused() {
    let dir = temp_dir("out-same");
    let plain = write(&dir, "x", b"the plaintext\n");
    std::fs::hard_link(&plain, dir.join("y")).expect("link");
    for args in [
        &["encrypt", "-o", "x", "x"][..],
        &["encrypt", "-o", "./x", "x"],
        &["encrypt", "-o", "y", "x"],
    ] {
        let out = run(args, &dir);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("are the same file"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&plain).expect("read"), b"the plaintext\n");
    }
    let out = run(&["encrypt", "-o", "x.fl", "x"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let sealed = std::fs::read(dir.join("x.fl")).expect("read");
    let out = run(&["decrypt", "-o", "x.fl", "x.fl"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("are the same file"));
    assert_eq!(std::fs::read(dir.join("x.fl")).expect("read"), sealed);
    assert_eq!(names(&dir), ["x", "x.fl", "y"]);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn errors_name_the_path_that_failed() {
    let dir = temp_dir("out-blame");
    std::fs::create_dir(dir.join("indir")).expect("mkdir");
    write(&dir, "plain", b"x");
    // The input is a directory: the input's error, not the output's.
    let out = run(&["encrypt", "-o", "outdir.fl", "indir/"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("`indir/`") && !err.contains("outdir.fl"),
        "{err}"
    );
    // The output is a directory: the output's.
    let out = run(&["encrypt", "-o", "indir", "plain"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("`indir`") && !err.contains("`plain`"), "{err}");
    assert_eq!(names(&dir), ["indir", "plain"]);
    assert!(names(&dir.join("indir")).is_empty());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cp_writes_through_a_symlink_and_in_place_over_hard_links() {
    let dir = temp_dir("cp-links");
    write(&dir, "src", b"new content");
    let target = write(&dir, "target", b"old");
    std::os::unix::fs::symlink("target", dir.join("link")).expect("symlink");
    let out = run(&["cp", "src", "link"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.join("link")).expect("lstat");
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(std::fs::read(&target).expect("read"), b"new content");
    // A dangling link is not written through, as GNU cp refuses it.
    std::os::unix::fs::symlink("nowhere", dir.join("dangling")).expect("symlink");
    let out = run(&["cp", "src", "dangling"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("dangling symlink"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("nowhere").exists());
    // Hard links: both names see the new content, one inode.
    let a = write(&dir, "a", b"linked");
    std::fs::hard_link(&a, dir.join("b")).expect("link");
    let ino = std::fs::metadata(&a).expect("stat").ino();
    let out = run(&["cp", "src", "b"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&a).expect("read"), b"new content");
    assert_eq!(std::fs::metadata(dir.join("b")).expect("stat").ino(), ino);
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cp_into_a_fifo_writes_into_it() {
    let dir = temp_dir("cp-fifo");
    write(&dir, "src", b"through the pipe");
    let fifo = dir.join("fifo");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid path and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo))
    };
    let out = run(&["cp", "src", "fifo"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        reader.join().expect("reader").expect("read"),
        b"through the pipe"
    );
    let meta = std::fs::symlink_metadata(&fifo).expect("lstat");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cp_keeps_a_foreign_owner_and_writes_a_file_in_a_read_only_directory() {
    let dir = temp_dir("cp-owner");
    chmod(&dir, 0o755);
    let src = write(&dir, "src", b"new content");
    chmod(&src, 0o644);
    if is_root() {
        // Root replacing nobody's file: cp keeps nobody as its owner.
        let theirs = write(&dir, "theirs", b"old");
        std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).expect("chown");
        let out = run(&["cp", "src", "theirs"], &dir);
        assert!(out.status.success(), "{}", stderr(&out));
        let meta = std::fs::metadata(&theirs).expect("stat");
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "owner changed");
        assert_eq!(std::fs::read(&theirs).expect("read"), b"new content");
    } else {
        println!("not root: the foreign-owner case is skipped");
    }
    // A writable file in a directory its user may not write: cp succeeds.
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).expect("mkdir");
    let file = write(&ro, "file", b"old");
    chmod(&file, 0o666);
    chmod(&ro, 0o555);
    let fl = fl_copy(&dir);
    let out = unprivileged(
        Command::new(&fl)
            .args(["cp", "src", "ro/file"])
            .current_dir(&dir),
    )
    .output()
    .expect("run fl");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&file).expect("read"), b"new content");
    // A new file there is refused, naming the path given.
    let out = unprivileged(
        Command::new(&fl)
            .args(["cp", "src", "ro/new"])
            .current_dir(&dir),
    )
    .output()
    .expect("run fl");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("`ro/new`") && err.contains("Permission denied") && !err.contains(".flash-"),
        "{err}"
    );
    assert_eq!(names(&ro), ["file"]);
    chmod(&ro, 0o755);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// Runs `fl ARGS` with the standard stream `fd` closed.
fn with_closed(fd: i32, args: &[&str], dir: &Path) -> std::process::Output {
    let mut cmd = fl_cmd(args, dir);
    // SAFETY: close(2) between fork and exec, nothing else.
    unsafe {
        cmd.pre_exec(move || {
            libc::close(fd);
            Ok(())
        });
    }
    cmd.output().expect("run fl")
}

/// `/dev/null` opened read-write, as Python's `subprocess.DEVNULL`,
/// `nohup` and service managers open it.
fn dev_null_rw() -> std::fs::File {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .expect("open /dev/null")
}

/// Standard streams on `/dev/null` are ordinary sinks and sources however
/// they were opened: read-write (Python's `subprocess.DEVNULL`) as well as
/// one way (a shell's `>/dev/null`). A stream closed when `fl` started
/// cannot be told from them (Rust's start-up reopens it on `/dev/null`,
/// read-write), so it is one too.
#[test]
fn standard_streams_on_dev_null_are_ordinary_however_opened() {
    let dir = temp_dir("out-devnull");
    write(&dir, "f", b"one two\n");
    for args in [
        &["wc", "f"][..],
        &["cat", "f"],
        &["hash", "f"],
        &["wc"],
        &["cat"],
    ] {
        for (how, stdout, stdin) in [
            ("read-write", dev_null_rw(), dev_null_rw()),
            (
                "one way",
                std::fs::File::create("/dev/null").expect("open"),
                std::fs::File::open("/dev/null").expect("open"),
            ),
        ] {
            let out = fl_cmd(args, &dir)
                .stdout(stdout)
                .stdin(stdin)
                .output()
                .expect("run");
            assert!(out.status.success(), "{args:?} {how}: {}", stderr(&out));
            assert!(out.stderr.is_empty(), "{args:?} {how}: {}", stderr(&out));
        }
    }
    // stdin on a read-write /dev/null is an empty input.
    let out = fl_cmd(&["wc"], &dir)
        .stdin(dev_null_rw())
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, b"      0       0       0\n");
    // Closed at start: an ordinary sink or an empty source, as above.
    for (fd, args) in [(1, &["cat", "f"][..]), (1, &["hash", "f"]), (0, &["wc"])] {
        let out = with_closed(fd, args, &dir);
        assert!(out.status.success(), "{args:?} fd {fd}: {}", stderr(&out));
    }
    // Exactly what Python's subprocess does, where python3 is installed.
    let script = "import subprocess, sys\n\
        for args in (['hash', 'f'], ['cat', 'f'], ['wc', 'f'], ['wc']):\n\
        \x20   r = subprocess.run([sys.argv[1]] + args, stdin=subprocess.DEVNULL,\n\
        \x20       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n\
        \x20   print(r.returncode, r.stderr.decode().strip())\n";
    match Command::new("python3")
        .args(["-c", script])
        .arg(common::fl_bin())
        .current_dir(&dir)
        .output()
    {
        Ok(py) => {
            assert!(py.status.success(), "{}", stderr(&py));
            assert_eq!(String::from_utf8_lossy(&py.stdout), "0 \n0 \n0 \n0 \n");
        }
        Err(e) => println!("python3 not run ({e}): the subprocess.DEVNULL case is skipped"),
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cat_into_a_closed_pipe_ends_quietly_and_a_full_one_names_stdout() {
    let dir = temp_dir("out-pipe");
    write(&dir, "big", &vec![b'x'; 4 << 20]);
    let script = format!(
        "\"{}\" cat big | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}",
        common::fl_bin().display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .current_dir(&dir)
        .output()
        .expect("bash");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "141");
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    for args in [&["cat", "big"][..], &["hash", "big"], &["wc", "big"]] {
        let out = fl_cmd(args, &dir).stdout(dev_full()).output().expect("run");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("stdout: No space left on device") && !err.contains("big"),
            "{args:?}: {err}"
        );
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// `mknod DIR/null c 1 3`: a device node of our own in a scratch folder
/// (never the system's `/dev/null`); `None`, said, where that is not
/// permitted (not root, or a filesystem mounted `nodev` refuses it).
fn scratch_null(dir: &Path) -> Option<std::path::PathBuf> {
    let path = dir.join("null");
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid path; makedev(1, 3) is the null device.
    let rc = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        println!(
            "mknod {}: {e}: the device-node case is skipped",
            path.display()
        );
        return None;
    }
    // A node of a `nodev` filesystem exists but cannot be opened.
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(&path) {
        println!(
            "{} cannot be opened ({e}): the device-node case is skipped",
            path.display()
        );
        std::fs::remove_file(&path).expect("rm");
        return None;
    }
    Some(path)
}

fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

/// `fl encrypt`, `decrypt` and `cp` into a device node: written in place,
/// the node stays a device (it was replaced by a renamed regular file).
#[test]
fn a_device_given_as_output_stays_a_device() {
    let dir = temp_dir("out-device");
    write(&dir, "plain", b"secret\n");
    let out = run(&["encrypt", "-o", "sealed.fl", "plain"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let Some(null) = scratch_null(&dir) else {
        std::fs::remove_dir_all(&dir).expect("cleanup");
        return;
    };
    let before = std::fs::symlink_metadata(&null).expect("lstat");
    for args in [
        &["encrypt", "-o", "null", "plain"][..],
        &["decrypt", "-o", "null", "sealed.fl"],
        &["cp", "plain", "null"],
    ] {
        let out = run(args, &dir);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(is_char_device(&null), "{args:?}: the device was replaced");
        let after = std::fs::symlink_metadata(&null).expect("lstat");
        assert_eq!(after.ino(), before.ino(), "{args:?}: another node");
        assert_eq!(after.mode(), before.mode(), "{args:?}: its mode changed");
        assert!(leftovers(&dir).is_empty(), "{args:?}");
    }
    // GNU cp agrees: written in place.
    if let Some(cp) = common::tool("/usr/bin/cp") {
        let gnu = Command::new(cp)
            .args(["plain", "null"])
            .current_dir(&dir)
            .output()
            .expect("cp");
        assert!(gnu.status.success());
        assert!(is_char_device(&null));
    }
    assert_eq!(names(&dir), ["null", "plain", "sealed.fl"]);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// Starts a reader of the FIFO `path`, which returns all it read.
fn fifo_reader(path: &Path) -> std::thread::JoinHandle<Vec<u8>> {
    let path = path.to_path_buf();
    std::thread::spawn(move || std::fs::read(path).expect("read the fifo"))
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid path and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// `fl encrypt` and `decrypt` into a FIFO with a reader: the reader gets
/// the output, the FIFO stays a FIFO, nothing else is left.
#[test]
fn a_fifo_given_as_output_gets_the_output_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp_dir("out-fifo");
    let plain = b"through the pipe\n".repeat(10_000);
    write(&dir, "plain", &plain);
    let fifo = dir.join("fifo");
    mkfifo(&fifo);
    let reader = fifo_reader(&fifo);
    let out = run(&["encrypt", "-o", "fifo", "plain"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let sealed = reader.join().expect("reader");
    assert_eq!(&sealed[..8], b"FLASHENC");
    std::fs::write(dir.join("sealed.fl"), &sealed).expect("write");
    let reader = fifo_reader(&fifo);
    let out = run(&["decrypt", "-o", "fifo", "sealed.fl"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(reader.join().expect("reader") == plain, "decrypted output");
    let meta = std::fs::symlink_metadata(&fifo).expect("lstat");
    assert!(meta.file_type().is_fifo(), "the fifo was replaced");
    assert_eq!(meta.mode() & 0o777, 0o600, "the fifo's mode changed");
    assert_eq!(names(&dir), ["fifo", "plain", "sealed.fl"]);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// A link to `/proc/self/fd/1`, and `/dev/stdout` itself: the output goes
/// to stdout (a pipe here, then a file appended to), and the link stays.
#[test]
fn a_link_to_stdout_streams_to_stdout() {
    let dir = temp_dir("out-stdout");
    let plain = b"to standard output\n";
    write(&dir, "plain", plain);
    let out = run(&["encrypt", "-o", "sealed.fl", "plain"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    std::os::unix::fs::symlink("/proc/self/fd/1", dir.join("out")).expect("symlink");
    for target in ["out", "/dev/stdout"] {
        for args in [
            &["decrypt", "-o", target, "sealed.fl"][..],
            &["cp", "plain", target],
        ] {
            let out = run(args, &dir);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            assert_eq!(out.stdout, plain, "{args:?}");
        }
        let out = run(&["encrypt", "-o", target, "plain"], &dir);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(&out.stdout[..8], b"FLASHENC", "{target}");
    }
    let link = std::fs::symlink_metadata(dir.join("out")).expect("lstat");
    assert!(link.file_type().is_symlink(), "the link was replaced");
    // Stdout a file opened for appending (`>> log`): appended to, twice,
    // never truncated nor replaced.
    let log = write(&dir, "log", b"first line\n");
    let ino = std::fs::metadata(&log).expect("stat").ino();
    for args in [
        &["decrypt", "-o", "out", "sealed.fl"][..],
        &["cp", "plain", "/dev/stdout"],
    ] {
        let append = std::fs::OpenOptions::new()
            .append(true)
            .open(&log)
            .expect("open log");
        let out = fl_cmd(args, &dir)
            .env(PASS.0, PASS.1)
            .stdout(append)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let mut want = b"first line\n".to_vec();
    want.extend_from_slice(plain);
    want.extend_from_slice(plain);
    assert_eq!(std::fs::read(&log).expect("read"), want);
    assert_eq!(std::fs::metadata(&log).expect("stat").ino(), ino);
    assert_eq!(names(&dir), ["log", "out", "plain", "sealed.fl"]);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// Sets `fs.protected_symlinks` to 1 for as long as it lives (and puts the
/// old value back); `None`, said, where it is not 1 and cannot be set.
struct ProtectedSymlinks(Option<String>);

impl ProtectedSymlinks {
    const PATH: &'static str = "/proc/sys/fs/protected_symlinks";

    fn on() -> Option<ProtectedSymlinks> {
        let Ok(old) = std::fs::read_to_string(Self::PATH) else {
            println!(
                "{} unreadable: the protected-symlink case is skipped",
                Self::PATH
            );
            return None;
        };
        if old.trim() == "1" {
            return Some(ProtectedSymlinks(None));
        }
        match std::fs::write(Self::PATH, "1") {
            Ok(()) => Some(ProtectedSymlinks(Some(old))),
            Err(e) => {
                println!(
                    "cannot set {} ({e}): the protected-symlink case is skipped",
                    Self::PATH
                );
                None
            }
        }
    }
}

impl Drop for ProtectedSymlinks {
    fn drop(&mut self) {
        if let Some(old) = &self.0 {
            let _ = std::fs::write(Self::PATH, old.trim());
        }
    }
}

/// The attack of issue 18: in a sticky, world-writable directory another
/// user plants `drop -> victim/precious`; with `fs.protected_symlinks=1`
/// the kernel refuses to follow it for the victim, and so `fl cp`,
/// `encrypt` and `decrypt` refuse to write there, as GNU cp refuses.
#[test]
fn a_symlink_planted_in_a_sticky_directory_is_refused_as_cp_refuses_it() {
    if !is_root() {
        println!("not root: no other user can own the planted link; skipped");
        return;
    }
    let Some(_protected) = ProtectedSymlinks::on() else {
        return;
    };
    let dir = temp_dir("out-planted");
    chmod(&dir, 0o755);
    let sticky = dir.join("sticky");
    std::fs::create_dir(&sticky).expect("mkdir");
    chmod(&sticky, 0o1777);
    let victim = dir.join("victim");
    std::fs::create_dir(&victim).expect("mkdir");
    let precious = write(&victim, "precious", b"precious\n");
    write(&dir, "report", b"report\n");
    let out = run(&["encrypt", "-o", "sealed.fl", "report"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let planted = sticky.join("drop");
    std::os::unix::fs::symlink(&precious, &planted).expect("symlink");
    // Planted by nobody (65534), not by the victim or the directory's owner.
    std::os::unix::fs::lchown(&planted, Some(65534), Some(65534)).expect("lchown");
    for args in [
        &["cp", "report", "sticky/drop"][..],
        &["encrypt", "-o", "sticky/drop", "report"],
        &["decrypt", "-o", "sticky/drop", "sealed.fl"],
    ] {
        let out = run(args, &dir);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("Permission denied"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(&precious).expect("read"),
            b"precious\n",
            "{args:?}"
        );
        assert!(leftovers(&victim).is_empty() && leftovers(&sticky).is_empty());
    }
    if let Some(cp) = common::tool("/usr/bin/cp") {
        let gnu = Command::new(cp)
            .args(["report", "sticky/drop"])
            .current_dir(&dir)
            .output()
            .expect("cp");
        assert_eq!(gnu.status.code(), Some(1), "GNU cp wrote through it");
        assert!(
            stderr(&gnu).contains("Permission denied"),
            "{}",
            stderr(&gnu)
        );
        assert_eq!(std::fs::read(&precious).expect("read"), b"precious\n");
    }
    // The victim's own link in the same place is followed, as by cp: the
    // file it names is replaced and the link stays.
    let own = sticky.join("mine");
    std::os::unix::fs::symlink(&precious, &own).expect("symlink");
    let out = run(&["cp", "report", "sticky/mine"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&precious).expect("read"), b"report\n");
    assert!(std::fs::symlink_metadata(&own).expect("lstat").is_symlink());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// What `open(2)` refuses is refused: a regular file its user may not
/// write is not replaced by a rename (the directory is writable), as GNU
/// cp refuses it.
#[test]
fn an_output_its_user_may_not_write_is_refused() {
    let dir = temp_dir("out-readonly");
    chmod(&dir, 0o777);
    let fl = fl_copy(&dir);
    let src = write(&dir, "src", b"new\n");
    chmod(&src, 0o644);
    let ro = write(&dir, "ro", b"keep\n");
    chmod(&ro, 0o444);
    for args in [&["cp", "src", "ro"][..], &["encrypt", "-o", "ro", "src"]] {
        let out = unprivileged(Command::new(&fl).args(args).current_dir(&dir))
            .env(PASS.0, PASS.1)
            .stdin(Stdio::null())
            .output()
            .expect("run fl");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("`ro`") && err.contains("Permission denied"),
            "{err}"
        );
        assert_eq!(std::fs::read(&ro).expect("read"), b"keep\n", "{args:?}");
    }
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
