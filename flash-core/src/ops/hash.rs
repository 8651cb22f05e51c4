//! BLAKE3 hashing of files on the CPU pool: a large file on all cores, many
//! small files in parallel.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tokio_util::sync::CancellationToken;

use crate::cli::error::{Error, Result};
use crate::ops::mapped::Mapped;
use crate::ops::progress::Progress;
use crate::runtime::context::Context;

pub use blake3::Hash;

/// Files at least this large are memory-mapped and hashed on all cores, one
/// at a time; smaller ones are hashed whole, several files at once. blake3's
/// own docs put the break-even of its multithreading near 128 KiB.
pub(crate) const PARALLEL_THRESHOLD: u64 = 128 * 1024;

// A mapped file is hashed in slices of this size (a power of two, so every
// slice is a whole subtree and keeps all cores busy), with a cancellation
// check between slices.
const SLICE: usize = 64 * 1024 * 1024;

/// Hashes one file with BLAKE3, on all cores when it is large.
///
/// ```no_run
/// use std::io::Write;
/// use std::path::PathBuf;
///
/// /// Print the BLAKE3 hash of a file.
/// #[flash::cmd(run_async, model = cpu)]
/// async fn hash(ctx: &flash::Context, /// The file
///               path: PathBuf) -> flash::Result<()> {
///     let hash = flash::ops::hash::hash_file(ctx, &path).await?;
///     writeln!(ctx.stdout(), "{}", hash.to_hex())?;
///     Ok(())
/// }
/// ```
pub async fn hash_file(ctx: &Context, path: &Path) -> Result<Hash> {
    let mut all = hash_files(ctx, &[path.to_path_buf()]).await?;
    all.pop()
        .unwrap_or_else(|| Err(Error::msg("internal error: no hash result")))
}

/// Hashes every file in `paths`, returning one result per path, in order: an
/// unreadable file gives an error in its slot and does not stop the others
/// (as `b3sum` goes on past it). Large files use every core one at a time;
/// runs of small files are hashed in parallel. A progress bar is shown on a
/// terminal when there is a lot to hash.
pub async fn hash_files(ctx: &Context, paths: &[PathBuf]) -> Result<Vec<Result<Hash>>> {
    let paths = paths.to_vec();
    let token = ctx.token();
    let total: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let progress = Progress::new(ctx, total, "hashing");
    ctx.spawn_cpu(move || {
        let out = hash_paths_blocking(&paths, &token, &progress);
        progress.finish();
        out
    })
    .await
}

fn hash_paths_blocking(
    paths: &[PathBuf],
    token: &CancellationToken,
    progress: &Progress,
) -> Result<Vec<Result<Hash>>> {
    let mut results: Vec<Option<Result<Hash>>> = Vec::with_capacity(paths.len());
    results.resize_with(paths.len(), || None);
    // Split into the large files (hashed one by one, each on all cores) and
    // the rest (hashed as a batch, one file per core at a time).
    let mut small = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() && meta.len() >= PARALLEL_THRESHOLD => {
                results[i] = Some(hash_large(path, token, progress));
            }
            _ => small.push(i),
        }
    }
    let small_results: Vec<(usize, Result<Hash>)> = small
        .par_iter()
        .map(|&i| {
            let r = if token.is_cancelled() {
                Err(Error::Cancelled)
            } else {
                File::open(&paths[i])
                    .map_err(|e| Error::fs(&paths[i], e))
                    .and_then(|file| hash_small(&paths[i], file, token, progress))
            };
            (i, r)
        })
        .collect();
    for (i, r) in small_results {
        results[i] = Some(r);
    }
    if token.is_cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::msg("internal error: file not hashed"))))
        .collect())
}

fn hash_large(path: &Path, token: &CancellationToken, progress: &Progress) -> Result<Hash> {
    let file = File::open(path).map_err(|e| Error::fs(path, e))?;
    let map = match Mapped::new(&file) {
        Ok(map) => map,
        // Not mappable (a special file): read it as a stream instead.
        Err(_) => return hash_small(path, file, token, progress),
    };
    let mut hasher = blake3::Hasher::new();
    for slice in map.bytes().chunks(SLICE) {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        hasher.update_rayon(slice);
        progress.inc(slice.len() as u64);
    }
    if map.shrank() {
        return Err(Error::fs(path, io::Error::other(SHRANK)));
    }
    Ok(hasher.finalize())
}

/// Why a mapped file's hash is refused.
const SHRANK: &str = "the file shrank while it was hashed";

fn hash_small(
    path: &Path,
    file: File,
    token: &CancellationToken,
    progress: &Progress,
) -> Result<Hash> {
    hash_reader(file, token, progress).map_err(|e| match e {
        Error::Io { path: None, source } => Error::fs(path, source),
        other => other,
    })
}

/// Hashes `reader` to its end, checking `token` before every read (a
/// pipe or a device like `/dev/zero` may never end).
fn hash_reader(
    mut reader: impl Read,
    token: &CancellationToken,
    progress: &Progress,
) -> Result<Hash> {
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                progress.inc(n as u64);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(hasher.finalize())
}

/// Hashes everything `reader` yields (e.g. stdin), in constant memory.
pub async fn hash_reader_async<R: Read + Send + 'static>(ctx: &Context, reader: R) -> Result<Hash> {
    let (_, hasher) = crate::ops::stream::process_chunks(
        ctx,
        reader,
        crate::ops::stream::DEFAULT_CHUNK,
        blake3::Hasher::new(),
        |h, chunk| {
            h.update(chunk);
            Ok(())
        },
    )
    .await?;
    Ok(hasher.finalize())
}
