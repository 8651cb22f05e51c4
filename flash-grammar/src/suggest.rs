//! "Did you mean" for unknown commands, flags, values and, in the macros,
//! attribute keys.
//!
//! Hand-written: twenty lines of edit distance (with transpositions); `strsim` would bring
//! a dozen metrics into every binary to use one.

/// Keeps the closest candidate offered so far, if it is close enough to be
/// a typo of `typed`.
///
/// Callers offer their candidates one by one rather than pass an iterator:
/// a generic `closest(impl IntoIterator)` was instantiated once per call
/// site (about 6 KB in every binary), and this is cold code.
pub struct Closest<'t, 'a> {
    /// What was typed, lowercased (ASCII), made once.
    lowered: Vec<char>,
    best: Option<(usize, &'a str)>,
    typed: std::marker::PhantomData<&'t str>,
}

impl<'t, 'a> Closest<'t, 'a> {
    /// Nothing offered yet, for a name the user typed.
    pub fn new(typed: &'t str) -> Self {
        Closest {
            lowered: chars(typed),
            best: None,
            typed: std::marker::PhantomData,
        }
    }

    /// Considers one more candidate.
    ///
    /// Most candidates are far from what was typed: two cheap lower bounds
    /// of the distance (the difference of lengths, and of the letters
    /// each has) set them aside before the table is filled, so a typo
    /// among hundreds of commands costs little more than the lookup that
    /// failed.
    #[inline(never)]
    pub fn offer(&mut self, candidate: &'a str) {
        let (typed, len) = (&self.lowered, candidate.chars().count());
        // A third of the longer name may differ: one edit in three letters,
        // none in one or two (`3` is not a typo of `1`).
        let allowed = typed.len().max(len) / 3;
        // To be kept, it must be closer than the best so far.
        let bound = match self.best {
            Some((0, _)) => return,
            Some((best, _)) => allowed.min(best - 1),
            None => allowed,
        };
        if typed.len().abs_diff(len) > bound || bag_distance(typed, candidate) > bound {
            return;
        }
        // Compared without case: `JSON` is a near miss of `json`, the
        // nearest there can be.
        let distance = levenshtein(typed, &chars(candidate));
        if distance <= bound {
            self.best = Some((distance, candidate));
        }
    }

    /// The closest candidate, if any was close enough.
    pub fn get(self) -> Option<&'a str> {
        self.best.map(|(_, c)| c)
    }
}

/// How many letters one of `a` and `b` has that the other lacks (the
/// larger count, ASCII lowercased; 0 when either is not ASCII): no edit
/// distance is smaller, since an edit changes each side's count by one at
/// most.
fn bag_distance(a: &[char], b: &str) -> usize {
    if !b.is_ascii() || a.iter().any(|c| !c.is_ascii()) {
        return 0;
    }
    let mut counts = [0i16; 128];
    for c in a {
        counts[*c as usize & 127] += 1;
    }
    for c in b.bytes() {
        counts[usize::from(c.to_ascii_lowercase()) & 127] -= 1;
    }
    let (mut more, mut fewer) = (0usize, 0usize);
    for n in counts {
        if n > 0 {
            more += n as usize;
        } else {
            fewer += n.unsigned_abs() as usize;
        }
    }
    more.max(fewer)
}

/// The candidate closest to `typed`, if it is close enough to be a typo:
/// what the macros suggest for a misspelt key or name, by the same rule as
/// the runtime's "did you mean".
pub fn closest<'a>(typed: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut near = Closest::new(typed);
    candidates.iter().for_each(|c| near.offer(c));
    near.get()
}

/// The characters of `text`, lowercased (ASCII), written into a buffer
/// made once at the most there can be: no `push` and no `collect`, each of
/// which brings its own growing code into every binary.
fn chars(text: &str) -> Vec<char> {
    let mut out = vec!['\0'; text.len()];
    let mut n = 0;
    for c in text.chars() {
        if let Some(slot) = out.get_mut(n) {
            *slot = c.to_ascii_lowercase();
        }
        n += 1;
    }
    out.truncate(n);
    out
}

/// Optimal string alignment distance: Levenshtein plus adjacent
/// transpositions, so `modle` is one edit from `model`.
///
/// The table is filled cell by cell in one loop (the cell at row `i`,
/// column `j` is `d[i * w + j]`) rather than by nested loops over rows and
/// columns, which the optimiser unrolls and vectorises into kilobytes of
/// code for what is a few dozen cells, once, on an error path. Cells and
/// letters are read and written with `get`, never indexed: each index
/// would bring a panic location, data every binary relocates at start-up;
/// the table is made once at its size, as `chars` does.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let cells = (a.len() + 1) * w;
    let mut d = vec![0usize; cells];
    // The cell `back` cells before cell `k` (always there).
    let cell = |d: &[usize], k: usize, back: usize| {
        d.get(k.wrapping_sub(back)).map_or(usize::MAX / 2, |v| *v)
    };
    let (mut i, mut j) = (0, 0);
    for k in 0..cells {
        let distance = if i == 0 || j == 0 {
            i + j
        } else {
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let mut best = (cell(&d, k, w) + 1)
                .min(cell(&d, k, 1) + 1)
                .min(cell(&d, k, w + 1) + cost);
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                best = best.min(cell(&d, k, 2 * w + 2) + 1);
            }
            best
        };
        if let Some(slot) = d.get_mut(k) {
            *slot = distance;
        }
        j += 1;
        if j == w {
            (i, j) = (i + 1, 0);
        }
    }
    d.last().map_or(0, |v| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> usize {
        levenshtein(&chars(a), &chars(b))
    }

    #[test]
    fn finds_typos_only() {
        assert_eq!(distance("greet", "gret"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(closest("gret", &["greet", "sizes"]), Some("greet"));
        assert_eq!(closest("lod", &["loud", "times"]), Some("loud"));
        assert_eq!(closest("xyz", &["greet", "sizes"]), None);
        assert_eq!(closest("sise", &["sizes", "size"]), Some("size"));
        assert_eq!(distance("modle", "model"), 1);
        assert_eq!(closest("alais", &["alias", "name"]), Some("alias"));
    }

    /// The cheap bound never sets aside a near candidate: what it keeps is
    /// what the full comparison keeps.
    #[test]
    fn the_bounds_keep_what_the_distance_keeps() {
        let words = [
            "greet", "gret", "grete", "sizes", "size", "sise", "cmd7", "cmd7x", "cmd12", "cmd-042",
            "cmd042", "JSON", "json", "jsn", "model", "modle", "héllo", "hello", "a", "ab", "abc",
        ];
        for typed in words {
            // The old rule, with every distance computed.
            let mut best: Option<(usize, &str)> = None;
            for c in words {
                let (t, cc) = (chars(typed), chars(c));
                let d = levenshtein(&t, &cc);
                if d <= t.len().max(cc.len()) / 3 && best.is_none_or(|(b, _)| d < b) {
                    best = Some((d, c));
                }
            }
            assert_eq!(closest(typed, &words), best.map(|(_, c)| c), "{typed}");
            for c in words {
                assert!(bag_distance(&chars(typed), c) <= levenshtein(&chars(typed), &chars(c)));
            }
        }
    }

    /// The one-loop table gives what the nested loops give.
    #[test]
    fn matches_the_full_table() {
        fn full(a: &str, b: &str) -> usize {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    let mut best = (d[i - 1][j] + 1)
                        .min(d[i][j - 1] + 1)
                        .min(d[i - 1][j - 1] + cost);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        best = best.min(d[i - 2][j - 2] + 1);
                    }
                    d[i][j] = best;
                }
            }
            d[a.len()][b.len()]
        }
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "bca", "greet", "gerte", "model", "modle", "ca",
            "abc", "héllo", "hlélo", "--loud", "--lodu", "aaaa", "aaa", "xyzzy",
        ];
        for a in words {
            for b in words {
                assert_eq!(distance(a, b), full(a, b), "{a:?} / {b:?}");
            }
        }
    }
}
