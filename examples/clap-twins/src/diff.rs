//! A line diff of expected and actual output, for the report.

/// `expected` and `actual` line by line: common lines start with a space,
/// lines only clap's session has with `-`, lines only the twin printed
/// with `+`. Trailing spaces are shown as `·` where a line differs, since
/// they are often the difference.
pub fn lines(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split('\n').collect();
    let new: Vec<&str> = actual.split('\n').collect();
    // Longest common subsequence, from the end.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            push(&mut out, ' ', old[i]);
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(&mut out, '-', old[i]);
            i += 1;
        } else {
            push(&mut out, '+', new[j]);
            j += 1;
        }
    }
    out
}

fn push(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    if mark == ' ' {
        out.push_str(line);
    } else {
        let body = line.trim_end_matches(' ');
        out.push_str(body);
        out.extend(std::iter::repeat_n('·', line.len() - body.len()));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_what_each_side_alone_has() {
        let diff = super::lines("a\nb  \nc", "a\nB\nc");
        assert_eq!(diff, " a\n-b··\n+B\n c\n");
    }
}
