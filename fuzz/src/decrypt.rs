//! The decrypt target: `flash::ops::crypto::decrypt_stream` over arbitrary
//! files, under a fixed passphrase, checked against [`reference`], a
//! plain sequential reading of the format written from its documentation
//! (`flash-core/src/ops/crypto.rs`, "File format").
//!
//! What must hold, whatever the file:
//! - no panic, and bounded memory (libFuzzer's `-malloc_limit_mb`);
//! - flash accepts a file exactly when the reference does, and then writes
//!   exactly the reference's plaintext: nothing tampered is accepted;
//! - when flash rejects a file, what it wrote is a prefix of the plaintext
//!   the reference authenticated: no unauthenticated byte is released.
//!
//! Bounded time: the Argon2id cost is read from the header, and the caps
//! flash accepts (`MAX_KDF_*`: 256 MiB, 16 passes, 512 MiB-passes) still
//! let one derivation take about a second, where a fuzzer needs well under
//! 100 ms per input. So [`normalise`] rewrites the cost fields of a header
//! whose costs flash accepts to cheap ones (at most 63 KiB, 2 passes, 4
//! lanes) before the run; costs out of range are left as they are, so
//! their rejection is still exercised. The fuzzer thus explores the header
//! parser and the chunk layer at a few microseconds of KDF per input; the
//! time the caps allow is not what this target measures.

use std::borrow::Cow;

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use flash::ops::crypto::{decrypt_stream, KdfParams};

// The format's constants and caps, as `flash::ops::crypto` documents them
// (they are the container's own, not part of flash's API).

/// The first bytes of every encrypted file.
pub const MAGIC: &[u8; 8] = b"FLASHENC";
/// The format's version.
pub const VERSION: u8 = 1;
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
/// Bytes of the header.
pub const HEADER_LEN: usize = 64;
/// Bytes of tag after each chunk.
pub const TAG_LEN: usize = 16;
/// The most Argon2id memory a header may ask for, in KiB.
pub const MAX_KDF_MEMORY_KIB: u32 = 256 * 1024;
/// The most Argon2id passes.
pub const MAX_KDF_PASSES: u32 = 16;
/// The most Argon2id lanes.
pub const MAX_KDF_LANES: u32 = 16;
/// The most memory x passes.
pub const MAX_KDF_WORK: u64 = 512 * 1024;
use tokio_util::sync::CancellationToken;

/// The passphrase of every seed and of every run.
pub const PASSPHRASE: &[u8] = b"fuzz";

/// The Argon2id costs the seeds are written with (the cheapest Argon2 allows).
pub const FAST: KdfParams = KdfParams {
    m_cost_kib: 8,
    t_cost: 1,
    p_cost: 1,
};

const SLOT: usize = CHUNK + TAG_LEN;

fn word(h: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]])
}

/// The costs a header may ask for, as `flash::ops::crypto` documents them.
fn in_range(m: u32, t: u32, p: u32) -> bool {
    m <= MAX_KDF_MEMORY_KIB
        && (1..=MAX_KDF_PASSES).contains(&t)
        && (1..=MAX_KDF_LANES).contains(&p)
        && u64::from(m) * u64::from(t) <= MAX_KDF_WORK
}

/// The input with the costs of a header flash would accept made cheap
/// (see the module's documentation); anything else unchanged.
pub fn normalise(data: &[u8]) -> Cow<'_, [u8]> {
    if data.len() < 24 {
        return Cow::Borrowed(data);
    }
    let (m, t, p) = (word(data, 12), word(data, 16), word(data, 20));
    if !in_range(m, t, p) || (m <= 63 && t <= 2 && p <= 4) {
        return Cow::Borrowed(data);
    }
    // `m % 64` may fall below Argon2's minimum of 8 KiB per lane: then both
    // flash and the reference must reject the header.
    let (m, t, p) = (m % 64, 1 + (t - 1) % 2, 1 + (p - 1) % 4);
    let mut owned = data.to_vec();
    owned[12..16].copy_from_slice(&m.to_le_bytes());
    owned[16..20].copy_from_slice(&t.to_le_bytes());
    owned[20..24].copy_from_slice(&p.to_le_bytes());
    Cow::Owned(owned)
}

/// The reference reading of `file`: `Ok(plaintext)` when all of it
/// authenticates, else `Err(the plaintext of the chunks that did, in
/// order, before the first that did not)`.
pub fn reference(file: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let Some((header, body)) = file.split_at_checked(HEADER_LEN) else {
        return Err(Vec::new());
    };
    let cipher = key(header).ok_or_else(Vec::new)?;
    let mut plain = Vec::new();
    let mut rest = body;
    let mut counter: u32 = 0;
    loop {
        let last = rest.len() <= SLOT;
        let (chunk, after) = rest.split_at(rest.len().min(SLOT));
        // Only the final chunk is short; only a first-and-final one is
        // empty (the encryption of nothing).
        if chunk.len() < TAG_LEN || (chunk.len() == TAG_LEN && counter > 0) {
            return Err(plain);
        }
        let (ct, tag) = chunk.split_at(chunk.len() - TAG_LEN);
        let mut buf = ct.to_vec();
        let tag = chacha20poly1305::Tag::try_from(tag).map_err(|_| plain.clone())?;
        if cipher
            .decrypt_inout_detached(
                &nonce(header, counter, last),
                header,
                (&mut buf[..]).into(),
                &tag,
            )
            .is_err()
        {
            return Err(plain);
        }
        plain.extend_from_slice(&buf);
        if last {
            return Ok(plain);
        }
        rest = after;
        counter = counter.checked_add(1).ok_or_else(|| plain.clone())?;
    }
}

/// The cipher keyed by the header's KDF, or `None` for a header the format
/// does not accept.
fn key(h: &[u8]) -> Option<XChaCha20Poly1305> {
    let fixed_ok = &h[..8] == MAGIC
        && h[8] == VERSION
        && h[9] == 1
        && h[10] == 16
        && h[11] == 0
        && h[59..].iter().all(|&b| b == 0);
    let (m, t, p) = (word(h, 12), word(h, 16), word(h, 20));
    if !fixed_ok || !in_range(m, t, p) {
        return None;
    }
    let params = argon2::Params::new(m, t, p, Some(32)).ok()?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = [0u8; 32];
    argon
        .hash_password_into(PASSPHRASE, &h[24..40], &mut key)
        .ok()?;
    XChaCha20Poly1305::new_from_slice(&key).ok()
}

/// `prefix(19) || counter (u32 BE) || last`.
fn nonce(h: &[u8], counter: u32, last: bool) -> XNonce {
    let mut n = [0u8; 24];
    n[..19].copy_from_slice(&h[40..59]);
    n[19..23].copy_from_slice(&counter.to_be_bytes());
    n[23] = u8::from(last);
    XNonce::from(n)
}

/// Runs one input and panics (a finding) when an invariant breaks.
pub fn check(data: &[u8]) {
    let file = normalise(data);
    let token = CancellationToken::new();
    let mut out = Vec::new();
    let got = decrypt_stream(&file[..], &mut out, PASSPHRASE, &token);
    match (got, reference(&file)) {
        (Ok(n), Ok(plain)) => {
            assert!(
                out == plain,
                "accepted, but wrote other bytes than the plaintext"
            );
            assert_eq!(n, plain.len() as u64, "the count returned");
        }
        (Ok(_), Err(_)) => panic!("accepted a file that does not authenticate"),
        (Err(e), Ok(_)) => panic!("rejected a well-formed file: {e}"),
        (Err(e), Err(authenticated)) => {
            assert!(!e.to_string().is_empty());
            assert!(
                authenticated.starts_with(&out),
                "released {} bytes that are not authenticated plaintext ({e})",
                out.len()
            );
        }
    }
}
