//! `fl wc` against GNU `wc` (`/usr/bin/wc`, `LC_ALL=C`) on generated text,
//! fed every way: a named file, stdin redirected from a file, a pipe.
//! Sizes are chosen so a regular file is split across the CPU pool at
//! several points and read in several buffers, with boundaries falling
//! inside words, whitespace runs and multi-byte UTF-8 sequences.

mod common;

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{fl_bin, output_fed, output_stdin_held, temp_dir, text, tool, write, Rng};

/// How the input reaches the program.
#[derive(Clone, Copy, Debug)]
enum Feed<'a> {
    /// `prog ARGS` (the files are named in ARGS).
    Args,
    /// `prog ARGS < FILE`, the file's offset at the given byte.
    Redirect(&'a Path, u64),
    /// `cat FILE | prog ARGS`.
    Pipe(&'a [u8]),
}

fn run(prog: &Path, args: &[&str], dir: &Path, feed: Feed) -> Output {
    let mut cmd = Command::new(prog);
    cmd.args(args)
        .current_dir(dir)
        .env("LC_ALL", "C")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match feed {
        Feed::Args => {
            cmd.stdin(Stdio::null());
        }
        Feed::Redirect(path, offset) => {
            let mut file = File::open(path).expect("open");
            // The child's stdin shares this open file, offset included.
            file.seek(SeekFrom::Start(offset)).expect("seek");
            cmd.stdin(file);
        }
        Feed::Pipe(data) => return output_fed(&mut cmd, data),
    }
    cmd.output().expect("run")
}

/// Runs `fl wc ARGS` and GNU `wc ARGS` the same way and compares stdout and
/// the exit status; returns fl's output. `None` when GNU wc is missing.
fn compare(args: &[&str], dir: &Path, feed: Feed) -> Option<Output> {
    let mut fl_args = vec!["wc"];
    fl_args.extend_from_slice(args);
    let ours = run(&fl_bin(), &fl_args, dir, feed);
    let gnu = run(Path::new(tool("/usr/bin/wc")?), args, dir, feed);
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&gnu.stdout),
        "stdout of wc {args:?} fed {feed:?}; fl stderr: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert_eq!(
        ours.status.code(),
        gnu.status.code(),
        "exit of wc {args:?} ({feed:?}): {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    Some(ours)
}

#[test]
fn wc_matches_gnu_wc_on_generated_text_from_a_file_stdin_and_a_pipe() {
    let dir = temp_dir("wc-gen");
    let mut rng = Rng::from_env("wc_matches_gnu_wc_on_generated_text");
    // Around the 64-byte blocks, the 128 KiB buffers and the 1 MiB pieces
    // a regular file is split into.
    let sizes = [
        0,
        1,
        63,
        65,
        (128 << 10) - 1,
        (128 << 10) + 1,
        (1 << 20) + 3,
        (3 << 20) + 12_345,
        (5 << 20) + rng.below(1 << 20),
    ];
    for (i, &size) in sizes.iter().enumerate() {
        let data = text(&mut rng, size);
        let name = format!("t{i}");
        let path = write(&dir, &name, &data);
        if compare(&[&name], &dir, Feed::Args).is_none() {
            return;
        }
        compare(&[], &dir, Feed::Redirect(&path, 0));
        compare(&[], &dir, Feed::Pipe(&data));
        if size > 1000 {
            // stdin whose offset is not at the start: counted from there.
            compare(&[], &dir, Feed::Redirect(&path, 777));
        }
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn wc_of_many_inputs_with_failures_matches_gnu_wc() {
    let dir = temp_dir("wc-many");
    let mut rng = Rng::from_env("wc_of_many_inputs_with_failures_matches_gnu_wc");
    let big = write(&dir, "big", &text(&mut rng, (2 << 20) + 77));
    write(&dir, "small", &text(&mut rng, 1000));
    write(&dir, "empty", b"");
    std::fs::create_dir(dir.join("sub")).expect("mkdir");
    // Column widths from every input, `-` as stdin, the total line; a
    // missing file gets no line, a directory a line of zeros, and the rest
    // is still counted (exit 1).
    let cases: &[&[&str]] = &[
        &["big", "small", "empty"],
        &["small", "-", "big"],
        &["nope", "small", "sub", "big"],
        &["-", "-"],
        &["sub"],
        &["-"],
    ];
    for args in cases {
        let Some(out) = compare(args, &dir, Feed::Redirect(&big, 0)) else {
            return;
        };
        compare(args, &dir, Feed::Pipe(b"piped words\n"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        for bad in ["nope", "sub"] {
            if args.contains(&bad) {
                assert!(stderr.contains(bad), "{args:?}: {stderr}");
            }
        }
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// Peak RSS of `bash -c CMD`'s `fl`, through `/usr/bin/time` (a small
/// parent of its own, so the figure is fl's alone).
fn peak_rss_kib(cmd: &str, dir: &Path) -> Option<u64> {
    let time = tool("/usr/bin/time")?;
    let report = dir.join("rss");
    let fl = fl_bin();
    let script = cmd.replace(
        "FL",
        &format!("{time} -f %M -o {} {}", report.display(), fl.display()),
    );
    let status = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .expect("bash");
    assert!(status.success(), "{script}");
    let text = std::fs::read_to_string(&report).expect("time report");
    text.split_whitespace().last()?.parse().ok()
}

#[test]
fn wc_memory_stays_flat_whatever_the_input_size() {
    let dir = temp_dir("wc-rss");
    let mut rng = Rng::from_env("wc_memory_stays_flat_whatever_the_input_size");
    // 48 MiB: an fl that held the input, or a piece of it per thread,
    // would be far past the 16 MiB bound.
    let block = text(&mut rng, 1 << 20);
    let mut file = File::create(dir.join("big")).expect("create");
    for _ in 0..48 {
        file.write_all(&block).expect("write");
    }
    drop(file);
    for cmd in ["FL wc big", "FL wc < big", "cat big | FL wc"] {
        let Some(kib) = peak_rss_kib(cmd, &dir) else {
            return;
        };
        assert!(kib < 16 * 1024, "`{cmd}`: peak RSS {kib} KiB");
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn wc_timeout_stops_a_read_that_never_ends() {
    // stdin is a pipe we keep open and never write: the read blocks until
    // --timeout cancels the command.
    let out = output_stdin_held(
        Command::new(fl_bin())
            .args(["wc", "--timeout", "300ms"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    assert_eq!(
        out.status.code(),
        Some(124),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}
