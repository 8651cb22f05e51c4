//! "Did you mean" for unknown commands, flags and values.
//!
//! Hand-written: twenty lines of Levenshtein distance; `strsim` would bring
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
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
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
    }
}
