//! `geninput`: deterministic, realistic inputs for `benches/ops.sh`.
//!
//! ```text
//! geninput text SIZE SEED > FILE      SIZE bytes of dense text
//! geninput small DIR COUNT SEED       COUNT text files of 1..=64 KiB in DIR
//! ```
//!
//! The text is words from a vocabulary of 4000 made-up words with Zipf-like
//! frequencies (short words common), about 6 bytes a word with its
//! separator; about 1 word in 14 holds a two-byte UTF-8 letter (é, ñ, ü, …)
//! and some are a lone accented letter ("à", which GNU `wc` in the C locale
//! does not count as a word). Sentences start capitalised and end with
//! punctuation; commas, parentheses, quotes and numbers appear; separators
//! are mostly single spaces with some double spaces and tabs; lines are 20
//! to 120 bytes, with the odd blank line between paragraphs. Not repeated
//! bytes: a counter cannot take a shortcut a real file would not allow.
//!
//! The small files have sizes drawn uniformly from 1..=64 KiB (mean 32.5
//! KiB, ~65 MB for 2000), named `fNNNN` so a shell glob lists them in order.

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// SplitMix64: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

const ACCENTED: &[&str] = &["é", "è", "ñ", "ü", "ö", "ä", "ç", "à", "í", "ó"];

fn vocabulary(rng: &mut Rng) -> Vec<Vec<u8>> {
    const CONS: &[u8] = b"bcdfghjklmnprstvwyz";
    const VOWELS: &[u8] = b"aeiou";
    // A few lone accented letters and very common short words first, so
    // the Zipf ranks make them frequent.
    let mut words: Vec<Vec<u8>> = [
        "the", "of", "and", "a", "to", "in", "is", "à", "it", "de", "for", "on",
    ]
    .iter()
    .map(|w| w.as_bytes().to_vec())
    .collect();
    while words.len() < 4000 {
        // Lengths 2..=9, weighted towards 4-6.
        let len = 2 + (rng.below(4) + rng.below(5)) as usize;
        let mut w: Vec<u8> = (0..len)
            .map(|i| {
                let pool = if i % 2 == 0 { CONS } else { VOWELS };
                pool[rng.below(pool.len() as u64) as usize]
            })
            .collect();
        if rng.chance(70) {
            let at = rng.below(w.len() as u64 + 1) as usize;
            let acc = ACCENTED[rng.below(ACCENTED.len() as u64) as usize].as_bytes();
            w.splice(at..at, acc.iter().copied());
        }
        words.push(w);
    }
    words
}

/// An endless source of text lines.
struct Text {
    rng: Rng,
    vocab: Vec<Vec<u8>>,
    // Cumulative Zipf(1) weights over ranks, scaled to u64 for a binary search.
    cum: Vec<u64>,
    sentence_start: bool,
}

impl Text {
    fn new(seed: u64) -> Text {
        let mut rng = Rng(seed);
        let vocab = vocabulary(&mut rng);
        let weights: Vec<f64> = (0..vocab.len()).map(|r| 1.0 / (r as f64 + 2.0)).collect();
        let total: f64 = weights.iter().sum();
        let mut acc = 0.0;
        let cum = weights
            .iter()
            .map(|w| {
                acc += w;
                (acc / total * u64::MAX as f64) as u64
            })
            .collect();
        Text {
            rng,
            vocab,
            cum,
            sentence_start: true,
        }
    }

    fn word(&mut self, line: &mut Vec<u8>) {
        let rng = &mut self.rng;
        if rng.chance(15) {
            line.extend_from_slice(rng.below(100_000).to_string().as_bytes());
            return;
        }
        let x = rng.next();
        let w = &self.vocab[self
            .cum
            .partition_point(|&c| c < x)
            .min(self.vocab.len() - 1)];
        let open = rng.chance(10);
        if open {
            line.push(if rng.chance(500) { b'(' } else { b'"' });
        }
        if self.sentence_start && w[0].is_ascii_lowercase() {
            line.push(w[0].to_ascii_uppercase());
            line.extend_from_slice(&w[1..]);
        } else {
            line.extend_from_slice(w);
        }
        self.sentence_start = false;
        if open {
            line.push(if rng.chance(500) { b')' } else { b'"' });
        }
        match rng.below(1000) {
            0..=59 => {
                line.push(b'.');
                self.sentence_start = true;
            }
            60..=64 => {
                line.push(b'?');
                self.sentence_start = true;
            }
            65..=124 => line.push(b','),
            125..=134 => line.push(b';'),
            135..=139 => line.extend_from_slice(b" -"),
            _ => {}
        }
    }

    /// The next line (or two, with a blank one), into `line`.
    fn line(&mut self, line: &mut Vec<u8>) {
        line.clear();
        let target = 20 + self.rng.below(101) as usize;
        while line.len() < target {
            if !line.is_empty() {
                match self.rng.below(100) {
                    0..=2 => line.extend_from_slice(b"  "),
                    3..=5 => line.push(b'\t'),
                    _ => line.push(b' '),
                }
            }
            self.word(line);
        }
        line.push(b'\n');
        if self.rng.chance(30) {
            line.push(b'\n');
        }
    }

    /// Writes exactly `size` bytes of text to `out`.
    fn write(&mut self, size: u64, out: &mut impl Write) -> io::Result<()> {
        let mut written = 0u64;
        let mut line = Vec::with_capacity(256);
        while written < size {
            self.line(&mut line);
            let n = (line.len() as u64).min(size - written) as usize;
            out.write_all(&line[..n])?;
            written += n as u64;
        }
        Ok(())
    }
}

fn small_files(dir: &Path, count: usize, seed: u64) -> io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut text = Text::new(seed);
    let mut sizes = Rng(seed ^ 0x5eed);
    let mut total = 0;
    for i in 0..count {
        let size = 1024 + sizes.below(63 * 1024 + 1);
        let mut f = BufWriter::new(std::fs::File::create(dir.join(format!("f{i:04}")))?);
        text.write(size, &mut f)?;
        f.flush()?;
        total += size;
    }
    Ok(total)
}

fn number(arg: Option<&String>, what: &str) -> Result<u64, String> {
    arg.ok_or_else(|| format!("missing {what}"))?
        .parse()
        .map_err(|e| format!("bad {what}: {e}"))
}

fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("text") => {
            let size = number(args.get(1), "SIZE")?;
            let seed = number(args.get(2), "SEED")?;
            let out = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, out.lock());
            Text::new(seed)
                .write(size, &mut out)
                .and_then(|()| out.flush())
                .map_err(|e| e.to_string())
        }
        Some("small") => {
            let dir = args.get(1).ok_or("missing DIR")?;
            let count = number(args.get(2), "COUNT")? as usize;
            let seed = number(args.get(3), "SEED")?;
            let total = small_files(Path::new(dir), count, seed).map_err(|e| e.to_string())?;
            eprintln!("{count} files, {total} bytes");
            Ok(())
        }
        _ => Err("usage: geninput text SIZE SEED | geninput small DIR COUNT SEED".into()),
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("geninput: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
