//! The counter: [`Partial`] counts of byte ranges and the streaming
//! [`WcCounter`], on a byte-classification [`Kernel`] (see the module
//! documentation of `gnu_wc` for the rule and how it is fast).

use super::kernels::{run, swar, Acc, Kernel};
use super::WcCounts;

/// Class of the first (or last) byte of a range that is not transparent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    /// The range is all transparent (or empty).
    None,
    Space,
    Graph,
}

/// The counts of one range of a stream, combinable in order with the
/// ranges around it ([`Partial::then`]) into the exact counts of the whole.
///
/// Words are counted as if the range followed whitespace; what a range
/// needs from its left neighbour is only whether that one ended inside a
/// word, and it records the class of its own first and last
/// non-transparent bytes to settle that when combined. A boundary may fall
/// anywhere: inside a word, a whitespace run, or a run of transparent bytes
/// such as a multi-byte UTF-8 sequence.
///
/// ```text
/// let text = "caf\u{e9} au lait\n".as_bytes();
/// let (a, b) = text.split_at(4); // inside the two bytes of "é"
/// let c = Partial::of(a).then(Partial::of(b)).counts();
/// assert_eq!((c.lines, c.words, c.bytes), (1, 3, 14));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partial {
    counts: WcCounts,
    // Class of the first non-transparent byte.
    lead: Edge,
    // 1 when the last non-transparent byte is whitespace or there is none
    // yet, else 0: the kernel's state bit (see `step`).
    carry: u64,
}

impl Default for Partial {
    fn default() -> Self {
        Self::new()
    }
}

impl Partial {
    /// An empty range: the identity of [`Partial::then`].
    pub fn new() -> Self {
        Partial {
            counts: WcCounts::default(),
            lead: Edge::None,
            carry: 1,
        }
    }

    /// The partial counts of one range.
    pub fn of(data: &[u8]) -> Self {
        let mut p = Partial::new();
        p.update(data);
        p
    }

    /// Extends the range with the bytes that follow it.
    pub fn update(&mut self, data: &[u8]) {
        self.update_with(Kernel::best(), data);
    }

    /// [`Partial::update`] on a chosen kernel.
    ///
    /// # Panics
    ///
    /// If the CPU cannot run `kernel` (see [`Kernel::is_available`]).
    pub fn update_with(&mut self, kernel: Kernel, data: &[u8]) {
        self.counts.bytes += data.len() as u64;
        if self.lead == Edge::None {
            // Only a range's leading transparent bytes leave its lead open;
            // they count no line and no word, so they can be skipped.
            if let Some((i, edge)) = first_opaque(data) {
                self.lead = edge;
                let mut acc = Acc {
                    lines: 0,
                    words: 0,
                    carry: 1,
                };
                run(kernel, &mut acc, &data[i..]);
                self.absorb(acc);
            }
        } else {
            let mut acc = Acc {
                lines: 0,
                words: 0,
                carry: self.carry,
            };
            run(kernel, &mut acc, data);
            self.absorb(acc);
        }
    }

    fn absorb(&mut self, acc: Acc) {
        self.counts.lines += acc.lines;
        self.counts.words += acc.words;
        self.carry = acc.carry;
    }

    /// The counts of this range followed by `next`. Associative, with
    /// [`Partial::new`] as identity.
    #[must_use]
    pub fn then(self, next: Partial) -> Partial {
        let mut counts = self.counts;
        counts += next.counts;
        // `next` counted its leading word as a new one; it is not when this
        // range ends inside a word.
        if self.lead != Edge::None && self.carry == 0 && next.lead == Edge::Graph {
            counts.words -= 1;
        }
        Partial {
            counts,
            lead: if self.lead == Edge::None {
                next.lead
            } else {
                self.lead
            },
            carry: if next.lead == Edge::None {
                self.carry
            } else {
                next.carry
            },
        }
    }

    /// The counts, taking the range as the start of the stream.
    pub fn counts(&self) -> WcCounts {
        self.counts
    }
}

/// An incremental `wc` counter: feed it the chunks of a stream in order,
/// split anywhere, and read the counts.
///
/// ```text
/// let mut wc = WcCounter::new();
/// wc.update(b"hello wor");
/// wc.update(b"ld\n  bye \xff\0");
/// let c = wc.counts();
/// assert_eq!((c.lines, c.words, c.bytes), (1, 3, 20));
/// ```
#[derive(Clone, Debug)]
pub struct WcCounter {
    partial: Partial,
    kernel: Kernel,
}

impl Default for WcCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl WcCounter {
    /// A counter at the start of a stream, on the fastest kernel.
    pub fn new() -> Self {
        WcCounter {
            partial: Partial::new(),
            kernel: Kernel::best(),
        }
    }

    /// A counter on a chosen kernel, or `None` if the CPU lacks it.
    pub fn with_kernel(kernel: Kernel) -> Option<Self> {
        kernel.is_available().then(|| WcCounter {
            partial: Partial::new(),
            kernel,
        })
    }

    /// Counts the next chunk of the stream.
    pub fn update(&mut self, data: &[u8]) {
        self.partial.update_with(self.kernel, data);
    }

    /// The counts so far.
    pub fn counts(&self) -> WcCounts {
        self.partial.counts()
    }
}

/// Index and class of the first non-transparent byte, if any.
fn first_opaque(data: &[u8]) -> Option<(usize, Edge)> {
    let mut words = data.chunks_exact(8);
    let mut base = 0;
    for w in &mut words {
        let (s, g, _) = swar::masks8(u64::from_le_bytes(
            w.try_into().expect("chunks_exact(8) yields 8 bytes"),
        ));
        if s | g != 0 {
            let i = (s | g).trailing_zeros();
            let edge = if s >> i & 1 == 1 {
                Edge::Space
            } else {
                Edge::Graph
            };
            return Some((base + i as usize, edge));
        }
        base += 8;
    }
    words.remainder().iter().enumerate().find_map(|(i, &b)| {
        if is_space(b) {
            Some((base + i, Edge::Space))
        } else if is_graph(b) {
            Some((base + i, Edge::Graph))
        } else {
            None
        }
    })
}

/// C-locale `isspace`: `' '` and `\t` `\n` `\v` `\f` `\r` (9..=13).
#[inline(always)]
fn is_space(b: u8) -> bool {
    b == b' ' || b.wrapping_sub(9) < 5
}

/// C-locale `isgraph`: printable and not space, `0x21..=0x7e`.
#[inline(always)]
fn is_graph(b: u8) -> bool {
    b.wrapping_sub(0x21) < 0x5e
}
