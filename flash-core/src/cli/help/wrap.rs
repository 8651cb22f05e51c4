//! Line wrapping as clap does it (its `wrap_help` feature): words are
//! runs of characters with the spaces after them; a line breaks before a
//! word that would pass the width (never before a line's first word), the
//! spaces before the break are dropped, and a line's leading spaces are
//! its continuation lines' too.
//!
//! Hand-written: twenty lines that must break exactly where clap breaks;
//! `textwrap` breaks differently (hyphens, its own width rules) and is a
//! dependency every binary would link for help.

/// Display width, as clap counts it without its `unicode` feature: in
/// characters.
///
/// Out of line: its two vectorised loops, inlined at each of the places
/// help measures text, were some 7 KB of every app.
#[inline(never)]
pub(crate) fn width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// `text` wrapped to `hard` columns, its continuation lines indented by
/// `indent` spaces (the indent is not counted in `hard`), trailing
/// whitespace dropped.
pub(crate) fn wrap(out: &mut String, text: &str, hard: usize, indent: usize) {
    wrap_after(out, text, hard, indent, None);
}

/// [`wrap`], where the first line already holds `before` columns of the
/// same line (its first word may then move to the next line).
pub(crate) fn wrap_after(
    out: &mut String,
    text: &str,
    hard: usize,
    indent: usize,
    before: Option<usize>,
) {
    let text = text.trim_end();
    // Most help lines fit: no words to find.
    if !text.as_bytes().contains(&b'\n') && width(text) + before.unwrap_or(0) <= hard {
        out.push_str(text);
        return;
    }
    let mut wrapped = String::with_capacity(text.len() + 16);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        wrap_line(&mut wrapped, line, hard, if i == 0 { before } else { None });
    }
    let wrapped = wrapped.trim_end();
    for (i, line) in wrapped.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            pad(out, indent);
        }
        out.push_str(line);
    }
}

/// One line of `text` (with its `\n`, if any), wrapped into `out`.
fn wrap_line(out: &mut String, line: &str, hard: usize, before: Option<usize>) {
    let words: Vec<&str> = words(line).collect();
    let indentation = match words.first() {
        Some(word) if word.trim().is_empty() && before.is_none() => *word,
        _ => "",
    };
    let mut line_width = before.unwrap_or(0);
    let mut first_word = before.is_none();
    let start = out.len();
    for (i, word) in words.iter().enumerate() {
        let trimmed = word.trim_end();
        let word_width = width(trimmed);
        if first_word && word_width > 0 {
            first_word = false;
        } else if hard < line_width + word_width {
            if i > 0 {
                // Drop the spaces the previous word brought.
                while out.len() > start && out.ends_with(' ') {
                    out.pop();
                }
            }
            out.push('\n');
            out.push_str(indentation);
            line_width = indentation.len();
        }
        out.push_str(word);
        line_width += word_width + (word.len() - trimmed.len());
    }
}

/// The words of a line: each run of non-spaces with the spaces after it
/// (clap's `find_words_ascii_space`).
fn words(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let body = bytes.iter().take_while(|&&b| b != b' ').count();
        let spaces = bytes.iter().skip(body).take_while(|&&b| b == b' ').count();
        // A run of spaces at the start is a word of its own.
        let end = if body == 0 { spaces } else { body + spaces };
        let (word, after) = rest.split_at_checked(end)?;
        rest = after;
        Some(word)
    })
}

/// `n` spaces. (Out of line, as [`width`].)
#[inline(never)]
pub(crate) fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, hard: usize) -> Vec<String> {
        let mut out = String::new();
        wrap(&mut out, text, hard, 0);
        out.split('\n').map(str::to_owned).collect()
    }

    // clap's own cases (textwrap's, as clap forked them).
    #[test]
    fn breaks_where_clap_breaks() {
        assert_eq!(wrapped("foo", 10), ["foo"]);
        assert_eq!(wrapped("foo bar baz", 5), ["foo", "bar", "baz"]);
        assert_eq!(
            wrapped("To be, or not to be, that is the question.", 10),
            ["To be, or", "not to be,", "that is", "the", "question."]
        );
        assert_eq!(wrapped("foo bar baz", 10), ["foo bar", "baz"]);
        assert_eq!(wrapped("foo", 0), ["foo"]);
        assert_eq!(wrapped("foo bar", 0), ["foo", "bar"]);
        assert_eq!(wrapped("foo bar", usize::MAX), ["foo bar"]);
        assert_eq!(wrapped("  foo bar", 6), ["  foo", "  bar"]);
        assert_eq!(wrapped(" foobar baz", 6), [" foobar", " baz"]);
        assert_eq!(wrapped("foo     bar     baz  ", 5), ["foo", "bar", "baz"]);
        assert_eq!(
            wrapped("aaabbbccc x yyyzzzwww", 9),
            ["aaabbbccc", "x", "yyyzzzwww"]
        );
        assert_eq!(wrapped("x – x", 1), ["x", "–", "x"]);
    }

    #[test]
    fn lines_and_indent() {
        let mut out = String::new();
        wrap(&mut out, "one two three\n\nfour five", 8, 4);
        assert_eq!(out, "one two\n    three\n    \n    four\n    five");
    }

    #[test]
    fn words_keep_their_spaces() {
        let w: Vec<&str> = words("foo  bar baz").collect();
        assert_eq!(w, ["foo  ", "bar ", "baz"]);
        let w: Vec<&str> = words("  foo").collect();
        assert_eq!(w, ["  ", "foo"]);
    }
}
