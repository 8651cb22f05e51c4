//! Feeding the counter: a regular file is cut into pieces counted on every
//! thread of the command's CPU pool with `pread` into fixed buffers, and
//! the partial counts combine in order; a pipe (or a terminal, a socket)
//! is read on one pool thread, with a larger pipe buffer.
//!
//! Memory stays flat: one [`BUFFER`] per pool thread for a file, one
//! [`PIPE_BUFFER`] for a pipe, whatever the input size. No `mmap`: pages
//! touched through a mapping count in the resident set, and measured it
//! was no faster than `pread` into page-aligned buffers.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use flash::CancellationToken;
use rayon::prelude::*;

use super::{Partial, WcCounts};
use flash::{Context, Error, Result};

/// Bytes read at a time from a file, into a page-aligned buffer (the
/// kernel's copy to user memory is fastest to a page boundary; measured as
/// fast as 1 MiB buffers from the page cache, and small enough for L2).
pub const BUFFER: usize = 128 * 1024;

/// The size asked of a pipe on stdin (`F_SETPIPE_SZ`), and the buffer it
/// is read into: a writer then fills 1 MiB before either side sleeps,
/// against 64 KiB by default (measured 1.9x faster through `cat f | wc`).
/// 1 MiB is Linux's default `/proc/sys/fs/pipe-max-size`.
pub const PIPE_BUFFER: usize = 1 << 20;

/// Pieces of a file are at least this large: smaller ones cost more in
/// hand-offs between threads than they gain.
const MIN_PIECE: u64 = 1 << 20;

/// Pieces per pool thread, at most: more than one, so a thread slowed by
/// other work on its core hands its share to the others (work stealing).
const PIECES_PER_THREAD: u64 = 8;

/// Counts lines, words and bytes of `file` from its current offset to its
/// end, as GNU `wc` does under `LC_ALL=C`, on the command's CPU pool.
///
/// A regular file is split across all the pool's threads, each reading
/// its pieces with `pread` into a buffer of its own; the file's offset is
/// left at the end of what was counted, as a sequential read leaves it (so
/// `wc - -` on a redirected stdin counts it once). Bytes past the size seen
/// at the start (a growing file, or one whose size the kernel reports as 0,
/// as in `/proc`) are read to the end too. Anything else (a pipe, a
/// terminal) is read on one thread, and a pipe's buffer is enlarged to
/// [`PIPE_BUFFER`] first. Cancellation is checked before every read.
///
/// Errors are the file's read errors, without its path (the caller knows
/// it), or [`Error::Cancelled`].
pub async fn count_file(ctx: &Context, file: File) -> Result<WcCounts> {
    let meta = file.metadata()?;
    let token = ctx.token();
    ctx.spawn_cpu(move || {
        if meta.is_file() {
            let threads = rayon::current_num_threads();
            count_regular(&file, meta.len(), threads, &token)
        } else {
            let buffer = if is_fifo(&meta) {
                set_pipe_size(&file);
                PIPE_BUFFER
            } else {
                BUFFER
            };
            count_stream(&file, buffer, &token)
        }
    })
    .await
}

/// The regular-file path of [`count_file`], run on a pool thread.
fn count_regular(
    file: &File,
    size: u64,
    threads: usize,
    token: &CancellationToken,
) -> Result<WcCounts> {
    let mut file_ref = file;
    let start = file_ref.stream_position()?;
    let end = size.max(start);
    let piece = piece_size(end - start, threads);
    let (split, whole) = count_split(file, start, end, piece, token)?;
    let mut buffer = Buffer::new(BUFFER);
    let (counts, at) = if whole {
        let (tail, at) = count_range(file, buffer.get(), end, u64::MAX, token)?;
        (split.then(tail), at)
    } else {
        // A piece ended early: the file is shorter than its size said
        // (it shrank while read, or it is a `/sys` file that reports a
        // page), so the pieces may not join up. Counted again, in one
        // pass, as a sequential reader sees it.
        count_range(file, buffer.get(), start, u64::MAX, token)?
    };
    file_ref.seek(SeekFrom::Start(at))?;
    Ok(counts.counts())
}

/// The piece size for `len` bytes on `threads` threads: whole buffers, at
/// least [`MIN_PIECE`], at most [`PIECES_PER_THREAD`] pieces per thread.
fn piece_size(len: u64, threads: usize) -> u64 {
    let most = (threads as u64).max(1) * PIECES_PER_THREAD;
    let pieces = (len / MIN_PIECE).clamp(1, most);
    len.div_ceil(pieces)
        .next_multiple_of(BUFFER as u64)
        .max(BUFFER as u64)
}

/// Counts `start..end` of `file` in pieces of `piece` bytes on the current
/// rayon pool, and combines the pieces' partial counts in order; the flag
/// tells whether every piece was read whole (none met the file's end).
fn count_split(
    file: &File,
    start: u64,
    end: u64,
    piece: u64,
    token: &CancellationToken,
) -> Result<(Partial, bool)> {
    let piece = piece.max(1);
    let pieces = usize::try_from((end - start).div_ceil(piece))
        .map_err(|_| Error::msg("file too large to split on this platform"))?;
    (0..pieces)
        .into_par_iter()
        // One buffer per rayon job, not per piece: a job runs many pieces.
        .map_init(
            || Buffer::new(usize::try_from(piece).map_or(BUFFER, |p| p.min(BUFFER))),
            |buffer, i| {
                let from = start + i as u64 * piece;
                let to = from.saturating_add(piece).min(end);
                count_range(file, buffer.get(), from, to, token).map(|(p, at)| (p, at == to))
            },
        )
        // `reduce` combines neighbours only, in order: `then` need not commute.
        .try_reduce(
            || (Partial::new(), true),
            |(a, a_whole), (b, b_whole)| Ok((a.then(b), a_whole && b_whole)),
        )
}

/// Counts `from..to` of `file` (or up to its end, if sooner) with `pread`
/// into `buf`; returns the counts and the offset reached.
fn count_range(
    file: &File,
    buf: &mut [u8],
    from: u64,
    to: u64,
    token: &CancellationToken,
) -> Result<(Partial, u64)> {
    let mut partial = Partial::new();
    let mut at = from;
    while at < to {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let want = usize::try_from(to - at).map_or(buf.len(), |left| left.min(buf.len()));
        match read_at(file, &mut buf[..want], at) {
            Ok(0) => break,
            Ok(n) => {
                partial.update(&buf[..n]);
                at += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok((partial, at))
}

/// Counts what is left of a stream, read sequentially into one buffer of
/// `len` bytes.
fn count_stream(mut file: &File, len: usize, token: &CancellationToken) -> Result<WcCounts> {
    let mut buffer = Buffer::new(len);
    let buf = buffer.get();
    let mut partial = Partial::new();
    loop {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        match file.read(buf) {
            Ok(0) => return Ok(partial.counts()),
            Ok(n) => partial.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
}

/// A read buffer that starts on a page boundary.
struct Buffer {
    storage: Vec<u8>,
    skip: usize,
    len: usize,
}

const PAGE: usize = 4096;

impl Buffer {
    fn new(len: usize) -> Buffer {
        let storage = vec![0u8; len + PAGE];
        let skip = storage.as_ptr().align_offset(PAGE).min(PAGE);
        Buffer { storage, skip, len }
    }

    fn get(&mut self) -> &mut [u8] {
        &mut self.storage[self.skip..self.skip + self.len]
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
}

/// Asks for a [`PIPE_BUFFER`]-byte pipe. Best effort: past the user's
/// pipe quota the kernel refuses, and the pipe is read as it is.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn set_pipe_size(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: fcntl on a descriptor we hold open, with an integer argument.
    let r = unsafe {
        libc::fcntl(
            file.as_raw_fd(),
            libc::F_SETPIPE_SZ,
            PIPE_BUFFER as libc::c_int,
        )
    };
    if r < 0 {
        flash::tracing::debug!("F_SETPIPE_SZ: {}", io::Error::last_os_error());
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn set_pipe_size(_: &File) {}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::gnu_wc::tests::reference;

    fn temp_file(data: &[u8]) -> File {
        let mut f = tempfile::tempfile().expect("temp file");
        io::Write::write_all(&mut f, data).expect("write");
        f.rewind().expect("rewind");
        f
    }

    /// Small inputs full of boundaries: words, whitespace runs, 2-, 3- and
    /// 4-byte UTF-8 sequences and transparent bytes.
    fn inputs() -> Vec<Vec<u8>> {
        let text = "caf\u{e9} au  lait\t\u{20ac}5 na\u{ef}ve\n\n \u{1f600}x \u{e0}\r\nend";
        vec![
            Vec::new(),
            b"a".to_vec(),
            b"  ".to_vec(),
            text.as_bytes().to_vec(),
            [text.as_bytes(), b"\xff\x00 \xc3", text.as_bytes()].concat(),
            b"word\xc3\xa9word  \xe2\x82\xac\xe2\x82\xac \n\x0b\x0cz".repeat(5),
        ]
    }

    #[test]
    fn split_at_every_piece_size_matches_the_reference() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .expect("pool");
        let token = CancellationToken::new();
        for data in inputs() {
            let file = temp_file(&data);
            let want = reference(&data);
            let len = data.len() as u64;
            for piece in 1..=len.max(1) + 1 {
                for start in [0, 1, 3].into_iter().filter(|&s| s <= len) {
                    let got = pool
                        .install(|| count_split(&file, start, len, piece, &token))
                        .expect("count");
                    assert!(got.1, "every piece whole");
                    assert_eq!(
                        got.0.counts(),
                        reference(&data[start as usize..]),
                        "piece {piece} from {start} of {data:?}"
                    );
                }
            }
            let got = pool.install(|| count_regular(&file, len, 3, &token));
            assert_eq!(got.expect("count"), want, "{data:?}");
        }
    }

    #[test]
    fn a_file_is_counted_from_its_offset_and_left_at_its_end() {
        let data = b"one two\nthree four five\n";
        let mut file = temp_file(data);
        file.seek(SeekFrom::Start(4)).expect("seek");
        let token = CancellationToken::new();
        let got = count_regular(&file, data.len() as u64, 2, &token).expect("count");
        assert_eq!(got, reference(&data[4..]));
        assert_eq!(file.stream_position().expect("pos"), data.len() as u64);
        // A second count finds nothing left, as `wc - -` does.
        let again = count_regular(&file, data.len() as u64, 2, &token).expect("count");
        assert_eq!(again, WcCounts::default());
    }

    #[test]
    fn bytes_past_the_size_seen_at_the_start_are_counted() {
        // As if the file grew after its size was read, or reported size 0.
        let data = b"grown file\nwith more words\n";
        let file = temp_file(data);
        let token = CancellationToken::new();
        let got = count_regular(&file, 5, 2, &token).expect("count");
        assert_eq!(got, reference(data));
        let file = temp_file(data);
        assert_eq!(
            count_regular(&file, 0, 2, &token).expect("count"),
            reference(data)
        );
    }

    #[test]
    fn a_file_shorter_than_its_size_is_counted_as_read() {
        // As if it shrank after its size was read (or a `/sys` file that
        // reports 4096 bytes): the pieces past its end find nothing, and
        // the count is that of what is there, once.
        let data = b"one two\nthree\n".repeat(20_000);
        let file = temp_file(&data);
        let token = CancellationToken::new();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .expect("pool");
        let claimed = 3 * data.len() as u64;
        let got = pool
            .install(|| count_regular(&file, claimed, 3, &token))
            .expect("count");
        assert_eq!(got, reference(&data));
    }

    #[test]
    fn a_cancelled_count_stops() {
        let file = temp_file(&vec![b'x'; 3 * BUFFER]);
        let token = CancellationToken::new();
        token.cancel();
        let got = count_regular(&file, 3 * BUFFER as u64, 2, &token);
        assert!(matches!(got, Err(Error::Cancelled)), "{got:?}");
        let got = count_stream(&file, BUFFER, &token);
        assert!(matches!(got, Err(Error::Cancelled)), "{got:?}");
    }

    #[test]
    fn pieces_are_whole_buffers_and_bounded_in_number() {
        for (len, threads) in [(0, 2), (1, 2), (5 << 20, 2), (400 << 20, 2), (1 << 40, 64)] {
            let piece = piece_size(len, threads);
            assert_eq!(piece % BUFFER as u64, 0, "{len}");
            assert!(piece >= 1);
            let pieces = len.div_ceil(piece);
            assert!(
                pieces <= threads as u64 * PIECES_PER_THREAD,
                "{len}: {pieces}"
            );
        }
    }
}
