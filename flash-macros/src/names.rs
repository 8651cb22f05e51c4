//! Name conversions and "did you mean".

/// `hash_all` → `hash-all` (a raw identifier loses its `r#`).
pub fn kebab(ident: &str) -> String {
    ident.trim_start_matches("r#").trim_matches('_').replace('_', "-")
}

/// `out_dir` → `OUT_DIR`.
pub fn upper(ident: &str) -> String {
    ident.trim_start_matches("r#").trim_matches('_').to_ascii_uppercase()
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

/// `unknown key `x``, with the nearest valid key suggested.
pub fn unknown_key_message(what: &str, typed: &str, valid: &[&str]) -> String {
    match closest(typed, valid) {
        Some(near) => format!("unknown {what} key `{typed}`; did you mean `{near}`?"),
        None => format!(
            "unknown {what} key `{typed}`; expected one of {}",
            valid.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}
