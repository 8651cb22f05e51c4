//! `cat`: files written to an output in order. To the process's stdout on
//! Linux, one after the other in the kernel, as GNU cat does; to any other
//! output (a captured one under `try_run_from`), read concurrently in
//! groups and written in order.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::KERNEL_SLICE;
use crate::cli::error::{Error, Result};
use crate::cli::output::Output;
use crate::ops::progress::Progress;
use crate::runtime::context::Context;

/// Files up to this size are read whole by the concurrent readers; larger
/// ones are streamed to the output in order (in the kernel where possible),
/// so memory stays bounded by `max_concurrency` small files.
pub const SMALL_FILE: u64 = 256 * 1024;

// Small files are read in groups of up to this many per task, so the task
// hand-off cost is paid per group rather than per file.
const GROUP_FILES: usize = 32;
// ... and of at most this many bytes in total.
const GROUP_BYTES: usize = 1024 * 1024;

/// What [`concat_files`] did.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Concatenated {
    /// The bytes written.
    pub bytes: u64,
    /// The inputs that could not be read (they are skipped, as cat skips
    /// them), in the order given.
    pub failed: Vec<Error>,
}

/// One piece of a group, in order.
enum Piece {
    /// Bytes `start..end` of the group's buffer.
    Bytes(usize, usize),
    /// A file too large to hold: streamed when its turn comes.
    Large(File, PathBuf),
    /// A file that could not be read.
    Failed(Error),
}

struct Group {
    buf: Vec<u8>,
    pieces: Vec<Piece>,
}

fn read_group(paths: &[PathBuf]) -> Group {
    let mut group = Group {
        buf: Vec::new(),
        pieces: Vec::with_capacity(paths.len()),
    };
    for path in paths {
        let piece = match super::open_input(path) {
            Err(e) => Piece::Failed(Error::fs(path, e)),
            Ok(mut file) => match file.metadata() {
                Err(e) => Piece::Failed(Error::fs(path, e)),
                Ok(meta) if meta.is_dir() => Piece::Failed(Error::fs(
                    path,
                    io::Error::new(io::ErrorKind::IsADirectory, "Is a directory"),
                )),
                Ok(meta) if !meta.is_file() || meta.len() > SMALL_FILE => {
                    Piece::Large(file, path.clone())
                }
                Ok(_) => {
                    let start = group.buf.len();
                    match file.read_to_end(&mut group.buf) {
                        Ok(_) => Piece::Bytes(start, group.buf.len()),
                        Err(e) => {
                            group.buf.truncate(start);
                            Piece::Failed(Error::fs(path, e))
                        }
                    }
                }
            },
        };
        group.pieces.push(piece);
    }
    group
}

// Cuts the list into groups of small files by their sizes on disk.
fn plan_groups(paths: &[PathBuf]) -> Vec<Vec<PathBuf>> {
    let mut groups = Vec::new();
    let mut cur = Vec::new();
    let mut bytes = 0usize;
    for path in paths {
        // A path that cannot be stat'ed still goes in: the reader reports it.
        let len = std::fs::metadata(path).map_or(0, |m| m.len());
        let len = usize::try_from(len.min(SMALL_FILE)).unwrap_or(usize::MAX);
        if !cur.is_empty() && (cur.len() == GROUP_FILES || bytes + len > GROUP_BYTES) {
            groups.push(std::mem::take(&mut cur));
            bytes = 0;
        }
        cur.push(path.clone());
        bytes += len;
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    groups
}

/// Writes the contents of `paths`, in order, to `out` (as `cat` does).
///
/// When `out` is the process's stdout (on Linux): into a regular file, a
/// reader task fills a ring of 1 MiB buffers that a writer task writes out
/// (files of 1 MiB and more are copied in the kernel, `copy_file_range`);
/// into a pipe, `splice`; into anything else, `sendfile`; memory stays
/// under 5 MiB. Otherwise small files are read concurrently by up to
/// `max_concurrency` tasks and large ones streamed, in order. A file that
/// is the output itself (`cat f >> f`) is refused, as GNU cat does.
///
/// `-` is standard input (read from where it stands, as cat does).
///
/// A file that cannot be read does not stop the others: each such failure,
/// naming its path, is in [`Concatenated::failed`], in the order of
/// `paths`. An error writing `out` stops at once and is `out`'s (no path),
/// as is cancellation, checked between files and between buffers or 4 MiB
/// kernel copies.
pub async fn concat_files(
    ctx: &Context,
    paths: &[PathBuf],
    out: &mut Output,
) -> Result<Concatenated> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if out.is_process_stdout() {
        return concat_to_stdout(ctx, paths, out).await;
    }
    concat_buffered(ctx, paths, out).await
}

/// [`concat_files`] to the process's stdout.
///
/// Into a regular file, the small files go through a ring of buffers
/// between a reader and a writer task, large ones in the kernel (see
/// `relay`). Into anything else, each file goes in the kernel, one after
/// the other on one blocking task (`splice` to a pipe hands over the
/// page-cache pages without copying them: 0.5x cat's time).
///
/// Measured on 2000 page-cached files of 1-64 KiB, the old concurrent
/// reads of [`concat_buffered`] cost 1.5x cat's CPU: every byte copied into
/// user space and out again, fresh buffers page-faulted in for every group,
/// three `statx` per file, up to `max_concurrency` threads; opening files
/// ahead on a second task for the kernel copies measured 5-10% slower (the
/// hand-offs cost more than they moved).
#[cfg(any(target_os = "linux", target_os = "android"))]
async fn concat_to_stdout(
    ctx: &Context,
    paths: &[PathBuf],
    out: &mut Output,
) -> Result<Concatenated> {
    // Whatever was written through `out` goes first.
    out.flush()?;
    let progress = if ctx.stderr().is_terminal() {
        let total = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        Progress::new(ctx, total, "reading")
    } else {
        Progress::hidden()
    };
    let token = ctx.token();
    // The relay runs two blocking tasks at once: it needs two slots.
    if paths.len() > 1
        && ctx.options().max_concurrency >= 2
        && super::kernel::stdout_regular_file().is_some()
    {
        return super::relay::relay(ctx, paths.into(), out.clone(), token, progress).await;
    }
    let paths = paths.to_vec();
    let out = out.clone();
    ctx.spawn_blocking(move || copy_to_stdout(&paths, &out, &token, &progress))
        .await?
        .join()
        .await
}

/// Copies every file of `paths` to stdout, in order, on this thread.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn copy_to_stdout(
    paths: &[PathBuf],
    out: &Output,
    token: &tokio_util::sync::CancellationToken,
    progress: &Progress,
) -> Result<Concatenated> {
    use super::kernel::{Failure, StdoutSink};
    let mut sink = StdoutSink::new();
    let mut done = Concatenated::default();
    for path in paths {
        let failure = match super::open_input(path) {
            Err(e) => Failure::Input(e),
            Ok(file) => match sink.copy(&file, token) {
                Ok(n) => {
                    done.bytes += n;
                    progress.inc(n);
                    continue;
                }
                Err(failure) => failure,
            },
        };
        match failure {
            Failure::Input(e) => {
                tracing::debug!("skipping unreadable input `{}`: {e}", path.display());
                done.failed.push(Error::fs(path, e));
            }
            Failure::Output(e) => return Err(out.stdout_error(e).into()),
            Failure::Cancelled => return Err(Error::Cancelled),
        }
    }
    progress.finish();
    Ok(done)
}

/// [`concat_files`] to any output: small files read concurrently, in
/// groups, and written in order; large ones streamed.
async fn concat_buffered(
    ctx: &Context,
    paths: &[PathBuf],
    out: &mut Output,
) -> Result<Concatenated> {
    let limit = ctx.options().max_concurrency.max(1);
    let mut groups = plan_groups(paths).into_iter();
    // Up to `limit` groups are read ahead, in order, by blocking tasks of
    // the command; memory stays bounded by `limit` groups.
    let mut reads = VecDeque::with_capacity(limit);
    let mut done = Concatenated::default();
    loop {
        while reads.len() < limit {
            let Some(group) = groups.next() else { break };
            reads.push_back(ctx.spawn_blocking(move || Ok(read_group(&group))).await?);
        }
        let Some(read) = reads.pop_front() else { break };
        let group = read.join().await?;
        ctx.check_cancelled()?;
        // Writes of a group are coalesced: consecutive small files go out in
        // one write.
        let mut pending: Option<(usize, usize)> = None;
        for piece in group.pieces {
            match piece {
                Piece::Bytes(s, e) => {
                    pending = match pending {
                        Some((ps, pe)) if pe == s => Some((ps, e)),
                        Some((ps, pe)) => {
                            out.write_all(&group.buf[ps..pe])?;
                            Some((s, e))
                        }
                        None => Some((s, e)),
                    };
                    done.bytes += (e - s) as u64;
                }
                Piece::Large(file, path) => {
                    if let Some((ps, pe)) = pending.take() {
                        out.write_all(&group.buf[ps..pe])?;
                    }
                    match stream_file(ctx, file, &path, out).await {
                        Ok(n) => done.bytes += n,
                        Err(Error::Cancelled) => return Err(Error::Cancelled),
                        Err(e) => done.failed.push(e),
                    }
                }
                Piece::Failed(e) => {
                    if let Some((ps, pe)) = pending.take() {
                        out.write_all(&group.buf[ps..pe])?;
                    }
                    tracing::debug!("skipping unreadable input: {e}");
                    done.failed.push(e);
                }
            }
        }
        if let Some((ps, pe)) = pending {
            out.write_all(&group.buf[ps..pe])?;
        }
    }
    out.flush()?;
    Ok(done)
}

// Streams one large file to `out`, in slices so cancellation is noticed.
async fn stream_file(ctx: &Context, file: File, path: &Path, out: &mut Output) -> Result<u64> {
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = Progress::new(ctx, total, "reading");
    let token = ctx.token();
    let direct = out.is_process_stdout();
    let mut out_clone = out.clone();
    let path = path.to_path_buf();
    out.flush()?;
    let n = ctx
        .spawn_blocking(move || {
            let mut copied = 0u64;
            loop {
                if token.is_cancelled() {
                    return Err(Error::Cancelled);
                }
                // `Take<&File>` into stdout keeps std's kernel-copy path
                // (copy_file_range / splice / sendfile), one slice at a time.
                let mut slice = (&file).take(KERNEL_SLICE);
                let n = if direct {
                    let stdout = io::stdout();
                    let mut lock = stdout.lock();
                    io::copy(&mut slice, &mut lock)
                } else {
                    io::copy(&mut slice, &mut out_clone)
                }
                .map_err(|e| Error::fs(&path, e))?;
                if n == 0 {
                    break;
                }
                copied += n;
                progress.inc(n);
            }
            progress.finish();
            Ok(copied)
        })
        .await?
        .join()
        .await?;
    Ok(n)
}
