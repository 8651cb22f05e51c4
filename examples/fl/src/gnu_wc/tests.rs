use super::*;

/// The rule, one byte at a time, as GNU `wc` runs it.
pub(super) fn reference(data: &[u8]) -> WcCounts {
    let mut c = WcCounts {
        bytes: data.len() as u64,
        ..WcCounts::default()
    };
    let mut in_word = false;
    for &b in data {
        if b == b'\n' {
            c.lines += 1;
        }
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            in_word = false;
        } else if (0x21..=0x7e).contains(&b) && !in_word {
            in_word = true;
            c.words += 1;
        }
    }
    c
}

/// SplitMix64: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    /// Seeded from `WC_SEED` if set, else from the clock; the seed is
    /// printed so a failure can be replayed (`cargo test -- --nocapture`).
    fn from_env(test: &str) -> Rng {
        let seed = std::env::var("WC_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        println!("{test}: WC_SEED={seed}");
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Random input of one of several shapes: uniform bytes, a small
/// alphabet heavy on edge cases, UTF-8 text, and long transparent runs
/// (so runs cross 64-byte blocks, with either state before them).
fn random_input(rng: &mut Rng, len: usize) -> Vec<u8> {
    const EDGY: &[u8] =
        b" \t\n\x0b\x0c\r\x00\x01\x08\x0e\x1f\x7f\x80\xbf\xc3\xa9\xff!~a Z\x20\x21\x7e";
    const TEXT: &[&[u8]] = &[
        b"the",
        b"caf\xc3\xa9",
        b"\xc3\xb1",
        b"na\xc3\xafve",
        b"\xe2\x82\xac",
        b"x",
        b"(a)",
        b"\xf0\x9f\x98\x80",
        b"end.",
        b" ",
        b"  ",
        b"\t",
        b"\n",
        b"\r\n",
        b"\xc3",
    ];
    let mut v = Vec::with_capacity(len + 8);
    match rng.below(4) {
        0 => v.extend((0..len).map(|_| rng.next() as u8)),
        1 => v.extend((0..len).map(|_| EDGY[rng.below(EDGY.len())])),
        2 => {
            while v.len() < len {
                v.extend_from_slice(TEXT[rng.below(TEXT.len())]);
            }
            v.truncate(len);
        }
        _ => {
            while v.len() < len {
                match rng.below(4) {
                    0 => v.push(b' '),
                    1 => v.push(b'w'),
                    _ => {
                        let run = rng.below(200);
                        let fill = [0x00, 0x80, 0xff, 0x7f][rng.below(4)];
                        v.extend(std::iter::repeat_n(fill, run));
                    }
                }
            }
            v.truncate(len);
        }
    }
    v
}

fn kernels() -> Vec<Kernel> {
    let all = [Kernel::Swar, Kernel::Sse2, Kernel::Avx2];
    let available: Vec<Kernel> = all.into_iter().filter(|k| k.is_available()).collect();
    for k in all {
        if !k.is_available() {
            println!("kernel {k:?} not available on this CPU: not tested");
        }
    }
    available
}

fn count_with(kernel: Kernel, data: &[u8]) -> WcCounts {
    let mut p = Partial::new();
    p.update_with(kernel, data);
    p.counts()
}

#[test]
fn known_values() {
    type Case = (&'static [u8], (u64, u64, u64));
    let cases: &[Case] = &[
        (b"", (0, 0, 0)),
        (b"hello world\n", (1, 2, 12)),
        (b"\xff\xfe x", (0, 1, 4)),
        (b"a\x00b", (0, 1, 3)),
        (b"\xc3\xa9", (0, 0, 2)), // a lone "é" is no word
        (b"caf\xc3\xa9 \xc3\xa9t\xc3\xa9", (0, 2, 11)),
        (b"\x0b\x0c\r\t", (0, 0, 4)),
        (b"a\x7fb \x7f", (0, 1, 5)),
        (b"\n\n\n", (3, 0, 3)),
    ];
    for k in kernels() {
        for &(data, (l, w, b)) in cases {
            let want = WcCounts {
                lines: l,
                words: w,
                bytes: b,
            };
            assert_eq!(reference(data), want, "reference on {data:?}");
            assert_eq!(count_with(k, data), want, "{k:?} on {data:?}");
        }
    }
}

#[test]
fn every_byte_pair_and_triple_class() {
    // All 3-byte strings over one representative per behaviour, and
    // every byte value between two letters and two spaces.
    let reps = [
        b' ', b'\n', b'\x0b', b'a', b'~', 0u8, 0x7f, 0x80, 0xc3, 0xff,
    ];
    for k in kernels() {
        for &a in &reps {
            for &b in &reps {
                for &c in &reps {
                    let d = [a, b, c];
                    assert_eq!(count_with(k, &d), reference(&d), "{k:?} {d:?}");
                }
            }
        }
        for x in 0..=255u8 {
            for d in [[b'a', x, b'b'], [b' ', x, b' '], [x, x, b'z']] {
                assert_eq!(count_with(k, &d), reference(&d), "{k:?} {d:?}");
            }
        }
    }
}

#[test]
fn kernels_match_reference_on_random_inputs() {
    let mut rng = Rng::from_env("kernels_match_reference_on_random_inputs");
    let ks = kernels();
    for i in 0..3000 {
        // Lengths around block multiples, then anything up to ~5 blocks.
        let len = if i < 600 {
            (i / 3) % 200
        } else {
            rng.below(330)
        };
        let data = random_input(&mut rng, len);
        let want = reference(&data);
        for &k in &ks {
            assert_eq!(count_with(k, &data), want, "{k:?} on {data:?}");
        }
    }
    // A few larger ones, with every possible starting alignment.
    for _ in 0..40 {
        let len = 4000 + rng.below(5000);
        let data = random_input(&mut rng, len);
        let off = rng.below(64);
        for &k in &ks {
            assert_eq!(
                count_with(k, &data[off..]),
                reference(&data[off..]),
                "{k:?}"
            );
        }
    }
}

#[test]
fn every_split_point_of_small_inputs() {
    let mut rng = Rng::from_env("every_split_point_of_small_inputs");
    for _ in 0..300 {
        let len = rng.below(150);
        let data = random_input(&mut rng, len);
        let want = reference(&data);
        for k in kernels() {
            for cut in 0..=data.len() {
                let (a, b) = data.split_at(cut);
                let mut wc = WcCounter::with_kernel(k).unwrap();
                wc.update(a);
                wc.update(b);
                assert_eq!(wc.counts(), want, "{k:?} cut {cut} of {data:?}");
                let mut pa = Partial::new();
                pa.update_with(k, a);
                let mut pb = Partial::new();
                pb.update_with(k, b);
                assert_eq!(
                    pa.then(pb).counts(),
                    want,
                    "{k:?} then, cut {cut} of {data:?}"
                );
            }
        }
    }
}

#[test]
fn boundaries_inside_words_spaces_and_utf8() {
    // Each case is a list of chunks; the expected counts come from the
    // reference on their concatenation.
    let cases: &[&[&[u8]]] = &[
        &[b"hello wor", b"ld\n"],
        &[b"a  ", b"  b"],
        &[b"a ", b"", b" b"],
        &[b"caf\xc3", b"\xa9 au lait"],
        &[b"\xc3", b"\xa9"],
        &[b"x\xe2\x82", b"\xac", b"y"],
        &[b"a", b"\xc3\xa9\xff", b"b"],
        &[b"a ", b"\xff", b"b"],
        &[b"\xff\xff", b"\xff", b"", b"a"],
        &[b"", b"", b""],
        &[b"w", b"", b"\x00", b"", b"w", b" "],
        &[b"\xf0\x9f", b"\x98", b"\x80!"],
        &[b"end\n", b"\xc3\xa9", b"\n"],
    ];
    for k in kernels() {
        for chunks in cases {
            let whole: Vec<u8> = chunks.concat();
            let want = reference(&whole);
            let mut wc = WcCounter::with_kernel(k).unwrap();
            let mut folded = Partial::new();
            for c in chunks.iter() {
                wc.update(c);
                let mut p = Partial::new();
                p.update_with(k, c);
                folded = folded.then(p);
            }
            assert_eq!(wc.counts(), want, "{k:?} stream {chunks:?}");
            assert_eq!(folded.counts(), want, "{k:?} partials {chunks:?}");
        }
    }
}

#[test]
fn transparent_runs_across_blocks() {
    // Runs of transparent bytes that cross one or more 64-byte blocks
    // (and bit 63), after a space, after a letter and at the start.
    for k in kernels() {
        for fill in [0x00u8, 0x7f, 0x80, 0xff] {
            for before in [&b""[..], b" ", b"a", b"a ", b" a"] {
                for run in [1usize, 62, 63, 64, 65, 127, 128, 129, 300] {
                    for after in [&b""[..], b"b", b" ", b" b"] {
                        let mut d = before.to_vec();
                        d.extend(std::iter::repeat_n(fill, run));
                        d.extend_from_slice(after);
                        let want = reference(&d);
                        assert_eq!(count_with(k, &d), want, "{k:?} {d:?}");
                        let cut = before.len() + run / 2;
                        let (a, b) = d.split_at(cut);
                        assert_eq!(Partial::of(a).then(Partial::of(b)).counts(), want);
                    }
                }
            }
        }
    }
}

#[test]
fn random_chunking_and_associativity() {
    let mut rng = Rng::from_env("random_chunking_and_associativity");
    for _ in 0..200 {
        let len = rng.below(3000);
        let data = random_input(&mut rng, len);
        let want = reference(&data);
        for k in kernels() {
            // Stream in random chunk sizes, empty ones included.
            let mut wc = WcCounter::with_kernel(k).unwrap();
            let mut parts = Vec::new();
            let mut at = 0;
            while at < data.len() {
                let n = [0, 1, 2, 7, 63, 64, 65, 200][rng.below(8)].min(data.len() - at);
                wc.update(&data[at..at + n]);
                let mut p = Partial::new();
                p.update_with(k, &data[at..at + n]);
                parts.push(p);
                at += n;
            }
            assert_eq!(wc.counts(), want, "{k:?}");
            // Left fold, right fold and pairwise tree must agree.
            let left = parts.iter().fold(Partial::new(), |a, &b| a.then(b));
            let right = parts.iter().rev().fold(Partial::new(), |a, &b| b.then(a));
            let mut tree = parts.clone();
            while tree.len() > 1 {
                tree = tree
                    .chunks(2)
                    .map(|c| if c.len() == 2 { c[0].then(c[1]) } else { c[0] })
                    .collect();
            }
            assert_eq!(left, right, "{k:?}");
            assert_eq!(left.counts(), want, "{k:?}");
            assert_eq!(tree.first().copied().unwrap_or_default().counts(), want);
        }
    }
}

#[test]
fn matches_gnu_wc_binary() {
    let wc = std::path::Path::new("/usr/bin/wc");
    if !wc.exists() {
        println!("matches_gnu_wc_binary: /usr/bin/wc missing, skipped");
        return;
    }
    let mut rng = Rng::from_env("matches_gnu_wc_binary");
    let dir = std::env::temp_dir().join(format!("wc-kernel-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..12 {
        let len = [0, 1, 63, 64, 65, 1000, 100_000, 1 << 20][i % 8] + rng.below(100);
        let data = random_input(&mut rng, len);
        let path = dir.join(format!("in{i}"));
        std::fs::write(&path, &data).unwrap();
        let out = std::process::Command::new(wc)
            .env("LC_ALL", "C")
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let nums: Vec<u64> = text
            .split_whitespace()
            .take(3)
            .map(|n| n.parse().unwrap())
            .collect();
        let mut counter = WcCounter::new();
        counter.update(&data);
        let c = counter.counts();
        assert_eq!(
            nums,
            [c.lines, c.words, c.bytes],
            "file {} of {len} bytes",
            path.display()
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
