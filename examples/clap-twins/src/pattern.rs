//! Output matched against a session's expected text, with trycmd's
//! wildcards (snapbox's redactions):
//! - `...` on a line of its own matches any number of whole lines;
//! - `[..]` within a line matches any characters of that line;
//! - `[EXE]` is the executable suffix: nothing on Unix.
//!
//! [`exact`] compares byte for byte outside the wildcards. [`same`] compares
//! modulo whitespace-only layout: every run of spaces and line breaks is
//! one space (wrapping, alignment, blank lines and trailing spaces do not
//! count), and a wildcard matches anything there.
//!
//! snapbox matches greedily, line by line; this matcher backtracks, so it
//! accepts whatever snapbox accepts (and, where snapbox's first choice is
//! a wrong one, a little more).

use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// Text that must be there as it is.
    Text(String),
    /// `[..]`: any characters but a line break.
    InLine,
    /// `...`: any whole lines (anything at all, at the end).
    Lines,
    /// In [`same`]: anything.
    Any,
}

/// Whether `actual` is what `expected` shows, wildcards aside.
pub fn exact(expected: &str, actual: &str) -> bool {
    Matcher::new(tokens(expected), actual).matches()
}

/// Whether `actual` is what `expected` shows modulo whitespace-only layout.
pub fn same(expected: &str, actual: &str) -> bool {
    let mut loose: Vec<Token> = Vec::new();
    for token in tokens(expected) {
        match token {
            Token::Text(text) => push_text(&mut loose, &text),
            _ => loose.push(Token::Any),
        }
    }
    // Spaces next to a wildcard are the wildcard's: it matches them.
    for i in 0..loose.len() {
        let after_any = i > 0 && loose[i - 1] == Token::Any;
        let before_any = loose.get(i + 1) == Some(&Token::Any);
        if let Token::Text(text) = &mut loose[i] {
            if after_any {
                *text = text.trim_start().to_owned();
            }
            if before_any {
                *text = text.trim_end().to_owned();
            }
        }
    }
    if let Some(Token::Text(text)) = loose.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Token::Text(text)) = loose.last_mut() {
        *text = text.trim_end().to_owned();
    }
    loose.retain(|t| *t != Token::Text(String::new()));
    Matcher::new(loose, &collapse(actual)).matches()
}

/// Every run of whitespace as one space, none at either end.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends `text` with its whitespace runs collapsed, joining the previous
/// text token.
fn push_text(out: &mut Vec<Token>, text: &str) {
    let mut collapsed = String::new();
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_space = true;
            continue;
        }
        if in_space {
            collapsed.push(' ');
            in_space = false;
        }
        collapsed.push(c);
    }
    if in_space {
        collapsed.push(' ');
    }
    if let Some(Token::Text(prev)) = out.last_mut() {
        if prev.ends_with(' ') && collapsed.starts_with(' ') {
            collapsed.remove(0);
        }
        prev.push_str(&collapsed);
    } else {
        out.push(Token::Text(collapsed));
    }
}

fn tokens(expected: &str) -> Vec<Token> {
    let expected = expected.replace("[EXE]", std::env::consts::EXE_SUFFIX);
    let mut out = Vec::new();
    let mut text = String::new();
    for line in expected.split_inclusive('\n') {
        if line == "...\n" || line == "..." {
            flush(&mut out, &mut text);
            out.push(Token::Lines);
            continue;
        }
        let mut pieces = line.split("[..]");
        if let Some(first) = pieces.next() {
            text.push_str(first);
        }
        for piece in pieces {
            flush(&mut out, &mut text);
            out.push(Token::InLine);
            text.push_str(piece);
        }
    }
    flush(&mut out, &mut text);
    out
}

fn flush(out: &mut Vec<Token>, text: &mut String) {
    if !text.is_empty() {
        out.push(Token::Text(std::mem::take(text)));
    }
}

/// Backtracking over (token, position), remembered so that it stays
/// polynomial.
struct Matcher<'a> {
    tokens: Vec<Token>,
    actual: &'a [u8],
    seen: HashMap<(usize, usize), bool>,
}

impl<'a> Matcher<'a> {
    fn new(tokens: Vec<Token>, actual: &'a str) -> Self {
        Matcher {
            tokens,
            actual: actual.as_bytes(),
            seen: HashMap::new(),
        }
    }

    fn matches(&mut self) -> bool {
        self.at(0, 0)
    }

    fn at(&mut self, t: usize, a: usize) -> bool {
        if let Some(&known) = self.seen.get(&(t, a)) {
            return known;
        }
        let result = self.step(t, a);
        self.seen.insert((t, a), result);
        result
    }

    fn step(&mut self, t: usize, a: usize) -> bool {
        let actual = self.actual;
        let rest = &actual[a..];
        let Some(token) = self.tokens.get(t).cloned() else {
            return rest.is_empty();
        };
        match token {
            Token::Text(text) => {
                let len = text.len();
                rest.starts_with(text.as_bytes()) && self.at(t + 1, a + len)
            }
            Token::InLine => {
                let line_len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                (0..=line_len).any(|k| self.at(t + 1, a + k))
            }
            Token::Lines if t + 1 == self.tokens.len() => true,
            Token::Lines => {
                let ends: Vec<usize> = std::iter::once(0)
                    .chain(
                        rest.iter()
                            .enumerate()
                            .filter(|(_, &b)| b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .collect();
                ends.into_iter().any(|k| self.at(t + 1, a + k))
            }
            Token::Any => (0..=rest.len()).any(|k| self.at(t + 1, a + k)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_must_match_exactly() {
        assert!(exact("Hello Me!\n", "Hello Me!\n"));
        assert!(!exact("Hello Me!\n", "Hello Me!"));
        assert!(!exact("Hello Me!\n", "Hello Me!\n\n"));
        assert!(!exact("  -v, --verbose  \n", "  -v, --verbose\n"));
        assert!(exact("", ""));
        assert!(!exact("", "x"));
    }

    #[test]
    fn exe_is_nothing_on_unix() {
        assert!(exact(
            "Usage: demo[EXE] [OPTIONS]\n",
            "Usage: demo [OPTIONS]\n"
        ));
    }

    #[test]
    fn in_line_wildcards_stay_in_their_line() {
        assert!(exact("clap [..]\n", "clap 4.6.10\n"));
        assert!(exact("clap [..]\n", "clap \n"));
        assert!(exact("a[..]b[..]c\n", "a-b-b-c\n"));
        assert!(!exact("clap [..]\n", "clap 4.6.10\nmore\n"));
        assert!(!exact("clap [..]\n", "clip 4\n"));
        // A later `b` than the first is the one that lets the rest match.
        assert!(exact("[..]b c\n", "b b c\n"));
    }

    #[test]
    fn elided_lines_are_whole_lines() {
        assert!(exact("...", "thread 'main' panicked\nnote: x\n"));
        assert!(exact("...", ""));
        assert!(exact("head\n...\ntail\n", "head\ntail\n"));
        assert!(exact("head\n...\ntail\n", "head\na\nb\ntail\n"));
        assert!(!exact("head\n...\ntail\n", "head\na\nb tail\n"));
        assert!(!exact("head\n...\ntail\n", "head\na\n"));
    }

    #[test]
    fn same_ignores_layout_only() {
        let clap = "Options:\n      --two <TWO>\n          \n  -h, --help\n          Print help\n";
        let flash = "Options:\n      --two <TWO>  \n  -h, --help       Print help\n";
        assert!(!exact(clap, flash));
        assert!(same(clap, flash));
        // Wrapped at another width.
        assert!(same(
            "--port <PORT>  Support for discrete numbers [default: 22]\n",
            "--port <PORT>  Support for discrete\n               numbers [default: 22]\n"
        ));
        // Words still count, and so does a space inside a line.
        assert!(!same("Print help\n", "Print  help!\n"));
        assert!(!same("a b\n", "ab\n"));
        assert!(!same("error: x\n", "error: y\n"));
    }

    #[test]
    fn same_keeps_the_wildcards() {
        assert!(same("clap [..]\n", "clap\n  4.6.10\n"));
        assert!(same("head\n...\ntail\n", "head tail"));
        assert!(same("head\n...\ntail\n", "head\n  x y\ntail\n"));
        assert!(!same("head\n...\ntail\n", "head\n  x y\n"));
        assert!(same("...\n", "anything at all"));
    }
}
