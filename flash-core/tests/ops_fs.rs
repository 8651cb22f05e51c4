//! Concurrent ordered reads and atomic kernel copies.

mod common;

use common::{entries, temp_dir};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use flash_core::ops::fs::{concat_files, copy_files, read_files, SMALL_FILE};
use flash_core::runtime::run_async;
use flash_core::{
    cli::error::Result, cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Output,
    cli::output::Streams,
};

fn io<F, Fut>(f: F) -> Result<()>
where
    F: FnOnce(flash_core::runtime::Context) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut options = RuntimeOptions::default();
    options.max_concurrency = 3;
    run_async(Model::Io, options, Streams::captured(), f)
}

fn content(i: usize, len: usize) -> Vec<u8> {
    (0..len).map(|j| ((i * 7 + j) % 251) as u8).collect()
}

#[test]
fn concat_keeps_order_across_small_and_large_files() {
    let dir = temp_dir("cat");
    let sizes = [0, 1, 5000, SMALL_FILE as usize + 1, 3, 2 << 20, 17];
    let mut paths = Vec::new();
    let mut expected = Vec::new();
    for i in 0..300 {
        let len = sizes[i % sizes.len()];
        let p = dir.join(format!("f{i:03}"));
        let data = content(i, len);
        std::fs::write(&p, &data).expect("write");
        expected.extend_from_slice(&data);
        paths.push(p);
    }
    let out = Output::captured();
    let sink = out.clone();
    let n = Arc::new(Mutex::new(0));
    let n2 = n.clone();
    io(|ctx| async move {
        let mut sink = sink;
        let done = concat_files(&ctx, &paths, &mut sink).await?;
        assert!(done.failed.is_empty(), "{:?}", done.failed);
        *n2.lock().expect("lock") = done.bytes;
        Ok(())
    })
    .expect("cat");
    assert_eq!(out.take_captured(), expected);
    assert_eq!(*n.lock().expect("lock"), expected.len() as u64);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn concat_goes_on_past_a_missing_file_and_reports_it() {
    let dir = temp_dir("cat-missing");
    let (a, b) = (dir.join("a"), dir.join("b"));
    std::fs::write(&a, b"first\n").expect("write");
    std::fs::write(&b, b"second\n").expect("write");
    let paths = vec![a, dir.join("nope"), b, dir.join("gone")];
    let out = Output::captured();
    let sink = out.clone();
    let failed = Arc::new(Mutex::new(Vec::new()));
    let failed2 = failed.clone();
    io(|ctx| async move {
        let mut sink = sink;
        let done = concat_files(&ctx, &paths, &mut sink).await?;
        *failed2.lock().expect("lock") = done.failed.iter().map(|e| e.to_string()).collect();
        Ok(())
    })
    .expect("a missing input is not the command's failure");
    let failed = failed.lock().expect("lock").clone();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed[0].contains("nope") && failed[1].contains("gone"),
        "{failed:?}"
    );
    assert_eq!(out.take_captured(), b"first\nsecond\n");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn read_files_returns_contents_in_order() {
    let dir = temp_dir("read");
    let paths: Vec<PathBuf> = (0..20)
        .map(|i| {
            let p = dir.join(format!("r{i}"));
            std::fs::write(&p, content(i, i * 100)).expect("write");
            p
        })
        .collect();
    let got = Arc::new(Mutex::new(Vec::new()));
    let slot = got.clone();
    io(|ctx| async move {
        *slot.lock().expect("lock") = read_files(&ctx, &paths).await?;
        Ok(())
    })
    .expect("read");
    let got = got.lock().expect("lock");
    for (i, data) in got.iter().enumerate() {
        assert_eq!(*data, content(i, i * 100), "file {i}");
    }
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn copy_to_file_and_into_directory_overwrites_and_leaves_no_temp() {
    let dir = temp_dir("cp");
    let src = dir.join("src.bin");
    let data = content(1, (3 << 20) + 11);
    std::fs::write(&src, &data).expect("write");
    let dst = dir.join("dst.bin");
    std::fs::write(&dst, b"old content").expect("write");
    std::fs::create_dir(dir.join("sub")).expect("mkdir");
    let empty = dir.join("empty");
    std::fs::write(&empty, b"").expect("write");
    let (s, d, sub, e) = (src.clone(), dst.clone(), dir.join("sub"), empty.clone());
    io(|ctx| async move {
        copy_files(&ctx, std::slice::from_ref(&s), &d).await?;
        copy_files(&ctx, &[s.clone(), e.clone()], &sub).await?;
        Ok(())
    })
    .expect("cp");
    assert_eq!(std::fs::read(&dst).expect("read"), data);
    assert_eq!(std::fs::read(dir.join("sub/src.bin")).expect("read"), data);
    assert_eq!(std::fs::read(dir.join("sub/empty")).expect("read"), b"");
    assert_eq!(entries(&dir), ["dst.bin", "empty", "src.bin", "sub"]);
    assert_eq!(entries(&dir.join("sub")), ["empty", "src.bin"]);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn copy_errors_are_clear() {
    let dir = temp_dir("cp-err");
    let src = dir.join("a");
    std::fs::write(&src, b"x").expect("write");
    let cases: Vec<(Vec<PathBuf>, PathBuf, &str)> = vec![
        (vec![src.clone()], src.clone(), "are the same file"),
        (vec![dir.join("missing")], dir.join("b"), "missing"),
        (
            vec![src.clone(), src.clone()],
            dir.join("notadir"),
            "is not a directory",
        ),
        (vec![dir.clone()], dir.join("c"), "not a regular file"),
    ];
    for (srcs, dst, want) in cases {
        let err = io(|ctx| async move { copy_files(&ctx, &srcs, &dst).await.map(|_| ()) })
            .expect_err("copy should fail");
        assert!(err.to_string().contains(want), "{err} (wanted {want})");
    }
    assert_eq!(entries(&dir), ["a"], "a failed copy left a file");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[cfg(unix)]
#[test]
fn copy_gives_a_new_file_the_source_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("cp-mode");
    let src = dir.join("script");
    std::fs::write(&src, b"#!/bin/sh\n").expect("write");
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o750)).expect("chmod");
    let (s, d) = (src.clone(), dir.join("copy"));
    io(|ctx| async move { copy_files(&ctx, &[s], &d).await.map(|_| ()) }).expect("cp");
    let mode = std::fs::metadata(dir.join("copy"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o750);
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
