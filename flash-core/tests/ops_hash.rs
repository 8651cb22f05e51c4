//! BLAKE3 of files against official test vectors and single-threaded hashes.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use flash_core::ops::hash::{hash_files, Hash};
use flash_core::runtime::run_async;
use flash_core::{cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Streams};

// Inputs of the official BLAKE3 test vectors: byte i is i % 251.
fn vector_input(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

// From BLAKE3's test_vectors.json (first 32 bytes of the hash output).
const VECTORS: &[(usize, &str)] = &[
    (
        0,
        "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    ),
    (
        1,
        "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
    ),
];

fn run_hash(paths: Vec<PathBuf>) -> Vec<Result<Hash, String>> {
    let out = Arc::new(Mutex::new(Vec::new()));
    let slot = out.clone();
    run_async(
        Model::Cpu,
        RuntimeOptions::default(),
        Streams::captured(),
        |ctx| async move {
            let results = hash_files(&ctx, &paths).await?;
            *slot.lock().expect("lock") = results
                .into_iter()
                .map(|r| r.map_err(|e| e.to_string()))
                .collect();
            Ok(())
        },
    )
    .expect("hash");
    let v = std::mem::take(&mut *out.lock().expect("lock"));
    v
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flash-ops-hash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn official_vectors() {
    let dir = temp_dir("vectors");
    let paths: Vec<PathBuf> = VECTORS
        .iter()
        .map(|&(len, _)| {
            let p = dir.join(format!("v{len}"));
            std::fs::write(&p, vector_input(len)).expect("write");
            p
        })
        .collect();
    let got = run_hash(paths);
    for ((len, hex), r) in VECTORS.iter().zip(got) {
        assert_eq!(r.expect("hash").to_hex().as_str(), *hex, "vector {len}");
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn large_and_small_files_match_single_threaded_hash_in_order() {
    let dir = temp_dir("mixed");
    // Sizes around the parallel threshold and a multi-slice large file.
    let sizes = [
        0usize,
        10,
        128 * 1024 - 1,
        128 * 1024,
        3 << 20,
        70 << 20,
        5,
        1 << 20,
    ];
    let mut paths = Vec::new();
    let mut expected = Vec::new();
    for (i, &len) in sizes.iter().enumerate() {
        let data: Vec<u8> = (0..len).map(|j| ((j * 31 + i) % 256) as u8).collect();
        let p = dir.join(format!("f{i}"));
        std::fs::write(&p, &data).expect("write");
        expected.push(blake3::hash(&data));
        paths.push(p);
    }
    paths.insert(3, dir.join("missing"));
    let got = run_hash(paths);
    assert_eq!(got.len(), sizes.len() + 1);
    let err = got[3].as_ref().expect_err("missing file hashed");
    assert!(err.contains("missing"), "{err}");
    let ok: Vec<Hash> = got
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != 3)
        .map(|(_, r)| r.expect("hash"))
        .collect();
    assert_eq!(ok, expected);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// A file truncated by another thread while it is hashed from its mapping,
/// at many moments, several files at once (slots taken, freed and taken
/// again while faults are handled): never a `SIGBUS` death; each result is
/// either a whole hash of what the file held when it was mapped (before
/// or after the truncation) or the error saying it shrank.
#[cfg(target_os = "linux")]
#[test]
fn a_file_truncated_under_a_running_hash_is_an_error_not_a_crash() {
    let dir = temp_dir("truncated");
    let data: Vec<u8> = (0..(24usize << 20)).map(|i| (i * 7 % 251) as u8).collect();
    let whole = blake3::hash(&data);
    let cut = 3 << 20;
    let prefix = blake3::hash(&data[..cut]);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    println!("seed {seed}");
    let shrank = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for t in 0..3u64 {
            let (dir, data, shrank) = (&dir, &data, &shrank);
            s.spawn(move || {
                let mut rng = seed.wrapping_mul(t + 1);
                for i in 0..12 {
                    let path = dir.join(format!("f{t}-{i}"));
                    std::fs::write(&path, data).expect("write");
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    let delay = std::time::Duration::from_micros(rng % 40_000);
                    let cutter = {
                        let path = path.clone();
                        std::thread::spawn(move || {
                            std::thread::sleep(delay);
                            let f = std::fs::OpenOptions::new()
                                .write(true)
                                .open(&path)
                                .expect("open");
                            f.set_len(cut as u64).expect("truncate");
                        })
                    };
                    let got = run_hash(vec![path.clone()]).pop().expect("one result");
                    cutter.join().expect("cutter");
                    match got {
                        Ok(h) => assert!(
                            h == whole || h == prefix,
                            "thread {t} run {i}: a hash of neither content"
                        ),
                        Err(e) => {
                            assert!(e.contains("shrank while it was hashed"), "{e}");
                            shrank.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                    std::fs::remove_file(&path).expect("rm");
                }
            });
        }
    });
    println!(
        "{} of 36 runs saw the file shrink under the hash",
        shrank.into_inner()
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
