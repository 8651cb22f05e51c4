//! Chunked stream processing with cancellation points and flat memory, and
//! a `wc` counter built on it.

use std::io::{self, Read};
use std::ops::AddAssign;

use crate::cli::error::{Error, Result};
use crate::runtime::context::Context;

/// Size of the one buffer [`process_chunks`] reads into: large enough to keep
/// syscalls rare, small enough to stay in L2 and keep memory flat.
pub const DEFAULT_CHUNK: usize = 128 * 1024;

/// Reads `reader` to its end in chunks of at most `chunk_size` bytes and
/// hands each chunk to `f`, in order. Returns the number of bytes read.
///
/// One buffer is reused for the whole stream, so memory stays flat whatever
/// the input size. The reading runs off the async runtime (on the CPU pool),
/// so the runtime stays free to notice Ctrl-C; cancellation is checked
/// between chunks and ends the loop with [`Error::Cancelled`].
///
/// ```
/// # use flash_core::{cli::exec::{Model, RuntimeOptions}, cli::output::Streams, runtime::run_async};
/// # run_async(Model::Stream, RuntimeOptions::default(), Streams::captured(), |ctx| async move {
/// let data: &'static [u8] = b"one\ntwo\n";
/// let (n, lines) = flash_core::ops::stream::process_chunks(&ctx, data, 4, 0u64, |lines, chunk| {
///     *lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
///     Ok(())
/// })
/// .await?;
/// assert_eq!((n, lines), (8, 2));
/// # Ok(()) }).unwrap();
/// ```
pub async fn process_chunks<R, S, F>(
    ctx: &Context,
    mut reader: R,
    chunk_size: usize,
    state: S,
    mut f: F,
) -> Result<(u64, S)>
where
    R: Read + Send + 'static,
    S: Send + 'static,
    F: FnMut(&mut S, &[u8]) -> Result<()> + Send + 'static,
{
    let token = ctx.token();
    let chunk_size = chunk_size.max(1);
    ctx.spawn_cpu(move || {
        let mut state = state;
        let mut buf = vec![0u8; chunk_size];
        let mut total = 0u64;
        loop {
            if token.is_cancelled() {
                return Err(Error::Cancelled);
            }
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            total += n as u64;
            f(&mut state, &buf[..n])?;
        }
        Ok((total, state))
    })
    .await
}

/// Line, word and byte counts, as GNU `wc` prints them under `LC_ALL=C`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WcCounts {
    /// Number of `\n` bytes.
    pub lines: u64,
    /// Number of words: runs between C-locale whitespace that hold at least
    /// one printable byte (see [`WcCounter`]).
    pub words: u64,
    /// Number of bytes.
    pub bytes: u64,
}

impl AddAssign for WcCounts {
    fn add_assign(&mut self, other: WcCounts) {
        self.lines += other.lines;
        self.words += other.words;
        self.bytes += other.bytes;
    }
}

/// An incremental `wc` counter: feed it chunks in order, read the counts.
///
/// Written by hand rather than taken from a crate because the rule is GNU
/// `wc`'s exact one under `LC_ALL=C`, which no crate implements: C `isspace`
/// bytes (space, `\t`, `\n`, `\v`, `\f`, `\r`) end a word, a printable
/// byte (`0x21..=0x7e`) outside a word starts one, and every other byte (NUL,
/// control bytes, `0x7f..=0xff`) is transparent: it neither starts nor ends a
/// word (so `"\xff\xfe x"` is one word, as GNU `wc` 9 counts it). The loop
/// is written so the compiler vectorises it for the common case of blocks
/// without transparent bytes.
///
/// ```
/// use flash_core::ops::stream::WcCounter;
/// let mut wc = WcCounter::new();
/// wc.update(b"hello wor");
/// wc.update(b"ld\n  bye \xff\0");
/// let c = wc.counts();
/// assert_eq!((c.lines, c.words, c.bytes), (1, 3, 20));
/// ```
#[derive(Clone, Debug)]
pub struct WcCounter {
    counts: WcCounts,
    // Whether the last non-transparent byte so far was whitespace (true at
    // the start of the stream).
    prev_space: bool,
}

impl Default for WcCounter {
    fn default() -> Self {
        Self::new()
    }
}

#[inline(always)]
fn is_space(b: u8) -> bool {
    // C-locale isspace: ' ' and '\t' '\n' '\v' '\f' '\r' (9..=13).
    b == b' ' || b.wrapping_sub(9) < 5
}

#[inline(always)]
fn is_graph(b: u8) -> bool {
    // C-locale isprint minus the space: 0x21..=0x7e.
    b.wrapping_sub(0x21) < 0x5e
}

#[inline(always)]
fn is_transparent(b: u8) -> bool {
    !is_space(b) && !is_graph(b)
}

// Bytes examined per block: a block without transparent bytes takes the
// vectorised path, one with any takes the byte-at-a-time path.
const BLOCK: usize = 512;

impl WcCounter {
    /// A counter at the start of a stream.
    pub fn new() -> Self {
        WcCounter {
            counts: WcCounts::default(),
            prev_space: true,
        }
    }

    /// Counts the next chunk of the stream.
    pub fn update(&mut self, data: &[u8]) {
        self.counts.bytes += data.len() as u64;
        self.counts.lines += count_newlines(data);
        let mut words = 0u64;
        for block in data.chunks(BLOCK) {
            if count_u8(block, is_transparent) == 0 {
                // No transparent byte: a word starts exactly where a
                // non-space follows a space.
                words += u64::from(self.prev_space && !is_space(block[0]));
                words += count_word_starts(block);
                self.prev_space = block.last().is_some_and(|&b| is_space(b));
            } else {
                for &b in block {
                    if is_space(b) {
                        self.prev_space = true;
                    } else if is_graph(b) {
                        words += u64::from(self.prev_space);
                        self.prev_space = false;
                    }
                }
            }
        }
        self.counts.words += words;
    }

    /// The counts so far.
    pub fn counts(&self) -> WcCounts {
        self.counts
    }
}

fn count_newlines(data: &[u8]) -> u64 {
    count_u8(data, |b| b == b'\n')
}

/// How many bytes of `data` satisfy `pred`. Sums run in u8 lanes over
/// blocks of 255 bytes, which is what lets the loop vectorise well.
#[inline(always)]
fn count_u8(data: &[u8], pred: impl Fn(u8) -> bool) -> u64 {
    let mut total = 0u64;
    for sub in data.chunks(255) {
        let mut n: u8 = 0;
        for &b in sub {
            n += u8::from(pred(b));
        }
        total += u64::from(n);
    }
    total
}

/// Number of `i >= 1` with `data[i - 1]` whitespace and `data[i]` not.
fn count_word_starts(data: &[u8]) -> u64 {
    if data.len() < 2 {
        return 0;
    }
    let mut total = 0u64;
    let (prev, next) = (&data[..data.len() - 1], &data[1..]);
    for (p, n) in prev.chunks(255).zip(next.chunks(255)) {
        let mut acc: u8 = 0;
        for (&a, &b) in p.iter().zip(n) {
            acc += u8::from(is_space(a) & !is_space(b));
        }
        total += u64::from(acc);
    }
    total
}

/// Counts lines, words and bytes of `reader` as GNU `wc` does under
/// `LC_ALL=C`, in fixed-size chunks with flat memory and cancellation points.
pub async fn wc<R: Read + Send + 'static>(ctx: &Context, reader: R) -> Result<WcCounts> {
    let (_, counter) = process_chunks(ctx, reader, DEFAULT_CHUNK, WcCounter::new(), |wc, chunk| {
        wc.update(chunk);
        Ok(())
    })
    .await?;
    Ok(counter.counts())
}

/// The column width GNU `wc` uses: the digits of the summed sizes of the
/// regular files among the inputs, at least 1, and at least 7 when any input
/// is not a regular file (a pipe, a terminal). `None` marks an input that
/// could not be opened; it is left out, as `wc` does.
pub fn wc_width(inputs: &[Option<std::fs::Metadata>]) -> usize {
    let mut minimum = 1;
    let mut total: u64 = 0;
    for meta in inputs.iter().flatten() {
        if meta.is_file() {
            total = total.saturating_add(meta.len());
        } else {
            minimum = 7;
        }
    }
    let mut width = 1;
    while total >= 10 {
        total /= 10;
        width += 1;
    }
    width.max(minimum)
}

/// One line of `wc` output: the three counts right-aligned to `width`, then
/// the name if any, then `\n`.
pub fn format_wc_line(counts: &WcCounts, width: usize, name: Option<&str>) -> String {
    let mut line = format!(
        "{:>w$} {:>w$} {:>w$}",
        counts.lines,
        counts.words,
        counts.bytes,
        w = width
    );
    if let Some(name) = name {
        line.push(' ');
        line.push_str(name);
    }
    line.push('\n');
    line
}
