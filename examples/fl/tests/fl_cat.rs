//! `fl cat` to every kind of stdout — a regular file (copy_file_range), a
//! pipe (splice), a socket (sendfile), a file opened for appending (read
//! and write) — against the concatenation and GNU `cat`, with unreadable
//! inputs, a FIFO as input, a file copied onto itself, Ctrl-C and
//! `--timeout`.

mod common;

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{fl, fl_bin, output_fed, output_stdin_held, temp_dir, text, tool, write, Rng};

/// Many small files of mixed sizes (empty ones too) and a large one.
fn corpus(dir: &Path, rng: &mut Rng) -> (Vec<String>, Vec<u8>) {
    let mut names = Vec::new();
    let mut all = Vec::new();
    for i in 0..60 {
        let size = match i {
            0 => 0,
            30 => 3 << 20,
            _ => rng.below(70 << 10),
        };
        let data = text(rng, size);
        let name = format!("f{i:02}");
        write(dir, &name, &data);
        all.extend_from_slice(&data);
        names.push(name);
    }
    (names, all)
}

/// Runs `fl cat ARGS` in `dir` with stdout into `stdout`.
fn cat_into(args: &[&str], dir: &Path, stdout: impl Into<Stdio>) -> Output {
    Command::new(fl_bin())
        .arg("cat")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("run fl")
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cat_to_a_file_and_to_a_pipe_is_the_concatenation() {
    let dir = temp_dir("cat-kinds");
    let mut rng = Rng::from_env("cat_to_a_file_and_to_a_pipe_is_the_concatenation");
    let (names, all) = corpus(&dir, &mut rng);
    let args: Vec<&str> = names.iter().map(String::as_str).collect();
    // A pipe.
    let out = fl(&[&["cat"], &args[..]].concat(), &dir);
    assert_ok(&out);
    assert!(out.stdout == all, "through a pipe");
    // A regular file: through the buffer ring of a reader and a writer
    // task, and with one task allowed, one kernel copy after the other.
    let sink = dir.join("out");
    for limit in [None, Some("1")] {
        let mut with_limit = args.clone();
        if let Some(n) = limit {
            with_limit.splice(0..0, ["--max-concurrency", n]);
        }
        let out = cat_into(&with_limit, &dir, File::create(&sink).expect("create"));
        assert_ok(&out);
        assert!(
            std::fs::read(&sink).expect("read") == all,
            "into a file, {limit:?}"
        );
    }
    if let Some(cat) = tool("/usr/bin/cat") {
        let gnu = Command::new(cat)
            .args(&args)
            .current_dir(&dir)
            .output()
            .expect("cat");
        assert!(gnu.stdout == all, "GNU cat disagrees");
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[cfg(unix)]
#[test]
fn cat_to_a_socket_and_to_an_appended_file() {
    use std::os::unix::net::UnixStream;
    let dir = temp_dir("cat-socket");
    let mut rng = Rng::from_env("cat_to_a_socket_and_to_an_appended_file");
    let (names, all) = corpus(&dir, &mut rng);
    let args: Vec<&str> = names.iter().map(String::as_str).collect();
    // A socket as stdout: read the other end while fl writes.
    let (mut ours, theirs) = UnixStream::pair().expect("socketpair");
    let reader = std::thread::spawn(move || {
        let mut got = Vec::new();
        ours.read_to_end(&mut got).map(|_| got)
    });
    let out = cat_into(&args, &dir, std::os::fd::OwnedFd::from(theirs));
    assert_ok(&out);
    assert!(
        reader.join().expect("reader").expect("read") == all,
        "socket"
    );
    // A file opened for appending keeps what it had.
    let sink = write(&dir, "log", b"before\n");
    let append = OpenOptions::new().append(true).open(&sink).expect("open");
    let out = cat_into(&args, &dir, append);
    assert_ok(&out);
    assert!(std::fs::read(&sink).expect("read") == [b"before\n", &all[..]].concat());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cat_goes_on_past_unreadable_inputs() {
    let dir = temp_dir("cat-errors");
    write(&dir, "a", b"first\n");
    write(&dir, "b", b"second\n");
    std::fs::create_dir(dir.join("sub")).expect("mkdir");
    let args = ["a", "nope", "sub", "b"];
    for to_file in [false, true] {
        let sink = dir.join("out");
        let out = if to_file {
            cat_into(&args, &dir, File::create(&sink).expect("create"))
        } else {
            cat_into(&args, &dir, Stdio::piped())
        };
        let printed = if to_file {
            std::fs::read(&sink).expect("read")
        } else {
            out.stdout.clone()
        };
        assert_eq!(printed, b"first\nsecond\n", "to a file: {to_file}");
        assert_eq!(out.status.code(), Some(1));
        // Every failure is reported, in order, as cat reports each.
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{stderr}");
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains("nope"),
            "{stderr}"
        );
        assert!(
            lines[1].starts_with("error: ") && lines[1].contains("sub"),
            "{stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// `-` (or no FILE) is standard input, from a pipe or a redirected file,
/// into a pipe or a file, as with GNU cat; a closed stdin is an empty one.
#[test]
fn cat_reads_standard_input_for_a_dash_or_no_file() {
    let dir = temp_dir("cat-stdin");
    let mut rng = Rng::from_env("cat_reads_standard_input_for_a_dash_or_no_file");
    let a = text(&mut rng, 5000);
    let big = text(&mut rng, (2 << 20) + 3);
    write(&dir, "a", &a);
    write(&dir, "big", &big);
    let fed = text(&mut rng, 300_000);
    let feed = write(&dir, "fed", &fed);
    let cases: [(&[&str], Vec<u8>); 3] = [
        (&[], fed.clone()),
        (&["-"], fed.clone()),
        (&["a", "-", "big"], [&a[..], &fed[..], &big[..]].concat()),
    ];
    for (args, want) in &cases {
        for from_pipe in [false, true] {
            for to_file in [false, true] {
                let what = format!("cat {args:?}, pipe in: {from_pipe}, file out: {to_file}");
                let sink = dir.join("out");
                let mut cmd = Command::new(fl_bin());
                cmd.arg("cat").args(*args).current_dir(&dir);
                cmd.stderr(Stdio::piped());
                if to_file {
                    cmd.stdout(File::create(&sink).expect("create"));
                } else {
                    cmd.stdout(Stdio::piped());
                }
                let out = if from_pipe {
                    output_fed(&mut cmd, &fed)
                } else {
                    cmd.stdin(File::open(&feed).expect("open"));
                    cmd.output().expect("run")
                };
                assert_ok(&out);
                let printed = if to_file {
                    std::fs::read(&sink).expect("read")
                } else {
                    out.stdout.clone()
                };
                assert!(printed == *want, "{what}: {} bytes", printed.len());
            }
        }
    }
    // A closed stdin reads as empty: Rust's start-up reopens it on
    // /dev/null, read-write, as Python's subprocess.DEVNULL opens it, and
    // the two cannot be told apart (issue 18: /dev/null is an ordinary
    // source however it was opened).
    let out = Command::new("bash")
        .args(["-c", &format!("{} cat a - <&-", fl_bin().display())])
        .current_dir(&dir)
        .output()
        .expect("bash");
    assert_ok(&out);
    assert_eq!(out.stdout, a);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[cfg(unix)]
#[test]
fn cat_refuses_to_copy_a_file_onto_itself() {
    let dir = temp_dir("cat-self");
    let path = write(&dir, "f", b"content\n");
    write(&dir, "a", b"other\n");
    // `fl cat a f >> f` would grow f for ever; GNU cat refuses too. Both
    // ways into a file: the buffer ring, and one task.
    let mut expected = b"content\n".to_vec();
    for args in [&["a", "f"][..], &["--max-concurrency", "1", "a", "f"]] {
        let append = OpenOptions::new().append(true).open(&path).expect("open");
        let out = cat_into(args, &dir, append);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("input file is output file"), "{stderr}");
        expected.extend_from_slice(b"other\n");
        assert_eq!(std::fs::read(&path).expect("read"), expected, "{args:?}");
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[cfg(unix)]
#[test]
fn cat_of_a_fifo_to_a_file_and_to_a_pipe() {
    let dir = temp_dir("cat-fifo");
    let mut rng = Rng::from_env("cat_of_a_fifo_to_a_file_and_to_a_pipe");
    let data = text(&mut rng, 300_000);
    write(&dir, "head", b"head\n");
    for to_file in [false, true] {
        let sink = dir.join("out");
        let mut cmd = Command::new(fl_bin());
        cmd.args(["cat", "head", "/dev/stdin"])
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped());
        if to_file {
            cmd.stdout(File::create(&sink).expect("create"));
        } else {
            cmd.stdout(Stdio::piped());
        }
        let out = output_fed(&mut cmd, &data);
        assert_ok(&out);
        let printed = if to_file {
            std::fs::read(&sink).expect("read")
        } else {
            out.stdout
        };
        assert!(
            printed == [b"head\n", &data[..]].concat(),
            "to a file: {to_file}"
        );
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// Starts `fl cat ARGS` into a pipe nobody reads yet, and waits until the
/// first bytes arrive (the copy is under way); returns the child and the
/// read end.
fn cat_blocked_on_a_full_pipe(dir: &Path, args: &[&str]) -> (std::process::Child, impl Read) {
    let mut child = Command::new(fl_bin())
        .arg("cat")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("first byte");
    (child, stdout)
}

fn big_inputs(dir: &Path) -> Vec<PathBuf> {
    let data = vec![b'x'; 4 << 20];
    (0..4)
        .map(|i| write(dir, &format!("big{i}"), &data))
        .collect()
}

#[cfg(unix)]
#[test]
fn cat_stops_on_sigint_and_on_timeout() {
    let dir = temp_dir("cat-cancel");
    big_inputs(&dir);
    let args = ["big0", "big1", "big2", "big3"];
    // Ctrl-C: the ready handshake is the first byte; 16 MiB cannot fit in
    // a pipe nobody reads, so the copy is blocked when the signal lands,
    // and must end anyway.
    let (child, stdout) = cat_blocked_on_a_full_pipe(&dir, &args);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let out = child.wait_with_output().expect("wait");
    drop(stdout);
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --timeout, into a file, with an input that never ends (a pipe we
    // hold open): the reader of the buffer ring is blocked in `read`.
    let out = output_stdin_held(
        Command::new(fl_bin())
            .args(["cat", "--timeout", "300ms", "big0", "/dev/stdin"])
            .current_dir(&dir)
            .stdout(File::create(dir.join("out")).expect("create"))
            .stderr(Stdio::piped()),
    );
    assert_eq!(
        out.status.code(),
        Some(124),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --timeout, with the pipe never read.
    let (child, stdout) =
        cat_blocked_on_a_full_pipe(&dir, &["--timeout", "300ms", "big0", "big1", "big2"]);
    let out = child.wait_with_output().expect("wait");
    drop(stdout);
    assert_eq!(
        out.status.code(),
        Some(124),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
