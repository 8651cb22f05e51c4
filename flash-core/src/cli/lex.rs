//! The lexer under the parser and the completion engine: what one word of
//! argv is, read the same way by both, so that what the shell offers is
//! what the parser accepts (clap keeps `clap_lex` apart for this reason).
//!
//! It works on the encoded bytes of `OsStr`s, so words that are not UTF-8
//! pass intact; it splits them only at ASCII bytes (`-`, `=`), which are
//! valid split points of any encoding `OsStr` uses.

use std::ffi::{OsStr, OsString};

/// What a word of argv is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<'a> {
    /// `--`: only positionals follow.
    Escape,
    /// `--name` or `--name=value` (`name` may be empty: `--=x`).
    Long {
        /// The bytes between `--` and the first `=`.
        name: &'a [u8],
        /// What follows the first `=`, if there is one.
        value: Option<&'a OsStr>,
    },
    /// `-abc`: a cluster of short flags, perhaps ending in a value.
    Shorts(Shorts<'a>),
    /// Anything else: `-`, `value`, and `-5` where numbers are values.
    Value(&'a OsStr),
}

/// Reads `word`. `numbers_are_values`: `-5` and `-1.5e3` are values (the
/// command and the globals have no short flag that is a digit).
pub fn lex(word: &OsStr, numbers_are_values: bool) -> Word<'_> {
    let bytes = word.as_encoded_bytes();
    if bytes == b"--" {
        return Word::Escape;
    }
    if let Some(body) = bytes.strip_prefix(b"--") {
        let (name, value) = match body.iter().position(|&b| b == b'=') {
            Some(eq) => (&body[..eq], Some(os(&body[eq + 1..]))),
            None => (body, None),
        };
        return Word::Long { name, value };
    }
    match bytes.strip_prefix(b"-") {
        Some(rest) if !(rest.is_empty() || numbers_are_values && is_number(rest)) => {
            Word::Shorts(Shorts { rest, at: 0 })
        }
        _ => Word::Value(word),
    }
}

/// Whether `word` is `-` and a number (`-5`, `-1.5e3`): the only words
/// whose reading depends on whether numbers are values.
pub fn is_negative_number(word: &OsStr) -> bool {
    word.as_encoded_bytes()
        .strip_prefix(b"-")
        .is_some_and(is_number)
}

/// Whether `word` is an option (`-x`, `--x`) rather than a value, as the
/// parser decides where an option's value may come from the next word.
pub fn is_option(word: &OsStr, numbers_are_values: bool) -> bool {
    !matches!(lex(word, numbers_are_values), Word::Value(_))
}

/// The short flags of a cluster, read one at a time: after each, the rest
/// of the cluster may be its value (`-nVALUE`, `-n=VALUE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shorts<'a> {
    rest: &'a [u8],
    at: usize,
}

impl<'a> Shorts<'a> {
    /// The next flag's character, or `None` at the end; a byte sequence
    /// that is not UTF-8 is one `U+FFFD`.
    pub fn next_flag(&mut self) -> Option<char> {
        let bytes = self.rest.get(self.at..)?;
        if bytes.is_empty() {
            return None;
        }
        let (c, len) = match std::str::from_utf8(&bytes[..bytes.len().min(4)]) {
            Ok(s) => first_char(s),
            Err(e) if e.valid_up_to() > 0 => {
                first_char(std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("\u{fffd}"))
            }
            Err(e) => ('\u{fffd}', e.error_len().unwrap_or(1)),
        };
        self.at += len;
        Some(c)
    }

    /// The value attached after the last flag read: `-nVALUE` → `VALUE`,
    /// `-n=VALUE` → `VALUE`, `-n=` → empty; `None` when nothing follows.
    /// Ends the cluster.
    pub fn value(&mut self) -> Option<&'a OsStr> {
        let rest = self.rest.get(self.at..).unwrap_or_default();
        self.at = self.rest.len();
        if rest.is_empty() {
            return None;
        }
        Some(os(rest.strip_prefix(b"=").unwrap_or(rest)))
    }

    /// Whether what follows the last flag read starts with `=`.
    pub fn at_equals(&self) -> bool {
        self.rest.get(self.at) == Some(&b'=')
    }

    /// Whether flags remain.
    pub fn is_empty(&self) -> bool {
        self.at >= self.rest.len()
    }

    /// The whole cluster after its `-`.
    pub fn text(&self) -> &'a [u8] {
        self.rest
    }
}

fn first_char(s: &str) -> (char, usize) {
    let c = s.chars().next().unwrap_or('\u{fffd}');
    (c, c.len_utf8())
}

/// Whether `bytes` (after a `-`) is a number: digits, at most one `.`
/// after the first, an exponent with an optional sign, as clap_lex reads
/// negative numbers.
pub fn is_number(bytes: &[u8]) -> bool {
    let mut seen_dot = false;
    let mut exponent: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {}
            b'.' if !seen_dot && exponent.is_none() && i > 0 => seen_dot = true,
            b'e' | b'E' if exponent.is_none() && i > 0 => exponent = Some(i),
            b'+' | b'-' if exponent.is_some_and(|e| e + 1 == i) => {}
            _ => return false,
        }
    }
    !bytes.is_empty() && bytes[0].is_ascii_digit() && exponent != Some(bytes.len() - 1)
}

/// The `OsStr` of `bytes`, which are a piece of an `OsStr`'s encoded
/// bytes split at ASCII bytes.
pub fn os(bytes: &[u8]) -> &OsStr {
    // SAFETY: every caller passes a sub-slice of an `OsStr`'s encoded
    // bytes that starts and ends at an ASCII byte or at the ends of the
    // original, which `from_encoded_bytes_unchecked` allows.
    unsafe { OsStr::from_encoded_bytes_unchecked(bytes) }
}

/// An owned copy of [`os`].
pub fn os_string(bytes: &[u8]) -> OsString {
    os(bytes).to_os_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shorts(word: &str) -> Shorts<'_> {
        match lex(OsStr::new(word), true) {
            Word::Shorts(s) => s,
            other => panic!("{word}: {other:?}"),
        }
    }

    #[test]
    fn words() {
        assert_eq!(lex(OsStr::new("--"), true), Word::Escape);
        assert_eq!(lex(OsStr::new("-"), true), Word::Value(OsStr::new("-")));
        assert_eq!(lex(OsStr::new("x"), true), Word::Value(OsStr::new("x")));
        assert_eq!(
            lex(OsStr::new("--a=b=c"), true),
            Word::Long {
                name: b"a",
                value: Some(OsStr::new("b=c"))
            }
        );
        assert_eq!(
            lex(OsStr::new("--no-x"), true),
            Word::Long {
                name: b"no-x",
                value: None
            }
        );
        assert_eq!(lex(OsStr::new("-5"), true), Word::Value(OsStr::new("-5")));
        assert!(matches!(lex(OsStr::new("-5"), false), Word::Shorts(_)));
        assert!(matches!(lex(OsStr::new("-x5"), true), Word::Shorts(_)));
    }

    #[test]
    fn numbers() {
        for yes in ["5", "12", "1.5", "1e3", "1.5e-3", "2E+7"] {
            assert!(is_number(yes.as_bytes()), "{yes}");
        }
        for no in ["", ".5", "e3", "1e", "1..2", "1.2.3", "x", "5x", "1e3e4"] {
            assert!(!is_number(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn clusters() {
        let mut s = shorts("-abc");
        assert_eq!(
            (s.next_flag(), s.next_flag(), s.next_flag(), s.next_flag()),
            (Some('a'), Some('b'), Some('c'), None)
        );
        let mut s = shorts("-nVALUE");
        assert_eq!(s.next_flag(), Some('n'));
        assert_eq!(s.value(), Some(OsStr::new("VALUE")));
        assert!(s.is_empty());
        let mut s = shorts("-n=");
        s.next_flag();
        assert!(s.at_equals());
        assert_eq!(s.value(), Some(OsStr::new("")));
        let mut s = shorts("-n");
        s.next_flag();
        assert_eq!(s.value(), None);
        let mut s = shorts("-é");
        assert_eq!(s.next_flag(), Some('é'));
    }

    #[cfg(unix)]
    #[test]
    fn bytes_that_are_not_utf8_pass_intact() {
        use std::os::unix::ffi::OsStrExt;
        let word = OsStr::from_bytes(b"--path=a\xffb");
        let Word::Long { value, .. } = lex(word, true) else {
            panic!()
        };
        assert_eq!(value.map(OsStr::as_bytes), Some(&b"a\xffb"[..]));
        let mut s = match lex(OsStr::from_bytes(b"-\xffx"), true) {
            Word::Shorts(s) => s,
            _ => panic!(),
        };
        assert_eq!(s.next_flag(), Some('\u{fffd}'));
        assert_eq!(s.next_flag(), Some('x'));
    }
}
