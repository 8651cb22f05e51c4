//! The byte-classification kernels: each turns 64 bytes into the masks
//! `step` counts from. SWAR on `u64`s everywhere, SSE2 and AVX2 on x86_64.
//! They know nothing of ranges and partial counts (the counter's), only
//! of blocks and the one bit of state carried from one to the next.

/// The byte-classification kernel a count runs on. [`Kernel::best`] picks
/// the fastest this CPU has; the others exist so tests and benchmarks can
/// pin one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// Portable: 8 bytes at a time in `u64` arithmetic.
    Swar,
    /// x86_64 SSE2, 16 bytes a vector (always available on x86_64).
    Sse2,
    /// x86_64 AVX2, 32 bytes a vector (when the CPU has it).
    Avx2,
}

impl Kernel {
    /// The fastest kernel this CPU supports. Detection runs once and is
    /// cached.
    pub fn best() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            use std::sync::atomic::{AtomicU8, Ordering};
            // 0: not detected yet, 1: AVX2, 2: SSE2 only.
            static DETECTED: AtomicU8 = AtomicU8::new(0);
            match DETECTED.load(Ordering::Relaxed) {
                1 => Kernel::Avx2,
                2 => Kernel::Sse2,
                _ => {
                    let avx2 = std::is_x86_feature_detected!("avx2");
                    DETECTED.store(if avx2 { 1 } else { 2 }, Ordering::Relaxed);
                    if avx2 {
                        Kernel::Avx2
                    } else {
                        Kernel::Sse2
                    }
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Kernel::Swar
        }
    }

    /// Whether this CPU can run the kernel.
    pub fn is_available(self) -> bool {
        match self {
            Kernel::Swar => true,
            Kernel::Sse2 => cfg!(target_arch = "x86_64"),
            Kernel::Avx2 => Kernel::best() == Kernel::Avx2,
        }
    }
}

/// Bytes classified at a time: one bit per byte in a `u64` mask.
pub(super) const BLOCK: usize = 64;

/// Running state of a kernel over consecutive blocks.
#[derive(Clone, Copy, Debug)]
pub(super) struct Acc {
    pub(super) lines: u64,
    pub(super) words: u64,
    // 1 when the last non-transparent byte before the next block is
    // whitespace (or there is none), 0 when it is printable.
    pub(super) carry: u64,
}

/// Counts one 64-byte block given its masks (bit `i` = byte `i`): `s`
/// whitespace, `g` printable, `n` newline.
///
/// Transparent bytes `t` take the class of the last non-transparent byte
/// before them. A run of them gets "space" exactly when the bit before it
/// is in `s` (or, for a run at bit 0, when `carry` is 1): `seed` marks the
/// first bit of those runs; adding it to `t` carries through the run and
/// out of it, so `(t + seed) ^ t` flips exactly the seeded runs plus the
/// zero bit after each, which `& t` drops. A seeded run that reaches bit 63
/// carries out of the word; the wrapping add drops that carry and the flip
/// is still right. `filled` is then "the last non-transparent byte at or
/// before bit i is whitespace", its bit 63 the state for the next block,
/// and a word starts at each printable bit whose predecessor is filled.
#[inline(always)]
pub(super) fn step(acc: &mut Acc, s: u64, g: u64, n: u64) {
    let t = !(s | g);
    let seed = ((s << 1) | acc.carry) & t;
    let filled = s | ((t.wrapping_add(seed) ^ t) & t);
    let before = (filled << 1) | acc.carry;
    acc.words += u64::from((g & before).count_ones());
    acc.lines += u64::from(n.count_ones());
    acc.carry = filled >> 63;
}

/// Runs `kernel` over `data`, which may have any length: the last partial
/// block is padded with NUL, which is transparent and no newline, so the
/// padding changes no count and leaves the state bit as the data left it.
pub(super) fn run(kernel: Kernel, acc: &mut Acc, data: &[u8]) {
    match kernel {
        Kernel::Swar => swar::count(acc, data),
        #[cfg(target_arch = "x86_64")]
        Kernel::Sse2 => x86::count_sse2(acc, data),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => {
            assert!(Kernel::best() == Kernel::Avx2, "this CPU has no AVX2");
            // SAFETY: the CPU supports AVX2, just checked (cached detection).
            unsafe { x86::count_avx2(acc, data) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        Kernel::Sse2 | Kernel::Avx2 => panic!("{kernel:?} needs x86_64"),
    }
}

/// The last `data.len() % 64` bytes of `data`, padded with NUL to a block.
#[inline(always)]
pub(super) fn padded_tail(rest: &[u8]) -> [u8; BLOCK] {
    let mut pad = [0u8; BLOCK];
    pad[..rest.len()].copy_from_slice(rest);
    pad
}

/// Portable kernel: the masks of 8 bytes at a time from `u64` arithmetic.
pub(in crate::gnu_wc) mod swar {
    use super::{padded_tail, step, Acc, BLOCK};

    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HI: u64 = 0x8080_8080_8080_8080;

    /// Each byte of `x` repeated in all eight lanes.
    const fn rep(x: u8) -> u64 {
        0x0101_0101_0101_0101 * x as u64
    }

    /// The high bit of each lane of `w` compressed to bit `lane` (lane 0 is
    /// the first byte in memory, as `from_le_bytes` loads it): the multiply
    /// sends lane k's bit to bit 56 + k, each product term to its own bit,
    /// so nothing carries into the top byte.
    #[inline(always)]
    fn pack(hi_bits: u64) -> u64 {
        ((hi_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    }

    /// Space, printable and newline masks (8 bits each) of the 8 bytes of
    /// `w`. Works on the low 7 bits of each lane so no addition carries into
    /// the next lane, and clears lanes >= 0x80 (all transparent) at the end.
    #[inline(always)]
    pub(in crate::gnu_wc) fn masks8(w: u64) -> (u64, u64, u64) {
        let low = w & LO7;
        let ascii = !w & HI;
        // Lane high bit set iff the lane of `low` is >= lo (lo < 0x80).
        let ge = |lo: u8| (low + rep(0x80 - lo)) & HI;
        // Lane high bit set iff the lane of `low` equals c (c < 0x80).
        let eq = |c: u8| {
            let y = low ^ rep(c);
            !((y + LO7) | y) & HI
        };
        let space = (eq(b' ') | (ge(9) & !ge(14))) & ascii;
        let graph = ge(0x21) & !ge(0x7f) & ascii;
        let newline = eq(b'\n') & ascii;
        (pack(space), pack(graph), pack(newline))
    }

    #[inline(always)]
    fn block(acc: &mut Acc, b: &[u8]) {
        let (mut s, mut g, mut n) = (0u64, 0u64, 0u64);
        for (k, w) in b.chunks_exact(8).enumerate() {
            let (s8, g8, n8) = masks8(u64::from_le_bytes(
                w.try_into().expect("chunks_exact(8) yields 8 bytes"),
            ));
            s |= s8 << (8 * k);
            g |= g8 << (8 * k);
            n |= n8 << (8 * k);
        }
        step(acc, s, g, n);
    }

    pub(in crate::gnu_wc) fn count(acc: &mut Acc, data: &[u8]) {
        let mut blocks = data.chunks_exact(BLOCK);
        for b in &mut blocks {
            block(acc, b);
        }
        if !blocks.remainder().is_empty() {
            block(acc, &padded_tail(blocks.remainder()));
        }
    }
}

/// x86_64 kernels: compare bytes in vector lanes, `movemask` the results.
///
/// Signed byte comparisons do all the range tests: bytes >= 0x80 are
/// negative, so `x > 0x20` is "0x21..=0x7f", and `x + 119 < -123` is
/// "9..=13" (they map to -128..=-124).
#[cfg(target_arch = "x86_64")]
pub(in crate::gnu_wc) mod x86 {
    use super::{padded_tail, step, Acc, BLOCK};
    use std::arch::x86_64::*;

    pub(in crate::gnu_wc) fn count_sse2(acc: &mut Acc, data: &[u8]) {
        let mut blocks = data.chunks_exact(BLOCK);
        for b in &mut blocks {
            // SAFETY: `b` is BLOCK bytes long; SSE2 is part of x86_64.
            let (s, g, n) = unsafe { masks_sse2(b.as_ptr()) };
            step(acc, s, g, n);
        }
        if !blocks.remainder().is_empty() {
            let pad = padded_tail(blocks.remainder());
            // SAFETY: as above, on a BLOCK-byte array.
            let (s, g, n) = unsafe { masks_sse2(pad.as_ptr()) };
            step(acc, s, g, n);
        }
    }

    /// Masks of the 64 bytes at `p`.
    ///
    /// # Safety
    ///
    /// `p` must be valid for reading 64 bytes (any alignment).
    #[inline(always)]
    unsafe fn masks_sse2(p: *const u8) -> (u64, u64, u64) {
        let (mut s, mut g, mut n) = (0u64, 0u64, 0u64);
        // SAFETY: each load reads 16 of the 64 readable bytes at `p`
        // (unaligned loads); SSE2 is always enabled on x86_64.
        unsafe {
            let space = _mm_set1_epi8(b' ' as i8);
            let x20 = _mm_set1_epi8(0x20);
            let del = _mm_set1_epi8(0x7f);
            let nl = _mm_set1_epi8(b'\n' as i8);
            let shift = _mm_set1_epi8(119);
            let ctl_max = _mm_set1_epi8(-123);
            for k in 0..4 {
                let x = _mm_loadu_si128(p.add(16 * k) as *const __m128i);
                let sp = _mm_or_si128(
                    _mm_cmpeq_epi8(x, space),
                    _mm_cmplt_epi8(_mm_add_epi8(x, shift), ctl_max),
                );
                let gr = _mm_andnot_si128(_mm_cmpeq_epi8(x, del), _mm_cmpgt_epi8(x, x20));
                let nw = _mm_cmpeq_epi8(x, nl);
                s |= u64::from(_mm_movemask_epi8(sp) as u16) << (16 * k);
                g |= u64::from(_mm_movemask_epi8(gr) as u16) << (16 * k);
                n |= u64::from(_mm_movemask_epi8(nw) as u16) << (16 * k);
            }
        }
        (s, g, n)
    }

    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(in crate::gnu_wc) unsafe fn count_avx2(acc: &mut Acc, data: &[u8]) {
        let mut blocks = data.chunks_exact(BLOCK);
        for b in &mut blocks {
            // SAFETY: `b` is BLOCK bytes long; AVX2 is this function's
            // contract.
            let (s, g, n) = unsafe { masks_avx2(b.as_ptr()) };
            step(acc, s, g, n);
        }
        if !blocks.remainder().is_empty() {
            let pad = padded_tail(blocks.remainder());
            // SAFETY: as above, on a BLOCK-byte array.
            let (s, g, n) = unsafe { masks_avx2(pad.as_ptr()) };
            step(acc, s, g, n);
        }
    }

    /// Masks of the 64 bytes at `p`.
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2, and `p` be valid for reading 64 bytes
    /// (any alignment).
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn masks_avx2(p: *const u8) -> (u64, u64, u64) {
        // SAFETY: two unaligned loads of 32 bytes within the 64 readable at
        // `p`; AVX2 is this function's contract.
        unsafe {
            let (s0, g0, n0) = masks32(_mm256_loadu_si256(p as *const __m256i));
            let (s1, g1, n1) = masks32(_mm256_loadu_si256(p.add(32) as *const __m256i));
            (s0 | s1 << 32, g0 | g1 << 32, n0 | n1 << 32)
        }
    }

    /// Masks of the 32 bytes of `x`. (A function rather than a closure: a
    /// closure inherits `target_feature` only from Rust 1.86 on.)
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn masks32(x: __m256i) -> (u64, u64, u64) {
        // Register-only operations, safe inside an AVX2 function from Rust
        // 1.87 on and covered by the `unsafe fn` before that, so no block.
        let sp = _mm256_or_si256(
            _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b' ' as i8)),
            _mm256_cmpgt_epi8(
                _mm256_set1_epi8(-123),
                _mm256_add_epi8(x, _mm256_set1_epi8(119)),
            ),
        );
        let gr = _mm256_andnot_si256(
            _mm256_cmpeq_epi8(x, _mm256_set1_epi8(0x7f)),
            _mm256_cmpgt_epi8(x, _mm256_set1_epi8(0x20)),
        );
        let nw = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b'\n' as i8));
        (
            u64::from(_mm256_movemask_epi8(sp) as u32),
            u64::from(_mm256_movemask_epi8(gr) as u32),
            u64::from(_mm256_movemask_epi8(nw) as u32),
        )
    }
}
