//! `cat`: files written to an output in order. To the process's stdout on
//! Linux, one after the other in the kernel, as GNU cat does; to any other
//! output (a captured one under `try_run_from`), read concurrently in
//! groups and written in order.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        let piece = match File::open(path) {
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
/// When `out` is the process's stdout (on Linux), the files go one after
/// the other in the kernel: `copy_file_range` to a regular file (as GNU
/// cat), `splice` to a pipe, `sendfile` to anything else, on one blocking
/// task. Otherwise small files are read concurrently by up to
/// `max_concurrency` tasks and large ones streamed, in order.
///
/// A file that cannot be read does not stop the others; the first such
/// error is returned once everything else is written. An error writing
/// `out` stops at once and is `out`'s (no path). Cancellation is checked
/// between files and between 64 MiB slices of one. Returns the bytes
/// written.
pub async fn concat_files(ctx: &Context, paths: &[PathBuf], out: &mut Output) -> Result<u64> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if out.is_process_stdout() {
        return concat_to_stdout(ctx, paths, out).await;
    }
    concat_buffered(ctx, paths, out).await
}

/// [`concat_files`] to the process's stdout, in the kernel.
///
/// One file at a time, by design: measured on 2000 page-cached files of
/// 1-64 KiB, the concurrent reads of [`concat_buffered`] cost 1.5x cat's
/// CPU (every byte copied into user space and out again, fresh buffers
/// page-faulted in, three `statx` per file), while the kernel copy is
/// bound by the writes into one output, which one thread saturates. What
/// a second thread can take off that one is opening and closing the files
/// (11% of its time): with more than one batch of files, a second blocking
/// task opens them ahead, in order, and closes them once copied.
#[cfg(any(target_os = "linux", target_os = "android"))]
async fn concat_to_stdout(ctx: &Context, paths: &[PathBuf], out: &mut Output) -> Result<u64> {
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
    let paths: Arc<[PathBuf]> = paths.into();
    let token = ctx.token();
    if paths.len() <= OPEN_BATCH {
        return ctx
            .spawn_blocking(move || {
                let opened = paths.chunks(OPEN_BATCH).map(open_batch);
                copy_opened(&paths, opened, drop, &token, &progress)
            })
            .await?
            .join()
            .await;
    }
    let (opened_tx, opened_rx) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let (names, stop) = (paths.clone(), token.clone());
    let opener = ctx
        .spawn_blocking(move || {
            open_ahead(&names, &opened_tx, &done_rx, &stop);
            drop(opened_tx);
            // Close the rest as the copier hands them back.
            done_rx.iter().for_each(drop);
            Ok(())
        })
        .await?;
    let recycle = move |batch| {
        let _ = done_tx.send(batch);
    };
    let copier = ctx
        .spawn_blocking(move || copy_opened(&paths, opened_rx, recycle, &token, &progress))
        .await?;
    let copied = copier.join().await;
    opener.join().await?;
    copied
}

/// Files opened at a time by the opener, and handed over together (one
/// wake-up of the copier per batch, not per file).
#[cfg(any(target_os = "linux", target_os = "android"))]
const OPEN_BATCH: usize = 16;
/// Batches opened ahead of the copier, at most: bounds the open files.
#[cfg(any(target_os = "linux", target_os = "android"))]
const BATCHES_AHEAD: usize = 4;

#[cfg(any(target_os = "linux", target_os = "android"))]
type Opened = Vec<io::Result<File>>;

#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_batch(paths: &[PathBuf]) -> Opened {
    paths.iter().map(File::open).collect()
}

/// Opens `paths` in batches, in order, into `opened`, closing the files
/// `done` hands back; stops early on cancellation or when the copier has.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_ahead(
    paths: &[PathBuf],
    opened: &std::sync::mpsc::SyncSender<Opened>,
    done: &std::sync::mpsc::Receiver<Vec<File>>,
    token: &tokio_util::sync::CancellationToken,
) {
    for chunk in paths.chunks(OPEN_BATCH) {
        if token.is_cancelled() {
            return;
        }
        done.try_iter().for_each(drop);
        if opened.send(open_batch(chunk)).is_err() {
            return;
        }
    }
}

/// Copies the opened files, batch by batch, in the order of `paths`, to
/// stdout, handing every copied batch to `recycle` (which closes it).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn copy_opened(
    paths: &[PathBuf],
    batches: impl IntoIterator<Item = Opened>,
    mut recycle: impl FnMut(Vec<File>),
    token: &tokio_util::sync::CancellationToken,
    progress: &Progress,
) -> Result<u64> {
    use super::kernel::{Failure, StdoutSink};
    let mut sink = StdoutSink::new();
    let mut written = 0u64;
    let mut first_error = None;
    let mut names = paths.iter();
    for batch in batches {
        let mut copied = Vec::with_capacity(batch.len());
        for opened in batch {
            let path = names.next().expect("one opened file per path, in order");
            let failure = match opened {
                Err(e) => Failure::Input(e),
                Ok(file) => match sink.copy(&file, token) {
                    Ok(n) => {
                        written += n;
                        progress.inc(n);
                        copied.push(file);
                        continue;
                    }
                    Err(failure) => failure,
                },
            };
            match failure {
                Failure::Input(e) => {
                    tracing::debug!("skipping unreadable input `{}`: {e}", path.display());
                    first_error.get_or_insert(Error::fs(path, e));
                }
                Failure::Output(e) => return Err(e.into()),
                Failure::Cancelled => return Err(Error::Cancelled),
            }
        }
        recycle(copied);
    }
    // The opener stops short only when cancelled.
    if names.next().is_some() {
        return Err(Error::Cancelled);
    }
    progress.finish();
    first_error.map_or(Ok(written), Err)
}

/// [`concat_files`] to any output: small files read concurrently, in
/// groups, and written in order; large ones streamed.
async fn concat_buffered(ctx: &Context, paths: &[PathBuf], out: &mut Output) -> Result<u64> {
    let limit = ctx.options().max_concurrency.max(1);
    let mut groups = plan_groups(paths).into_iter();
    // Up to `limit` groups are read ahead, in order, by blocking tasks of
    // the command; memory stays bounded by `limit` groups.
    let mut reads = VecDeque::with_capacity(limit);
    let mut written = 0u64;
    let mut first_error = None;
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
                    written += (e - s) as u64;
                }
                Piece::Large(file, path) => {
                    if let Some((ps, pe)) = pending.take() {
                        out.write_all(&group.buf[ps..pe])?;
                    }
                    match stream_file(ctx, file, &path, out).await {
                        Ok(n) => written += n,
                        Err(Error::Cancelled) => return Err(Error::Cancelled),
                        Err(e) => {
                            first_error.get_or_insert(e);
                        }
                    }
                }
                Piece::Failed(e) => {
                    if let Some((ps, pe)) = pending.take() {
                        out.write_all(&group.buf[ps..pe])?;
                    }
                    tracing::debug!("skipping unreadable input: {e}");
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some((ps, pe)) = pending {
            out.write_all(&group.buf[ps..pe])?;
        }
    }
    out.flush()?;
    match first_error {
        Some(e) => Err(e),
        None => Ok(written),
    }
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
