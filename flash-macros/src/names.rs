//! Name conversions and "did you mean".

/// `hash_all` → `hash-all` (a raw identifier loses its `r#`).
pub fn kebab(ident: &str) -> String {
    ident
        .trim_start_matches("r#")
        .trim_matches('_')
        .replace('_', "-")
}

/// `out_dir` → `OUT_DIR`.
pub fn upper(ident: &str) -> String {
    ident
        .trim_start_matches("r#")
        .trim_matches('_')
        .to_ascii_uppercase()
}

/// The candidate nearest to `typed`, when it is close enough to be a typo.
///
/// The same small Levenshtein search as the runtime's (`flash-core`'s
/// `suggest`): a proc-macro crate cannot share code with the runtime without
/// a third crate, and this is a dozen lines.
pub fn closest<'a>(typed: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (distance(typed, c), *c))
        .filter(|(d, c)| *d <= (typed.len().max(c.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
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

/// `unknown key `x``, with the nearest valid key suggested.
pub fn unknown_key_message(what: &str, typed: &str, valid: &[&str]) -> String {
    match closest(typed, valid) {
        Some(near) => format!("unknown {what} key `{typed}`; did you mean `{near}`?"),
        None => format!(
            "unknown {what} key `{typed}`; expected one of {}",
            valid
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
