//! The 64-byte header of an encrypted file, its bounds on the key
//! derivation's cost, and the key derivation itself, which a cancelled
//! command does not wait for.

use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::Duration;

use chacha20poly1305::aead::KeyInit;
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use tokio_util::sync::CancellationToken;
use zeroize::Zeroizing;

use super::{KdfParams, HEADER_LEN, MAGIC, VERSION};
use crate::cli::error::{Error, Result};

const ALGORITHM: u8 = 1;
const CHUNK_LOG2: u8 = 16;
const SALT_LEN: usize = 16;
const PREFIX_LEN: usize = 19;

/// Most memory a header may ask of the key derivation, in KiB (256 MiB).
pub(crate) const MAX_KDF_MEMORY_KIB: u32 = 256 * 1024;
/// Most passes a header may ask of the key derivation.
pub(crate) const MAX_KDF_PASSES: u32 = 16;
/// Most lanes a header may ask of the key derivation.
pub(crate) const MAX_KDF_LANES: u32 = 16;
/// Most work a header may ask of the key derivation: memory (KiB) times
/// passes, 512 MiB of passes. The default (19 MiB, 2 passes) is 38 MiB;
/// the cap takes ~0.9 s on one core of a 2020s x86 server, where the old
/// caps (1 GiB x 64 passes) took 53 s.
pub(crate) const MAX_KDF_WORK: u64 = 512 * 1024;

/// How often a wait for the key derivation looks at the token.
const KDF_POLL: Duration = Duration::from_millis(5);

impl KdfParams {
    /// Checks the costs against the caps every file must meet, so that
    /// neither a forged header nor a caller can make a derivation take
    /// more than about a second and 256 MiB.
    pub fn check(&self) -> Result<()> {
        let work = u64::from(self.m_cost_kib) * u64::from(self.t_cost);
        if self.m_cost_kib > MAX_KDF_MEMORY_KIB
            || !(1..=MAX_KDF_PASSES).contains(&self.t_cost)
            || !(1..=MAX_KDF_LANES).contains(&self.p_cost)
            || work > MAX_KDF_WORK
        {
            return Err(Error::validation(format!(
                "key derivation costs out of range (memory {} KiB, {} passes, {} lanes; at most {MAX_KDF_MEMORY_KIB} KiB, {MAX_KDF_PASSES} passes, {MAX_KDF_LANES} lanes, memory x passes {MAX_KDF_WORK})",
                self.m_cost_kib, self.t_cost, self.p_cost
            )));
        }
        Ok(())
    }
}

/// The parsed 64-byte header of an encrypted file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Header {
    pub(super) params: KdfParams,
    salt: [u8; SALT_LEN],
    prefix: [u8; PREFIX_LEN],
}

impl Header {
    pub(super) fn random(params: KdfParams) -> Result<Self> {
        params.check()?;
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

    pub(super) fn to_bytes(&self) -> [u8; HEADER_LEN] {
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

    pub(super) fn parse(h: &[u8; HEADER_LEN]) -> Result<Self> {
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
        params
            .check()
            .map_err(|e| Error::validation(format!("corrupted header of encrypted file ({e})")))?;
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

    pub(super) fn nonce(&self, counter: u32, last: bool) -> XNonce {
        let mut n = [0u8; 24];
        n[..PREFIX_LEN].copy_from_slice(&self.prefix);
        n[PREFIX_LEN..23].copy_from_slice(&counter.to_be_bytes());
        n[23] = u8::from(last);
        XNonce::from(n)
    }

    /// The cipher keyed by `Argon2id(passphrase, salt)`.
    ///
    /// The derivation runs on a thread of its own while this one watches
    /// `token`: a cancelled command returns [`Error::Cancelled`] within a
    /// few milliseconds instead of waiting up to a second for Argon2,
    /// which cannot be stopped part-way. The abandoned thread finishes on
    /// its own (or ends with the process) and its key is zeroized.
    pub(super) fn cipher(
        &self,
        passphrase: &[u8],
        token: &CancellationToken,
    ) -> Result<XChaCha20Poly1305> {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let p = self.params;
        let params = argon2::Params::new(p.m_cost_kib, p.t_cost, p.p_cost, Some(32))
            .map_err(|e| Error::validation(format!("invalid key derivation parameters: {e}")))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let (salt, passphrase) = (self.salt, Zeroizing::new(passphrase.to_vec()));
        let derive = move || {
            let mut key = Zeroizing::new([0u8; 32]);
            argon
                .hash_password_into(&passphrase, &salt, &mut key[..])
                .map(|()| key)
                .map_err(|e| Error::msg(format!("key derivation failed: {e}")))
        };
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("flash-kdf".into())
            .spawn(move || {
                let _ = tx.send(derive());
            });
        if let Err(e) = spawned {
            return Err(Error::msg(format!(
                "could not start the key derivation: {e}"
            )));
        }
        let key = loop {
            match rx.recv_timeout(KDF_POLL) {
                Ok(key) => break key?,
                Err(RecvTimeoutError::Timeout) if token.is_cancelled() => {
                    return Err(Error::Cancelled)
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Error::msg("key derivation failed: its thread panicked"))
                }
            }
        };
        XChaCha20Poly1305::new_from_slice(&key[..])
            .map_err(|_| Error::msg("internal error: derived key has the wrong length"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_past_the_caps_are_refused_both_ways() {
        let ok = KdfParams::default();
        assert!(ok.check().is_ok());
        let bad = [
            KdfParams {
                m_cost_kib: MAX_KDF_MEMORY_KIB + 1,
                t_cost: 1,
                p_cost: 1,
            },
            KdfParams {
                t_cost: MAX_KDF_PASSES + 1,
                ..ok
            },
            KdfParams { t_cost: 0, ..ok },
            KdfParams { p_cost: 0, ..ok },
            KdfParams {
                p_cost: MAX_KDF_LANES + 1,
                ..ok
            },
            // Each within its own cap, but too much work together.
            KdfParams {
                m_cost_kib: MAX_KDF_MEMORY_KIB,
                t_cost: 3,
                p_cost: 1,
            },
        ];
        for params in bad {
            assert!(params.check().is_err(), "{params:?}");
            assert!(Header::random(params).is_err(), "{params:?}");
            let mut h = Header::random(ok).expect("header").to_bytes();
            h[12..16].copy_from_slice(&params.m_cost_kib.to_le_bytes());
            h[16..20].copy_from_slice(&params.t_cost.to_le_bytes());
            h[20..24].copy_from_slice(&params.p_cost.to_le_bytes());
            let err = Header::parse(&h).expect_err("forged costs accepted");
            assert!(err.to_string().contains("out of range"), "{err}");
        }
    }

    #[test]
    fn a_cancelled_token_stops_before_the_derivation() {
        let token = CancellationToken::new();
        token.cancel();
        let header = Header::random(KdfParams {
            m_cost_kib: MAX_KDF_MEMORY_KIB,
            t_cost: 2,
            p_cost: 1,
        })
        .expect("header");
        assert!(matches!(
            header.cipher(b"pw", &token),
            Err(Error::Cancelled)
        ));
    }
}
