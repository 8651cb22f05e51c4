//! Encryption round trips at chunk boundaries and every tamper case.

mod common;

use common::{entries, temp_dir};

use flash_core::ops::crypto::{
    decrypt_file, decrypt_stream, encrypt_file_with, encrypt_stream, KdfParams,
};
use flash_core::runtime::run_async;
use flash_core::{
    cli::error::Error, cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Streams,
};
use tokio_util::sync::CancellationToken;

// Cheap KDF costs keep the suite fast; the format stores whatever is used.
const FAST: KdfParams = KdfParams {
    m_cost_kib: 64,
    t_cost: 1,
    p_cost: 1,
};
const PASS: &[u8] = b"correct horse battery staple";
// The format's sizes, as the module's documentation gives them.
const CHUNK: usize = 64 * 1024;
const HEADER_LEN: usize = 64;
const TAG_LEN: usize = 16;
const SLOT: usize = CHUNK + TAG_LEN;

fn data(len: usize) -> Vec<u8> {
    // Deterministic, non-repeating at chunk scale.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn seal(plain: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encrypt_stream(plain, &mut out, PASS, FAST, &CancellationToken::new()).expect("encrypt");
    out
}

fn open(sealed: &[u8], pass: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    decrypt_stream(sealed, &mut out, pass, &CancellationToken::new()).map(|_| out)
}

fn assert_auth_failure(sealed: &[u8], what: &str) {
    match open(sealed, PASS) {
        Ok(_) => panic!("{what}: tampered file decrypted"),
        Err(e) => assert!(
            e.to_string().contains("wrong passphrase or corrupted file"),
            "{what}: unexpected error {e}"
        ),
    }
}

#[test]
fn round_trips_at_chunk_boundaries() {
    for len in [
        0,
        1,
        CHUNK - 1,
        CHUNK,
        CHUNK + 1,
        2 * CHUNK,
        17 * CHUNK + 5,
        5 << 20,
    ] {
        let plain = data(len);
        let sealed = seal(&plain);
        let chunks = len.div_ceil(CHUNK).max(1);
        assert_eq!(
            sealed.len(),
            HEADER_LEN + len + chunks * TAG_LEN,
            "size at {len}"
        );
        assert_eq!(
            open(&sealed, PASS).expect("decrypt"),
            plain,
            "round trip at {len}"
        );
    }
}

#[test]
fn same_input_encrypts_differently() {
    let plain = data(1000);
    assert_ne!(seal(&plain), seal(&plain), "salt and nonce must be random");
}

#[test]
fn wrong_passphrase_fails() {
    let sealed = seal(&data(100));
    let err = open(&sealed, b"not it").expect_err("wrong passphrase accepted");
    assert!(err.to_string().contains("wrong passphrase"), "{err}");
}

#[test]
fn flipped_bytes_fail_everywhere() {
    let sealed = seal(&data(3 * CHUNK + 10));
    // Header fields, first chunk body, a tag, a middle chunk, the last chunk.
    for at in [
        12,
        20,
        30,
        50,
        HEADER_LEN,
        HEADER_LEN + CHUNK,
        HEADER_LEN + SLOT + 7,
        sealed.len() - 1,
    ] {
        let mut bad = sealed.clone();
        bad[at] ^= 0x01;
        assert!(open(&bad, PASS).is_err(), "flip at {at} not detected");
    }
}

#[test]
fn truncation_fails() {
    let sealed = seal(&data(3 * CHUNK + 10));
    // At a chunk boundary, inside a chunk, inside the last tag, header only.
    for len in [
        HEADER_LEN + SLOT,
        HEADER_LEN + 2 * SLOT,
        HEADER_LEN + SLOT + 100,
        sealed.len() - 1,
        HEADER_LEN,
    ] {
        assert_auth_failure(&sealed[..len], &format!("truncated to {len}"));
    }
    // A full-chunk file cut before its last chunk.
    let sealed = seal(&data(2 * CHUNK));
    assert_auth_failure(&sealed[..HEADER_LEN + SLOT], "exact boundary");
}

#[test]
fn reordered_dropped_and_repeated_chunks_fail() {
    let sealed = seal(&data(3 * CHUNK + 10));
    let header = &sealed[..HEADER_LEN];
    let chunk =
        |i: usize| &sealed[HEADER_LEN + i * SLOT..(HEADER_LEN + (i + 1) * SLOT).min(sealed.len())];
    let build = |order: &[usize]| {
        let mut v = header.to_vec();
        for &i in order {
            v.extend_from_slice(chunk(i));
        }
        v
    };
    assert_auth_failure(&build(&[1, 0, 2, 3]), "swapped");
    assert_auth_failure(&build(&[0, 2, 3]), "dropped");
    assert_auth_failure(&build(&[0, 1, 1, 2, 3]), "repeated");
    assert_auth_failure(&build(&[0, 1, 2]), "last dropped");
    assert_eq!(
        open(&build(&[0, 1, 2, 3]), PASS).expect("intact"),
        data(3 * CHUNK + 10)
    );
}

#[test]
fn appended_data_fails() {
    let sealed = seal(&data(CHUNK + 3));
    for extra in [&b"x"[..], &[0u8; 16][..], &sealed[HEADER_LEN..]] {
        let mut bad = sealed.clone();
        bad.extend_from_slice(extra);
        assert_auth_failure(&bad, "appended");
    }
    // An empty plaintext followed by more chunks.
    let mut bad = seal(b"");
    bad.extend_from_slice(&[0u8; 40]);
    assert_auth_failure(&bad, "appended to empty");
}

#[test]
fn bad_header_and_version_are_reported() {
    let sealed = seal(b"hello");
    let mut bad = sealed.clone();
    bad[0] = b'X';
    let err = open(&bad, PASS).expect_err("bad magic");
    assert!(
        err.to_string().contains("not a file encrypted by flash"),
        "{err}"
    );

    let mut bad = sealed.clone();
    bad[8] = 2;
    let err = open(&bad, PASS).expect_err("bad version");
    assert!(
        err.to_string()
            .contains("unsupported encrypted file version 2"),
        "{err}"
    );

    let mut bad = sealed.clone();
    bad[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = open(&bad, PASS).expect_err("huge memory cost");
    assert!(err.to_string().contains("out of range"), "{err}");

    let err = open(&sealed[..10], PASS).expect_err("short");
    assert!(err.to_string().contains("too short"), "{err}");
}

#[test]
fn file_round_trip_and_no_output_on_failure() {
    let dir = temp_dir("files");
    let plain = data(3 * CHUNK + 123);
    let (src, enc, dec) = (dir.join("p"), dir.join("p.fl"), dir.join("p.out"));
    std::fs::write(&src, &plain).expect("write");
    let (s, e, d) = (src.clone(), enc.clone(), dec.clone());
    run_async(
        Model::Cpu,
        RuntimeOptions::default(),
        Streams::captured(),
        |ctx| async move {
            encrypt_file_with(&ctx, &s, &e, PASS, FAST).await?;
            decrypt_file(&ctx, &e, &d, PASS).await?;
            Ok(())
        },
    )
    .expect("round trip");
    assert_eq!(std::fs::read(&dec).expect("read"), plain);

    // Tamper with the last chunk: decryption fails and leaves nothing.
    let mut sealed = std::fs::read(&enc).expect("read");
    let last = sealed.len() - 1;
    sealed[last] ^= 0x80;
    std::fs::write(&enc, &sealed).expect("write");
    std::fs::remove_file(&dec).expect("rm");
    let (e, d) = (enc.clone(), dec.clone());
    let err = run_async(
        Model::Cpu,
        RuntimeOptions::default(),
        Streams::captured(),
        |ctx| async move { decrypt_file(&ctx, &e, &d, PASS).await.map(|_| ()) },
    )
    .expect_err("tampered file decrypted");
    assert!(
        err.to_string()
            .contains("wrong passphrase or corrupted file"),
        "{err}"
    );
    assert_eq!(
        entries(&dir),
        ["p", "p.fl"],
        "a partial output was left behind"
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
