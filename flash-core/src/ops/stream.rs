//! Chunked stream processing with cancellation points and flat memory.

use std::io::{self, Read};

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
/// use std::io::Write;
///
/// /// Count the lines of a text, reading it in chunks of 4 bytes.
/// #[flash::cmd(run_async, model = stream)]
/// async fn lines(ctx: &flash::Context) -> flash::Result<()> {
///     let data: &'static [u8] = b"one\ntwo\n";
///     let (n, lines) = flash::ops::stream::process_chunks(ctx, data, 4, 0u64, |lines, chunk| {
///         *lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
///         Ok(())
///     })
///     .await?;
///     writeln!(ctx.stdout(), "{n} bytes, {lines} lines")?;
///     Ok(())
/// }
///
/// let app = flash::app! { name: "demo", commands: [lines] };
/// assert_eq!(app.try_run_from(["demo", "lines"]).stdout, "8 bytes, 2 lines\n");
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
