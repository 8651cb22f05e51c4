//! nushell hands its external completer the words as typed (quotes and
//! all) and inserts the value it gets back as it is, in place of the
//! whole word: the program reads the quotes (`'…'`, `"…"` with escapes,
//! `` `…` ``) and answers with each value quoted for nu, one line each
//! (`quoted<TAB>help`, a newline quoted away), a space after it unless it
//! is a directory (nu adds none).
//!
//! nu keeps one external completer: the script wraps the one set before
//! (if any) and hands it every other command.

use std::ffi::OsString;

use crate::cli::spec::AppSpec;
use crate::cli::vars::Vars;

use super::super::engine::complete;

/// The script for nushell, to `source`.
pub(super) const SCRIPT: &str = r#"do --env {
    let previous = $env.config.completions.external.completer?
    $env.config.completions.external.completer = {|spans|
        if ($spans.0 | path basename) != @NAME@ {
            if $previous != null { do $previous $spans }
        } else {
            with-env { @VAR@: nushell, _FLASH_COMPLETE_INDEX: ($spans | length | $in - 1 | into string) } {
                ^@COMPLETER@ -- ...$spans | lines | split column "\t" value description
            }
        }
    }
}
"#;

/// The candidates for the words as nu typed them.
pub(super) fn answer(app: &'static AppSpec, words: Vec<OsString>, vars: &Vars) -> String {
    let words = words
        .iter()
        .map(|w| OsString::from(unquoted(&w.to_string_lossy())))
        .collect();
    // nu adds no space after an external completer's value: a value that
    // ends the word brings its own (a directory none, to type on into).
    super::lines(&complete(app, words, vars), |value| {
        let space = if value.ends_with('/') { "" } else { " " };
        quoted(value) + space
    })
}

/// A word as nu reads it: quotes removed, escapes of `"…"` decoded; an
/// unclosed quote runs to the end (the cursor).
fn unquoted(word: &str) -> String {
    let chars = super::chars(word);
    let mut chars = chars.iter().copied();
    let mut out = Vec::with_capacity(word.len());
    while let Some(c) = chars.next() {
        match c {
            '\'' | '`' => out.extend(chars.by_ref().take_while(|&x| x != c)),
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => out.push(match chars.next() {
                            Some('n') => '\n',
                            Some('t') => '\t',
                            Some('r') => '\r',
                            Some(other) => other,
                            None => break,
                        }),
                        c => out.push(c),
                    }
                }
            }
            c => out.push(c),
        }
    }
    super::string(out)
}

/// `text` as one nu word that nothing in is expanded (globs and `~` are,
/// in bare words): as it is where plain, else in single quotes, else
/// (a quote or a control character in it) in double quotes with escapes.
fn quoted(text: &str) -> String {
    let plain = |s: &str| {
        s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | '+' | ',' | '@' | '%' | ':' | '=')
                || !c.is_ascii()
        })
    };
    if !text.is_empty() && plain(text) {
        return text.to_owned();
    }
    // A path typed from `~/`: nu expands it in a bare word only.
    if let Some(rest) = text.strip_prefix("~/") {
        if plain(rest) {
            return text.to_owned();
        }
        if let Some(home) = std::env::var_os("HOME") {
            return quoted(&[&*home.to_string_lossy(), "/", rest].concat());
        }
    }
    if !text.as_bytes().contains(&b'\'') && !text.chars().any(char::is_control) {
        return ["'", text, "'"].concat();
    }
    double_quoted(text)
}

/// `text` in nu's double quotes, with escapes for quotes, backslashes and
/// control characters.
fn double_quoted(text: &str) -> String {
    let mut out = vec!['"'];
    for c in super::chars(text) {
        match c {
            '"' | '\\' => out.extend(['\\', c]),
            '\n' => out.extend(['\\', 'n']),
            '\t' => out.extend(['\\', 't']),
            '\r' => out.extend(['\\', 'r']),
            c if c.is_control() => {
                out.extend(['\\', 'u', '{']);
                super::hex(c, 1, &mut out);
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    super::string(out)
}

/// `text` as a nu string in the script: in single quotes (`'…'` holds
/// anything but a quote), else in double quotes.
pub(super) fn script_quoted(text: &str) -> String {
    if text.as_bytes().contains(&b'\'') {
        double_quoted(text)
    } else {
        ["'", text, "'"].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_read_as_nu_reads_them() {
        assert_eq!(unquoted("'my fi"), "my fi");
        assert_eq!(unquoted("--file='a b"), "--file=a b");
        assert_eq!(unquoted(r#""a\"b\n"#), "a\"b\n");
        assert_eq!(unquoted("`x y`"), "x y");
        assert_eq!(unquoted("plain"), "plain");
    }

    #[test]
    fn values_are_quoted_for_nu() {
        assert_eq!(quoted("json"), "json");
        assert_eq!(quoted("--file=a.txt"), "--file=a.txt");
        assert_eq!(quoted("a b"), "'a b'");
        assert_eq!(quoted("$(touch X)"), "'$(touch X)'");
        assert_eq!(quoted("*.rs"), "'*.rs'");
        assert_eq!(quoted("it's"), "\"it's\"");
        assert_eq!(quoted("a\nb\"\\"), "\"a\\nb\\\"\\\\\"");
        assert_eq!(quoted("~/src/"), "~/src/");
    }
}
