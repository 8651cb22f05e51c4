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

use std::io::{self, Read, Write};
use std::path::Path;

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rayon::prelude::*;
use tokio_util::sync::CancellationToken;
use zeroize::Zeroizing;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::ops::progress::Progress;

/// The first bytes of every encrypted file.
pub const MAGIC: &[u8; 8] = b"FLASHENC";
/// The format version written by this code.
pub const VERSION: u8 = 1;
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
/// Bytes of the header that precedes the chunks.
pub const HEADER_LEN: usize = 64;
/// Bytes of authentication tag after each chunk.
pub const TAG_LEN: usize = 16;

const ALGORITHM: u8 = 1;
const CHUNK_LOG2: u8 = 16;
const SALT_LEN: usize = 16;
const PREFIX_LEN: usize = 19;
const SLOT: usize = CHUNK + TAG_LEN;
// Chunks per batch: enough to keep every core busy, small enough that the
// three batches in flight stay near 3 MiB whatever the file size.
const BATCH: usize = 16;
// Bounds on header parameters accepted when decrypting, so a forged header
// cannot make us allocate or compute without limit.
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 64;
const MAX_P_COST: u32 = 64;

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

/// The parsed 64-byte header of an encrypted file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Header {
    params: KdfParams,
    salt: [u8; SALT_LEN],
    prefix: [u8; PREFIX_LEN],
}

impl Header {
    fn random(params: KdfParams) -> Result<Self> {
        let mut salt = [0u8; SALT_LEN];
        let mut prefix = [0u8; PREFIX_LEN];
        getrandom::fill(&mut salt)
            .and_then(|()| getrandom::fill(&mut prefix))
            .map_err(|e| Error::msg(format!("could not get random bytes: {e}")))?;
        Ok(Header {
            params,
            salt,
            prefix,
        })
    }

    fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[..8].copy_from_slice(MAGIC);
        h[8] = VERSION;
        h[9] = ALGORITHM;
        h[10] = CHUNK_LOG2;
        h[12..16].copy_from_slice(&self.params.m_cost_kib.to_le_bytes());
        h[16..20].copy_from_slice(&self.params.t_cost.to_le_bytes());
        h[20..24].copy_from_slice(&self.params.p_cost.to_le_bytes());
        h[24..40].copy_from_slice(&self.salt);
        h[40..59].copy_from_slice(&self.prefix);
        h
    }

    fn parse(h: &[u8; HEADER_LEN]) -> Result<Self> {
        if &h[..8] != MAGIC {
            return Err(Error::validation(
                "not a file encrypted by flash (bad magic bytes)",
            ));
        }
        if h[8] != VERSION {
            return Err(Error::validation(format!(
                "unsupported encrypted file version {} (this build reads version {VERSION})",
                h[8]
            )));
        }
        if h[9] != ALGORITHM || h[10] != CHUNK_LOG2 || h[11] != 0 || h[59..].iter().any(|&b| b != 0)
        {
            return Err(Error::validation("corrupted header of encrypted file"));
        }
        let word = |at: usize| u32::from_le_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]]);
        let params = KdfParams {
            m_cost_kib: word(12),
            t_cost: word(16),
            p_cost: word(20),
        };
        if params.m_cost_kib > MAX_M_COST_KIB
            || params.t_cost == 0
            || params.t_cost > MAX_T_COST
            || params.p_cost == 0
            || params.p_cost > MAX_P_COST
        {
            return Err(Error::validation(
                "corrupted header of encrypted file (key derivation parameters out of range)",
            ));
        }
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&h[24..40]);
        let mut prefix = [0u8; PREFIX_LEN];
        prefix.copy_from_slice(&h[40..59]);
        Ok(Header {
            params,
            salt,
            prefix,
        })
    }

    fn nonce(&self, counter: u32, last: bool) -> XNonce {
        let mut n = [0u8; 24];
        n[..PREFIX_LEN].copy_from_slice(&self.prefix);
        n[PREFIX_LEN..23].copy_from_slice(&counter.to_be_bytes());
        n[23] = u8::from(last);
        XNonce::from(n)
    }
}

fn derive_cipher(passphrase: &[u8], header: &Header) -> Result<XChaCha20Poly1305> {
    let p = header.params;
    let params = argon2::Params::new(p.m_cost_kib, p.t_cost, p.p_cost, Some(32))
        .map_err(|e| Error::validation(format!("invalid key derivation parameters: {e}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase, &header.salt, &mut key[..])
        .map_err(|e| Error::msg(format!("key derivation failed: {e}")))?;
    XChaCha20Poly1305::new_from_slice(&key[..])
        .map_err(|_| Error::msg("internal error: derived key has the wrong length"))
}

/// A batch of chunk slots read together and sealed/opened in parallel.
struct Batch {
    data: Vec<u8>,
    // Length of the content of each used slot (plaintext when encrypting,
    // ciphertext with tag when decrypting).
    lens: Vec<usize>,
    // Counter of the first slot.
    first: u32,
    // Whether the last used slot is the final chunk of the stream.
    last: bool,
}

impl Batch {
    fn new() -> Self {
        Batch {
            data: vec![0u8; BATCH * SLOT],
            lens: Vec::with_capacity(BATCH),
            first: 0,
            last: false,
        }
    }
}

/// Reads fixed-size pieces and tells whether each is the final one, with a
/// one-byte lookahead so a stream that ends exactly on a boundary is seen.
struct ChunkReader<R> {
    inner: R,
    carry: Option<u8>,
    done: bool,
    next_counter: u64,
}

impl<R: Read> ChunkReader<R> {
    fn new(inner: R) -> Self {
        ChunkReader {
            inner,
            carry: None,
            done: false,
            next_counter: 0,
        }
    }

    fn read_full(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.inner.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(filled)
    }

    /// Fills `batch` with up to [`BATCH`] pieces of `size` bytes.
    fn fill(&mut self, batch: &mut Batch, size: usize) -> Result<()> {
        batch.lens.clear();
        batch.last = false;
        batch.first = u32::try_from(self.next_counter)
            .map_err(|_| Error::validation("input too large for the encrypted format"))?;
        while !self.done && batch.lens.len() < BATCH {
            let start = batch.lens.len() * SLOT;
            let slot = &mut batch.data[start..start + size];
            let mut n = 0;
            if let Some(b) = self.carry.take() {
                slot[0] = b;
                n = 1;
            }
            n += self.read_full(&mut slot[n..])?;
            let last = if n < size {
                true
            } else {
                let mut one = [0u8; 1];
                let more = self.read_full(&mut one)?;
                if more == 1 {
                    self.carry = Some(one[0]);
                }
                more == 0
            };
            batch.lens.push(n);
            self.next_counter += 1;
            if last {
                self.done = true;
                batch.last = true;
            }
        }
        if self.next_counter > u64::from(u32::MAX) + 1 {
            return Err(Error::validation(
                "input too large for the encrypted format",
            ));
        }
        Ok(())
    }
}

/// Runs `work` on batches in a three-stage pipeline: while one batch is
/// sealed or opened on all cores, the previous one is written and the next
/// one read.
fn pipeline<R, W>(
    reader: &mut ChunkReader<R>,
    writer: &mut W,
    slot_in: usize,
    token: &CancellationToken,
    work: &(dyn Fn(&mut Batch) -> Result<()> + Sync),
    emit: &(dyn Fn(&Batch, &mut W) -> Result<u64> + Sync),
) -> Result<u64>
where
    R: Read + Send,
    W: Write + Send,
{
    let mut cur = Batch::new();
    let mut next = Batch::new();
    let mut prev = Batch::new();
    let mut has_prev = false;
    let mut written = 0u64;
    reader.fill(&mut cur, slot_in)?;
    loop {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let have_cur = !cur.lens.is_empty();
        let (worked, io_side) = rayon::join(
            || if have_cur { work(&mut cur) } else { Ok(()) },
            || -> Result<u64> {
                let n = if has_prev { emit(&prev, writer)? } else { 0 };
                if have_cur && !reader.done {
                    reader.fill(&mut next, slot_in)?;
                } else {
                    next.lens.clear();
                }
                Ok(n)
            },
        );
        worked?;
        written += io_side?;
        if !have_cur {
            break;
        }
        // Rotate the buffers: the batch just worked on is written next
        // round, the one just read is worked on, the written one is reused.
        std::mem::swap(&mut prev, &mut cur);
        std::mem::swap(&mut cur, &mut next);
        has_prev = true;
    }
    writer.flush()?;
    Ok(written)
}

/// Encrypts everything `reader` yields into `writer` under `passphrase`
/// (blocking; runs the chunks on the rayon pool). Returns the bytes written.
///
/// Checks `token` between batches. Use [`encrypt_file`] from a command.
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

fn encrypt_with_progress<R, W>(
    reader: R,
    writer: &mut W,
    passphrase: &[u8],
    params: KdfParams,
    token: &CancellationToken,
    progress: &Progress,
) -> Result<u64>
where
    R: Read + Send,
    W: Write + Send,
{
    let header = Header::random(params)?;
    let header_bytes = header.to_bytes();
    let cipher = derive_cipher(passphrase, &header)?;
    writer.write_all(&header_bytes)?;
    let mut reader = ChunkReader::new(reader);
    let seal = |batch: &mut Batch| -> Result<()> {
        let (first, count, last) = (batch.first, batch.lens.len(), batch.last);
        let lens = &batch.lens;
        batch.data[..count * SLOT]
            .par_chunks_mut(SLOT)
            .enumerate()
            .try_for_each(|(i, slot)| {
                let len = lens[i];
                let is_last = last && i + 1 == count;
                let nonce = header.nonce(first + i as u32, is_last);
                let tag = cipher
                    .encrypt_inout_detached(&nonce, &header_bytes, (&mut slot[..len]).into())
                    .map_err(|_| Error::msg("encryption failed"))?;
                slot[len..len + TAG_LEN].copy_from_slice(&tag);
                Ok(())
            })
    };
    let emit = |batch: &Batch, w: &mut W| -> Result<u64> {
        // Every chunk but the final one is full, so the sealed slots of a
        // batch are contiguous: one write.
        let count = batch.lens.len();
        let end = (count - 1) * SLOT + batch.lens[count - 1] + TAG_LEN;
        w.write_all(&batch.data[..end])?;
        progress.inc(batch.lens.iter().sum::<usize>() as u64);
        Ok(end as u64)
    };
    let body = pipeline(&mut reader, writer, CHUNK, token, &seal, &emit)?;
    Ok(HEADER_LEN as u64 + body)
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

fn decrypt_with_progress<R, W>(
    mut reader: R,
    writer: &mut W,
    passphrase: &[u8],
    token: &CancellationToken,
    progress: &Progress,
) -> Result<u64>
where
    R: Read + Send,
    W: Write + Send,
{
    let mut header_bytes = [0u8; HEADER_LEN];
    reader.read_exact(&mut header_bytes).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            Error::validation("not a file encrypted by flash (too short for a header)")
        } else {
            e.into()
        }
    })?;
    let header = Header::parse(&header_bytes)?;
    let cipher = derive_cipher(passphrase, &header)?;
    let mut reader = ChunkReader::new(reader);
    let open = |batch: &mut Batch| -> Result<()> {
        let (first, count, last) = (batch.first, batch.lens.len(), batch.last);
        let lens = &batch.lens;
        batch.data[..count * SLOT]
            .par_chunks_mut(SLOT)
            .enumerate()
            .try_for_each(|(i, slot)| {
                let len = lens[i];
                let is_last = last && i + 1 == count;
                // Only the final chunk may be short, and only the first may
                // be empty; anything else is a truncated or spliced file.
                if len < TAG_LEN || (len == TAG_LEN && (first > 0 || i > 0)) {
                    return Err(Error::validation(AUTH_FAILED));
                }
                let (body, tag) = slot[..len].split_at_mut(len - TAG_LEN);
                let tag = chacha20poly1305::Tag::try_from(&tag[..])
                    .map_err(|_| Error::validation(AUTH_FAILED))?;
                let nonce = header.nonce(first + i as u32, is_last);
                cipher
                    .decrypt_inout_detached(&nonce, &header_bytes, body.into(), &tag)
                    .map_err(|_| Error::validation(AUTH_FAILED))
            })
    };
    let emit = |batch: &Batch, w: &mut W| -> Result<u64> {
        let mut n = 0u64;
        for (i, &len) in batch.lens.iter().enumerate() {
            let plain = &batch.data[i * SLOT..i * SLOT + len - TAG_LEN];
            w.write_all(plain)?;
            n += plain.len() as u64;
        }
        progress.inc(n);
        Ok(n)
    };
    pipeline(&mut reader, writer, SLOT, token, &open, &emit)
}

/// Encrypts the file `src` into `dst` under `passphrase`, on the CPU pool.
///
/// `dst` is written through a temp file beside it and renamed into place
/// only when complete, so no partial output survives an error or Ctrl-C.
/// Returns the bytes written.
pub async fn encrypt_file(ctx: &Context, src: &Path, dst: &Path, passphrase: &[u8]) -> Result<u64> {
    encrypt_file_with(ctx, src, dst, passphrase, KdfParams::default()).await
}

/// [`encrypt_file`] with explicit Argon2id costs.
pub async fn encrypt_file_with(
    ctx: &Context,
    src: &Path,
    dst: &Path,
    passphrase: &[u8],
    params: KdfParams,
) -> Result<u64> {
    let input = std::fs::File::open(src).map_err(|e| Error::fs(src, e))?;
    let total = input.metadata().map(|m| m.len()).unwrap_or(0);
    let mut temp = ctx.scope().temp_file(dst)?;
    let out = temp.file().try_clone().map_err(|e| Error::fs(dst, e))?;
    let passphrase = Zeroizing::new(passphrase.to_vec());
    let token = ctx.token();
    let progress = Progress::new(ctx, total, "encrypting");
    let n = ctx
        .spawn_cpu(move || {
            let mut out = out;
            let n = encrypt_with_progress(input, &mut out, &passphrase, params, &token, &progress);
            progress.finish();
            n
        })
        .await
        .map_err(|e| with_path(e, dst))?;
    temp.commit()?;
    Ok(n)
}

/// Decrypts the file `src` into `dst`, on the CPU pool. Nothing is left at
/// `dst` unless every chunk authenticated. Returns the plaintext bytes.
pub async fn decrypt_file(ctx: &Context, src: &Path, dst: &Path, passphrase: &[u8]) -> Result<u64> {
    let input = std::fs::File::open(src).map_err(|e| Error::fs(src, e))?;
    let total = input.metadata().map(|m| m.len()).unwrap_or(0);
    let mut temp = ctx.scope().temp_file(dst)?;
    let out = temp.file().try_clone().map_err(|e| Error::fs(dst, e))?;
    let passphrase = Zeroizing::new(passphrase.to_vec());
    let token = ctx.token();
    let progress = Progress::new(ctx, total, "decrypting");
    let n = ctx
        .spawn_cpu(move || {
            let mut out = out;
            let n = decrypt_with_progress(input, &mut out, &passphrase, &token, &progress);
            progress.finish();
            n
        })
        .await
        .map_err(|e| with_path(e, src))?;
    temp.commit()?;
    Ok(n)
}

// Gives a path-less I/O error the path it concerned.
fn with_path(e: Error, path: &Path) -> Error {
    match e {
        Error::Filesystem { path: None, source } => Error::fs(path, source),
        other => other,
    }
}
