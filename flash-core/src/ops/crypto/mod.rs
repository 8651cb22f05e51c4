//! Passphrase-based authenticated file encryption: Argon2id for the key,
//! XChaCha20-Poly1305 in a STREAM construction of 64 KiB chunks, sealed and
//! opened in parallel on the CPU pool with bounded memory.
//!
//! # File format (version 1)
//!
//! ```text
//! offset size  field
//!      0    8  magic "FLASHENC"
//!      8    1  version = 1
//!      9    1  algorithm = 1 (Argon2id v0x13 + XChaCha20-Poly1305 STREAM)
//!     10    1  log2 of the chunk size = 16 (64 KiB)
//!     11    1  reserved, 0
//!     12    4  Argon2id memory cost in KiB (u32 little-endian)
//!     16    4  Argon2id iterations (u32 LE)
//!     20    4  Argon2id parallelism (u32 LE)
//!     24   16  salt (random)
//!     40   19  nonce prefix (random)
//!     59    5  reserved, 0
//!     64    …  chunks
//! ```
//!
//! The plaintext is cut into 64 KiB chunks; every chunk but the last is full,
//! and the last holds 0..=64 KiB (0 only when the whole plaintext is empty).
//! Chunk `i` is stored as its ciphertext followed by its 16-byte Poly1305
//! tag, sealed under the key `Argon2id(passphrase, salt)` with the 24-byte
//! nonce `prefix(19) || i as u32 big-endian || last` (`last` is 1 for the
//! final chunk, else 0) and the whole 64-byte header as associated data.
//! So a flipped bit anywhere, a truncation (even at a chunk boundary), a
//! dropped, repeated or reordered chunk, appended data, an edited header and
//! a wrong passphrase all fail authentication.
//!
//! The Argon2id costs a header may ask for are capped, on decryption and on
//! encryption alike: at most 256 MiB, 16 passes, 16 lanes, and 512 MiB of
//! memory-passes in all (see [`KdfParams::check`]). A forged header thus
//! costs at most about a second and 256 MiB before it is rejected, and a
//! signal or `--timeout` ends the wait for the derivation at once.
//!
//! # Compared with age (the scrypt recipient of age-encryption.org/v1)
//!
//! | | flash, version 1 | age |
//! |---|---|---|
//! | payload | XChaCha20-Poly1305, 64 KiB chunks, counter and last-chunk flag in the nonce | ChaCha20-Poly1305, 64 KiB chunks, the same STREAM nonce |
//! | key | Argon2id(passphrase, salt) directly | a random file key, wrapped by scrypt(passphrase); payload key from HKDF(file key, nonce) |
//! | KDF cost | in the header; capped at 256 MiB and 512 MiB-passes (~1 s) | scrypt work factor in the stanza; Go age refuses above 2^22 (4 GiB) by default |
//! | header authentication | the header is the associated data of every chunk: an edited header fails at the first chunk | an HMAC-SHA-256 over the header, checked before any payload |
//! | key commitment | none: Poly1305 does not commit to its key, so a crafted file could open under two passphrases (a partitioning oracle); a wrong passphrase is reported by the first chunk's tag | the header MAC commits to the file key (HMAC is collision-resistant); the payload AEAD alone does not |
//! | wrong passphrase | reported after the derivation and the first batch, nothing written | reported after the derivation, from the stanza's AEAD |
//!
//! So flash matches age on the payload (a chunked, truncation- and
//! reorder-proof STREAM) and on bounding the KDF, and differs in having no
//! committing header MAC. Adding one (a BLAKE3 keyed hash of the header
//! under a key derived from the Argon2id output, stored after it) would be
//! version 2 of the format, read beside version 1.

use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use zeroize::Zeroizing;

use crate::cli::error::{Error, Result};
use crate::ops::progress::Progress;
use crate::runtime::context::Context;

mod format;
mod passphrase;
mod stream;

pub use passphrase::Passphrase;
use stream::{decrypt_with_progress, encrypt_with_progress};

// The format's constants (see the module's documentation): the
// container's own, not part of the API a command uses.

/// The first bytes of every encrypted file.
pub(crate) const MAGIC: &[u8; 8] = b"FLASHENC";
/// The format version written by this code.
pub(crate) const VERSION: u8 = 1;
/// Plaintext bytes per chunk.
pub(crate) const CHUNK: usize = 64 * 1024;
/// Bytes of the header that precedes the chunks.
pub(crate) const HEADER_LEN: usize = 64;
/// Bytes of authentication tag after each chunk.
pub(crate) const TAG_LEN: usize = 16;

const SLOT: usize = CHUNK + TAG_LEN;

const AUTH_FAILED: &str = "decryption failed: wrong passphrase or corrupted file";

/// Argon2id cost parameters, stored in the header of each file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost_kib: u32,
    /// Iterations.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl Default for KdfParams {
    /// OWASP's recommended Argon2id setting: 19 MiB, 2 iterations, 1 lane.
    fn default() -> Self {
        KdfParams {
            m_cost_kib: 19 * 1024,
            t_cost: 2,
            p_cost: 1,
        }
    }
}

/// Encrypts everything `reader` yields into `writer` under `passphrase`
/// (blocking; runs the chunks on the rayon pool). Returns the bytes written.
///
/// Checks `token` during the key derivation and between batches. Use
/// [`encrypt_file`] from a command.
pub fn encrypt_stream<R, W>(
    reader: R,
    mut writer: W,
    passphrase: &[u8],
    params: KdfParams,
    token: &CancellationToken,
) -> Result<u64>
where
    R: Read + Send,
    W: Write + Send,
{
    encrypt_with_progress(
        reader,
        &mut writer,
        passphrase,
        params,
        token,
        &Progress::hidden(),
    )
}

/// Decrypts what [`encrypt_stream`] wrote, checking every chunk; returns the
/// plaintext bytes written. Any tampering, truncation, reordering or a wrong
/// passphrase is an error, and no unauthenticated plaintext reaches `writer`
/// (only whole batches that passed are written, so route `writer` to a temp
/// file, as [`decrypt_file`] does, to keep nothing on failure).
pub fn decrypt_stream<R, W>(
    reader: R,
    mut writer: W,
    passphrase: &[u8],
    token: &CancellationToken,
) -> Result<u64>
where
    R: Read + Send,
    W: Write + Send,
{
    decrypt_with_progress(reader, &mut writer, passphrase, token, &Progress::hidden())
}

/// Encrypts the file `src` into `dst` under `passphrase`, on the CPU pool.
///
/// `dst` is written through a temp file beside it and renamed into place
/// only when complete, so no partial output survives an error, a signal or
/// a timeout; `dst` may not be `src` itself. A `dst` that is not a regular
/// file (`/dev/stdout`, a FIFO, a device) is written in place, as it goes
/// (see [`crate::runtime::scope::TempFile::in_place`]). Returns the bytes
/// written.
pub async fn encrypt_file(ctx: &Context, src: &Path, dst: &Path, passphrase: &[u8]) -> Result<u64> {
    encrypt_file_with(ctx, src, dst, passphrase, KdfParams::default()).await
}

/// [`encrypt_file`] with explicit Argon2id costs (within the caps of
/// [`KdfParams::check`]).
pub async fn encrypt_file_with(
    ctx: &Context,
    src: &Path,
    dst: &Path,
    passphrase: &[u8],
    params: KdfParams,
) -> Result<u64> {
    params.check()?;
    let job = FileJob {
        label: "encrypting",
        out_len: encrypted_len,
        private: false,
    };
    transform_file(
        ctx,
        [src, dst],
        passphrase,
        job,
        move |input, out, passphrase, token, progress| {
            encrypt_with_progress(input, out, passphrase, params, token, progress)
        },
    )
    .await
}

/// Decrypts the file `src` into `dst`, on the CPU pool. Nothing is left at
/// `dst` unless every chunk authenticated, and `dst` is private to its
/// owner (mode 0600 on Unix), as is the temp file it is written to. A
/// `dst` that is not a regular file (`/dev/stdout`, a FIFO) is written in
/// place and keeps its mode: it receives authenticated batches as they
/// are opened, and a failure stops it there. Returns the plaintext bytes.
pub async fn decrypt_file(ctx: &Context, src: &Path, dst: &Path, passphrase: &[u8]) -> Result<u64> {
    let job = FileJob {
        label: "decrypting",
        out_len: decrypted_len,
        private: true,
    };
    transform_file(ctx, [src, dst], passphrase, job, decrypt_with_progress).await
}

/// What differs between encrypting and decrypting a file.
struct FileJob {
    /// The progress bar's label.
    label: &'static str,
    /// The output's size from the input's, to preallocate it.
    out_len: fn(u64) -> u64,
    /// The output gets mode 0600 whatever the umask (plaintext).
    #[cfg_attr(not(unix), allow(dead_code))]
    private: bool,
}

/// The input and output of a transform, each noting whether an I/O error
/// came from it, so the error names the path that failed.
struct Tracked<T> {
    inner: T,
    failed: Arc<AtomicBool>,
}

impl<T> Tracked<T> {
    fn new(inner: T) -> (Self, Arc<AtomicBool>) {
        let failed = Arc::new(AtomicBool::new(false));
        let tracked = Tracked {
            inner,
            failed: failed.clone(),
        };
        (tracked, failed)
    }

    fn note<V>(&self, r: io::Result<V>) -> io::Result<V> {
        if let Err(e) = &r {
            if e.kind() != io::ErrorKind::Interrupted {
                self.failed.store(true, Ordering::Relaxed);
            }
        }
        r
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = self.inner.read(buf);
        self.note(r)
    }

    // Forwarded, not left to the default: the chunk reader fills a whole
    // batch with one `readv`.
    fn read_vectored(&mut self, bufs: &mut [io::IoSliceMut<'_>]) -> io::Result<usize> {
        let r = self.inner.read_vectored(bufs);
        self.note(r)
    }
}

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.note(r)
    }

    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let r = self.inner.write_vectored(bufs);
        self.note(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.note(r)
    }
}

type Input = Tracked<std::fs::File>;
type Output = Tracked<std::fs::File>;

/// Runs `work` from `src` into a temp file beside `dst` on the CPU pool,
/// and renames it into place only when `work` succeeded and the command
/// was not cancelled meanwhile.
async fn transform_file<W>(
    ctx: &Context,
    [src, dst]: [&Path; 2],
    passphrase: &[u8],
    job: FileJob,
    work: W,
) -> Result<u64>
where
    W: FnOnce(Input, &mut Output, &[u8], &CancellationToken, &Progress) -> Result<u64>
        + Send
        + 'static,
{
    let input = std::fs::File::open(src).map_err(|e| Error::fs(src, e))?;
    let meta = input.metadata().map_err(|e| Error::fs(src, e))?;
    check_paths(src, &meta, dst)?;
    let total = if meta.is_file() { meta.len() } else { 0 };
    let mut temp = ctx.scope().temp_file(dst)?;
    #[cfg(unix)]
    if job.private {
        temp.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    }
    let out = temp.file().try_clone().map_err(|e| Error::fs(dst, e))?;
    // Blocks reserved up front: an early ENOSPC, and page-cache writes that
    // skip per-page delayed-allocation work (the size is kept, so a source
    // that changes meanwhile still gives an exact file). Not for an output
    // written in place (a device, a FIFO, `/dev/stdout`).
    if meta.is_file() && !temp.in_place() {
        crate::ops::fs::kernel::preallocate(&out, (job.out_len)(total))
            .map_err(|e| Error::fs(dst, e))?;
    }
    let passphrase = Zeroizing::new(passphrase.to_vec());
    let token = ctx.token();
    let progress = Progress::new(ctx, total, job.label);
    let (input, input_failed) = Tracked::new(input);
    let (out, output_failed) = Tracked::new(out);
    let n = ctx
        .spawn_cpu(move || {
            let mut out = out;
            let n = work(input, &mut out, &passphrase, &token, &progress);
            progress.finish();
            n
        })
        .await
        .map_err(|e| match e {
            // An I/O error is the path's whose side failed.
            Error::Io { path: None, source } => {
                let failed = if output_failed.load(Ordering::Relaxed)
                    && !input_failed.load(Ordering::Relaxed)
                {
                    dst
                } else {
                    src
                };
                Error::fs(failed, source)
            }
            // A format the input breaks, an input too large: the input's.
            Error::Validation(message) => {
                Error::validation(format!("`{}`: {message}", src.display()))
            }
            other => other,
        })?;
    ctx.check_cancelled()?;
    temp.commit()?;
    Ok(n)
}

/// Refuses an input that is a directory and an output that is the input
/// itself (`fl encrypt -o x x` would replace the plaintext by its own
/// ciphertext, or leave neither on failure) or a directory.
fn check_paths(src: &Path, meta: &std::fs::Metadata, dst: &Path) -> Result<()> {
    let is_dir = || io::Error::new(io::ErrorKind::IsADirectory, "Is a directory");
    if meta.is_dir() {
        return Err(Error::fs(src, is_dir()));
    }
    match std::fs::metadata(dst) {
        Ok(out) if out.is_dir() => Err(Error::fs(dst, is_dir())),
        Ok(out) if crate::ops::fs::same_file(meta, &out) => Err(Error::validation(format!(
            "`{}` and `{}` are the same file",
            src.display(),
            dst.display()
        ))),
        _ => Ok(()),
    }
}

/// Size of the encryption of `plain` bytes: header, then each chunk and its
/// tag (an empty plaintext is one empty chunk).
fn encrypted_len(plain: u64) -> u64 {
    let chunks = plain.div_ceil(CHUNK as u64).max(1);
    HEADER_LEN as u64 + plain + chunks * TAG_LEN as u64
}

/// Size of the plaintext of a well-formed `sealed`-byte encryption (an
/// upper bound for anything else).
fn decrypted_len(sealed: u64) -> u64 {
    let body = sealed.saturating_sub(HEADER_LEN as u64);
    body - body.div_ceil(SLOT as u64).min(body / TAG_LEN as u64) * TAG_LEN as u64
}
