//! Writes the seed corpora: `corpus/parse_argv/*` (command lines for the
//! apps of `flash_fuzz::apps`) and `corpus/decrypt/*` (files encrypted under
//! the fuzz passphrase, and tampered ones).
//!
//! `cargo run --bin make-seeds` from `fuzz/`. The argv seeds come out the
//! same every time; the encrypted ones have fresh salts.

use std::path::Path;

use flash::ops::crypto::encrypt_stream;
use flash_fuzz::decrypt::{
    CHUNK, FAST, HEADER_LEN, MAX_KDF_LANES, MAX_KDF_MEMORY_KIB, MAX_KDF_PASSES, PASSPHRASE, TAG_LEN,
};
use tokio_util::sync::CancellationToken;

/// `fz` with no environment, `fy`, and `fz` with `FZ_LEVEL` / `FZ_ROOT`
/// taken from the first arguments (see `flash_fuzz::argv`).
const FZ: u8 = 0;
const FY: u8 = 1;
const FZ_LEVEL_ARG: u8 = 3 << 1;
const FZ_ROOT_EMPTY: u8 = 2 << 3;
const FZ_ROOT_ARG: u8 = 3 << 3;

fn argv_seeds() -> Vec<(&'static str, u8, Vec<&'static [u8]>)> {
    let full: Vec<&[u8]> = vec![
        b"sh",
        b"7",
        b"two",
        b"a",
        b"b",
        b"--must=m",
        b"-o",
        b"raw",
        b"-t",
        b"x",
        b"--tag=y",
        b"-l",
        b"4",
        b"--mode",
        b"fast",
        b"-F",
        b"json",
        b"--date",
        b"2024-05-17",
        b"--dates",
        b"2024-01-01",
        b"--dates=2023-12-31",
        b"-fcc",
        b"--pin",
        b"--no-pin",
        b"--no-header",
        b"--out",
        b"o.txt",
        b"--overwrite",
        b"--secret",
        b"s",
        "-é".as_bytes(),
        b"--delta",
        b"-3",
        b"--ratio",
        b"1e3",
    ];
    vec![
        ("empty", FZ, vec![]),
        ("help", FZ, vec![b"--help"]),
        ("version", FZ, vec![b"-V"]),
        ("help-nested", FZ, vec![b"help", b"remote", b"add"]),
        ("shapes-min", FZ, vec![b"shapes", b"1", b"--must", b"x"]),
        ("shapes-full", FZ, full),
        (
            "handler-error",
            FZ,
            vec![b"--root", b"/r", b"-vv", b"shapes", b"13", b"-m", b"x"],
        ),
        (
            "conflict",
            FZ,
            vec![b"shapes", b"1", b"-mvalue", b"-ctvalue", b"-t=eq", b"--all"],
        ),
        (
            "requires",
            FZ,
            vec![b"shapes", b"1", b"-m", b"x", b"--overwrite"],
        ),
        ("bad-number", FZ, vec![b"shapes", b"x", b"-m", b"x"]),
        (
            "range",
            FZ,
            vec![b"shapes", b"1", b"-m", b"x", b"--level", b"10"],
        ),
        (
            "possible",
            FZ,
            vec![b"shapes", b"1", b"-m", b"x", b"--mode", b"fats"],
        ),
        (
            "enum-near",
            FZ,
            vec![b"shapes", b"1", b"-m", b"x", b"-F", b"JSON"],
        ),
        (
            "parse-fn",
            FZ,
            vec![b"shapes", b"1", b"-m", b"x", b"--date", b"2024-13-01"],
        ),
        (
            "negative",
            FZ,
            vec![b"shapes", b"-5", b"-m", b"x", b"--delta=-9"],
        ),
        (
            "pick",
            FZ,
            vec![
                b"pick",
                b"--url",
                b"u",
                b"-n",
                b"5",
                b"-g",
                b"lab",
                b"--since",
                b"2020-02-02",
                b"-1",
                b"-2",
                b"3",
                b"--",
                b"-7",
                b"8",
            ],
        ),
        (
            "last",
            FZ,
            vec![
                b"x", b"run", b"-e", b"A=1", b"--", b"-x", b"--y", b"--", b"z",
            ],
        ),
        ("last-empty", FZ, vec![b"exec", b"--"]),
        (
            "one-of-both",
            FZ,
            vec![b"pick", b"--url", b"u", b"--file", b"f"],
        ),
        ("one-of-none", FZ, vec![b"pick"]),
        (
            "digit-short",
            FZ,
            vec![b"pick", b"--file", b"f", b"-5", b"-12"],
        ),
        ("hidden", FZ, vec![b"debug", b"--dump"]),
        (
            "group-alias",
            FZ,
            vec![b"remote", b"a", b"origin", b"-u", b"url"],
        ),
        (
            "group-alias-list",
            FZ,
            vec![b"remote", b"del", b"a", b"b", b"-f"],
        ),
        (
            "group-nested",
            FZ,
            vec![b"remote", b"mirror", b"p", b"there"],
        ),
        ("group-missing", FZ, vec![b"remote"]),
        ("group-help", FZ, vec![b"remote", b"mirror", b"--help"]),
        (
            "negate-global",
            FZ,
            vec![b"--no-color", b"shapes", b"1", b"-m", b"x", b"--color"],
        ),
        (
            "non-utf8",
            FZ,
            vec![
                b"shapes",
                b"1",
                b"-m",
                b"x",
                b"two",
                b"\xff\xfe",
                b"-o",
                b"\xc3\x28",
                b"--out=\x80",
            ],
        ),
        ("non-utf8-command", FZ, vec![b"\xff"]),
        ("completions", FZ, vec![b"completions", b"bash"]),
        (
            "complete",
            FZ,
            vec![b"__complete", b"bash", b"2", b"fz", b"shapes", b"--"],
        ),
        (
            "env-level",
            FZ | FZ_LEVEL_ARG,
            vec![b"5", b"shapes", b"1", b"-m", b"x"],
        ),
        ("env-root-empty", FZ | FZ_ROOT_EMPTY, vec![b"debug"]),
        ("env-root", FZ | FZ_ROOT_ARG, vec![b"/e", b"debug"]),
        ("state-error", FZ, vec![b"--root", b"fail-store", b"debug"]),
        (
            "hook-error",
            FZ,
            vec![b"-vvvvvvv", b"shapes", b"1", b"-m", b"x"],
        ),
        ("command-help", FZ, vec![b"shapes", b"-h"]),
        ("help-command", FZ, vec![b"help", b"shapes"]),
        (
            "own-builtins",
            FY,
            vec![b"own", b"-v", b"--timeout", b"forever"],
        ),
        (
            "runtime-before",
            FY,
            vec![b"--timeout", b"5s", b"run", b"a", b"b"],
        ),
        (
            "runtime-after",
            FY,
            vec![
                b"go",
                b"--max-concurrency",
                b"3",
                b"--memory-limit",
                b"64MiB",
                b"x",
            ],
        ),
        (
            "builtin-verbosity",
            FY,
            vec![b"-v", b"-q", b"info", b"-h", b"/p"],
        ),
        ("owns-short-help", FY, vec![b"info", b"--help"]),
        ("deep", FY, vec![b"a", b"b", b"c", b"w"]),
        ("help-deep", FY, vec![b"help", b"a", b"b", b"leaf"]),
        ("runtime-on-sync", FY, vec![b"--timeout", b"2s", b"info"]),
        ("metrics", FY, vec![b"run", b"--metrics"]),
        ("timeout-zero", FY, vec![b"go", b"--timeout=0", b"x"]),
    ]
}

fn encrypt(plain: &[u8]) -> Vec<u8> {
    let mut sealed = Vec::new();
    encrypt_stream(
        plain,
        &mut sealed,
        PASSPHRASE,
        FAST,
        &CancellationToken::new(),
    )
    .expect("encrypting a seed");
    sealed
}

fn plain(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + i / 7) as u8).collect()
}

fn set_word(file: &mut [u8], at: usize, value: u32) {
    file[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn decrypt_seeds() -> Vec<(String, Vec<u8>)> {
    let slot = CHUNK + TAG_LEN;
    let mut seeds = Vec::new();
    for len in [0, 1, 15, 16, 17, 100, 1000, 4096, CHUNK, CHUNK + 1] {
        seeds.push((format!("valid-{len}"), encrypt(&plain(len))));
    }
    let small = encrypt(b"attack at dawn");
    let two = encrypt(&plain(CHUNK + 1));
    let mut tamper = |name: &str, base: &[u8], edit: &dyn Fn(&mut Vec<u8>)| {
        let mut file = base.to_vec();
        edit(&mut file);
        seeds.push((name.to_owned(), file));
    };
    tamper("flip-body", &small, &|f| f[HEADER_LEN + 3] ^= 1);
    tamper("flip-tag", &small, &|f| *f.last_mut().expect("tag") ^= 0x80);
    tamper("flip-salt", &small, &|f| f[30] ^= 4);
    tamper("flip-prefix", &small, &|f| f[45] ^= 4);
    tamper("truncate-1", &small, &|f| {
        f.pop();
    });
    tamper("append-1", &small, &|f| f.push(0));
    tamper("header-only", &small, &|f| f.truncate(HEADER_LEN));
    tamper("short", &small, &|f| f.truncate(40));
    tamper("bad-magic", &small, &|f| f[0] = b'G');
    tamper("version-2", &small, &|f| f[8] = 2);
    tamper("reserved", &small, &|f| f[60] = 1);
    tamper("chunk-log", &small, &|f| f[10] = 17);
    tamper("m-over-cap", &small, &|f| {
        set_word(f, 12, MAX_KDF_MEMORY_KIB + 1)
    });
    tamper("t-zero", &small, &|f| set_word(f, 16, 0));
    tamper("t-over-cap", &small, &|f| {
        set_word(f, 16, MAX_KDF_PASSES + 1)
    });
    tamper("p-over-cap", &small, &|f| {
        set_word(f, 20, MAX_KDF_LANES + 1)
    });
    tamper("m-below-lanes", &small, &|f| set_word(f, 20, 2));
    tamper("work-over-cap", &small, &|f| {
        set_word(f, 12, MAX_KDF_MEMORY_KIB);
        set_word(f, 16, 3);
    });
    // Accepted costs that the harness makes cheap: the caps themselves.
    tamper("costly", &small, &|f| {
        set_word(f, 12, MAX_KDF_MEMORY_KIB);
        set_word(f, 16, 2);
        set_word(f, 20, MAX_KDF_LANES);
    });
    tamper("cut-at-chunk", &two, &|f| f.truncate(HEADER_LEN + slot));
    tamper("last-chunk-dropped-tag", &two, &|f| {
        f.truncate(f.len() - TAG_LEN)
    });
    tamper("flip-second-chunk", &two, &|f| f[HEADER_LEN + slot] ^= 1);
    tamper("empty-final-chunk", &two, &|f| {
        f.truncate(HEADER_LEN + slot);
        f.extend_from_slice(&[0; TAG_LEN]);
    });
    seeds
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("writing a seed");
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let argv = root.join("parse_argv");
    std::fs::create_dir_all(&argv).expect("corpus dir");
    for (name, selector, args) in argv_seeds() {
        let mut bytes = vec![selector];
        bytes.extend(args.join(&0u8));
        write(&argv, name, &bytes);
    }
    let decrypt = root.join("decrypt");
    std::fs::create_dir_all(&decrypt).expect("corpus dir");
    for (name, bytes) in decrypt_seeds() {
        write(&decrypt, &name, &bytes);
    }
    println!("seeds written under {}", root.display());
}
