//! "Did you mean" for unknown commands, flags and values.
//!
//! Hand-written: twenty lines of edit distance (with transpositions); `strsim` would bring
//! a dozen metrics into every binary to use one.

/// The candidate closest to `typed`, if it is close enough to be a typo.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = levenshtein(typed, candidate);
        // A third of the longer name may differ, and at least one edit.
        let allowed = (typed.chars().count().max(candidate.chars().count()) / 3).max(1);
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    // Optimal string alignment: Levenshtein plus adjacent transpositions,
    // so `modle` is one edit from `model`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_only() {
        assert_eq!(levenshtein("greet", "gret"), 1);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(closest("gret", ["greet", "sizes"]), Some("greet"));
        assert_eq!(closest("lod", ["loud", "times"]), Some("loud"));
        assert_eq!(closest("xyz", ["greet", "sizes"]), None);
        assert_eq!(closest("sise", ["sizes", "size"]), Some("size"));
        assert_eq!(levenshtein("modle", "model"), 1);
        assert_eq!(closest("alais", ["alias", "name"]), Some("alias"));
    }
}
