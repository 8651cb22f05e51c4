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
    typed: &'t str,
    best: Option<(usize, &'a str)>,
}

impl<'t, 'a> Closest<'t, 'a> {
    /// Nothing offered yet, for a name the user typed.
    pub fn new(typed: &'t str) -> Self {
        Closest { typed, best: None }
    }

    /// Considers one more candidate.
    #[inline(never)]
    pub fn offer(&mut self, candidate: &'a str) {
        // Compared without case: `JSON` is a near miss of `json`, the
        // nearest there can be.
        let (typed, candidate_chars) = (chars(self.typed), chars(candidate));
        let distance = levenshtein(&typed, &candidate_chars);
        // A third of the longer name may differ: one edit in three letters,
        // none in one or two (`3` is not a typo of `1`).
        let allowed = typed.len().max(candidate_chars.len()) / 3;
        if distance <= allowed && self.best.is_none_or(|(d, _)| distance < d) {
            self.best = Some((distance, candidate));
        }
    }

    /// The closest candidate, if any was close enough.
    pub fn get(self) -> Option<&'a str> {
        self.best.map(|(_, c)| c)
    }
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
