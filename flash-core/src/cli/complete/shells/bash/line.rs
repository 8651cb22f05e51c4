//! The command line as bash will read it, and where readline starts the
//! text it replaces: both decide what the answer to bash holds.

use std::ffi::OsString;

use super::{Insert, Quote};

/// The words of `line` (the command up to the cursor) as bash will pass
/// them, the one under the cursor last, and where readline inserts; `None`
/// where the cursor is somewhere flash does not complete (a redirection's
/// target, or a readline word that spans several shell words).
pub(super) fn read(line: &str, breaks: &str) -> Option<(Vec<OsString>, Insert)> {
    let lexed = lex(line);
    if lexed.redirect {
        return None;
    }
    let start = readline_start(line.as_bytes(), breaks.as_bytes());
    let from = lexed.current_start;
    if start < from {
        return None;
    }
    let head = lex(&line[from..start]);
    let tilde = head.open == Quote::Bare && start == from && line[from..].starts_with('~');
    let mut words = lexed.words;
    // `VAR=value prog …`: the assignments are not the program's.
    let assignments = words.iter().take_while(|w| is_assignment(w)).count();
    words.drain(..assignments);
    if words.is_empty() {
        return None;
    }
    words.push(lexed.current);
    let insert = Insert {
        head: head.current,
        quote: head.open,
        tilde,
    };
    Some((words.into_iter().map(OsString::from).collect(), insert))
}

fn is_assignment(word: &str) -> bool {
    let eq = word.bytes().position(|b| b == b'=');
    eq.map(|at| word.split_at(at)).is_some_and(|(name, _)| {
        name.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// A command line read as bash reads words.
#[derive(Debug, Default)]
struct Lexed {
    /// The words before the one under the cursor, quotes removed, `~`
    /// expanded.
    words: Vec<String>,
    /// The word under the cursor, quotes removed.
    current: String,
    /// Where it starts in the line.
    current_start: usize,
    /// The quoting open at the end of the line.
    open: Quote,
    /// The word under the cursor is the target of a redirection.
    redirect: bool,
}

/// Reads `line` as bash splits a command into words: blanks separate,
/// quotes (`'…'`, `"…"`, `$'…'`) and backslashes are removed, an operator
/// (`;`, `|`, `&`, `(`) starts a new command, a redirection and its
/// target are no words of the program's. Expansions (`$x`, `$(…)`) stay
/// as typed: nothing is run to complete.
fn lex(line: &str) -> Lexed {
    let mut out = Lexed::default();
    let mut word: Option<Word> = None;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut chars = chars.iter().copied().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            ' ' | '\t' => out.finish(word.take()),
            '\n' | ';' | '&' | '|' | '(' | ')' => {
                out.finish(word.take());
                out.words.clear();
            }
            '<' | '>' => {
                // `2>&1`: the digits are a file descriptor, not a word.
                if word.as_ref().is_some_and(|w| w.fd) {
                    word = None;
                }
                out.finish(word.take());
                while chars
                    .next_if(|(_, c)| matches!(c, '<' | '>' | '&' | '|'))
                    .is_some()
                {}
                out.redirect = true;
            }
            '\\' => match chars.next() {
                Some((_, '\n')) | None => {}
                Some((_, c)) => started(&mut word, at).push(c, true),
            },
            '\'' => {
                let w = started(&mut word, at);
                out.open = Quote::Single;
                for (_, c) in chars.by_ref() {
                    if c == '\'' {
                        out.open = Quote::Bare;
                        break;
                    }
                    w.push(c, true);
                }
            }
            '"' => double(&mut chars, started(&mut word, at), &mut out.open),
            '$' if chars.next_if(|(_, c)| *c == '\'').is_some() => {
                ansi_c_quoted(&mut chars, started(&mut word, at), &mut out.open)
            }
            '$' if chars.next_if(|(_, c)| *c == '"').is_some() => {
                double(&mut chars, started(&mut word, at), &mut out.open)
            }
            c => started(&mut word, at).push(c, false),
        }
    }
    match word {
        Some(w) => {
            out.current_start = w.start;
            out.current = super::super::string(w.value);
        }
        None => out.current_start = line.len(),
    }
    out
}

/// The word being read, begun at `at` if none is.
fn started(word: &mut Option<Word>, at: usize) -> &mut Word {
    word.get_or_insert_with(|| Word::new(at))
}

/// The characters of a line, with where each starts (decoded once: see
/// `super::super::chars`).
type Chars<'a> = std::iter::Peekable<std::iter::Copied<std::slice::Iter<'a, (usize, char)>>>;

/// The rest of a `"…"`: a backslash quotes only `$`, `` ` ``, `"`, `\`
/// and a newline.
fn double(chars: &mut Chars, word: &mut Word, open: &mut Quote) {
    *open = Quote::Double;
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => {
                *open = Quote::Bare;
                return;
            }
            '\\' => match chars.next() {
                Some((_, '\n')) | None => {}
                Some((_, c)) if matches!(c, '$' | '`' | '"' | '\\') => word.push(c, true),
                Some((_, c)) => {
                    word.push('\\', true);
                    word.push(c, true);
                }
            },
            c => word.push(c, true),
        }
    }
}

/// The rest of a `$'…'`, its escapes decoded.
fn ansi_c_quoted(chars: &mut Chars, word: &mut Word, open: &mut Quote) {
    *open = Quote::AnsiC;
    while let Some((_, c)) = chars.next() {
        let c = match c {
            '\'' => {
                *open = Quote::Bare;
                return;
            }
            '\\' => match chars.next() {
                None => return,
                Some((_, e)) => match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'a' => '\x07',
                    'b' => '\x08',
                    'e' | 'E' => '\x1b',
                    'f' => '\x0c',
                    'v' => '\x0b',
                    'x' | 'u' | 'U' => {
                        let max = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        match number(chars, 16, max, None) {
                            Some(c) => c,
                            // No digits: the escape stays as typed.
                            None => {
                                word.push('\\', true);
                                e
                            }
                        }
                    }
                    '0'..='7' => number(chars, 8, 2, e.to_digit(8)).unwrap_or('\u{fffd}'),
                    '\\' | '\'' | '"' | '?' => e,
                    other => {
                        word.push('\\', true);
                        other
                    }
                },
            },
            c => c,
        };
        word.push(c, true);
    }
}

/// Up to `max` more digits in `radix` after `first`, as a character;
/// `None` with no digit at all.
fn number(chars: &mut Chars, radix: u32, max: usize, first: Option<u32>) -> Option<char> {
    let mut value = first;
    for _ in 0..max {
        match chars.next_if(|(_, c)| c.is_digit(radix)) {
            Some((_, d)) => {
                value = Some(value.unwrap_or(0) * radix + d.to_digit(radix).unwrap_or(0))
            }
            None => break,
        }
    }
    value.map(|v| char::from_u32(v).unwrap_or('\u{fffd}'))
}

/// A word being read.
struct Word {
    start: usize,
    value: Vec<char>,
    /// Only unquoted digits so far: a file descriptor if `<`/`>` follows.
    fd: bool,
    /// Starts with an unquoted `~`: expanded as bash expands it.
    tilde: bool,
}

impl Word {
    fn new(start: usize) -> Word {
        Word {
            start,
            value: Vec::new(),
            fd: true,
            tilde: false,
        }
    }

    fn push(&mut self, c: char, quoted: bool) {
        self.fd &= !quoted && c.is_ascii_digit();
        if self.value.is_empty() && c == '~' && !quoted {
            self.tilde = true;
        }
        self.value.push(c);
    }
}

impl Lexed {
    /// Ends `word`: a word of the command, or a redirection's target.
    fn finish(&mut self, word: Option<Word>) {
        let Some(word) = word else {
            return;
        };
        if std::mem::take(&mut self.redirect) {
            return;
        }
        let mut value = super::super::string(word.value);
        if word.tilde && (value == "~" || value.starts_with("~/")) {
            if let Some(home) = std::env::var_os("HOME") {
                value = [&*home.to_string_lossy(), &value[1..]].concat();
            }
        }
        self.words.push(value);
    }
}

// ------------------------------------------------------------ readline

/// Where readline starts the text it completes and replaces in `line`
/// (the cursor at its end): its `_rl_find_completion_word` with bash's
/// quote characters (`'`, `"`), `breaks` (`COMP_WORDBREAKS`), bash's
/// test of a quoted character (`char_is_quoted`) and special prefixes
/// (`$`, `@`, which stay in the text).
fn readline_start(line: &[u8], breaks: &[u8]) -> usize {
    let end = line.len();
    let (mut quote, mut found, mut pass_next) = (0u8, false, false);
    let mut point = end;
    // The start of an unclosed quoted substring, if any.
    for (i, &c) in line.iter().enumerate() {
        if pass_next {
            pass_next = false;
        } else if quote != b'\'' && c == b'\\' {
            pass_next = true;
            found = true;
        } else if quote != 0 {
            if c == quote {
                quote = 0;
                point = end;
            }
        } else if c == b'\'' || c == b'"' {
            quote = c;
            point = i + 1;
            found = true;
        }
    }
    let is_break = |at: usize| breaks.contains(&line[at]) && !(found && char_is_quoted(line, at));
    if quote == 0 {
        // Else back to the last word break that is not quoted.
        while point > 0 {
            point -= 1;
            // (Multibyte characters hold no ASCII byte: byte steps do.)
            if is_break(point) {
                break;
            }
        }
        if point < end && is_break(point) && !matches!(line[point], b'$' | b'@') {
            point += 1;
        }
    }
    point
}

/// Whether the byte at `at` is quoted: bash's `char_is_quoted` (a
/// backslash, quotes, `$'…'`, `$(…)` and backquotes), for the breaks
/// readline skips.
fn char_is_quoted(line: &[u8], at: usize) -> bool {
    let mut i = 0;
    while i <= at {
        match line[i] {
            b'\\' => {
                if i + 1 >= at {
                    return i + 1 == at;
                }
                i += 2;
                continue;
            }
            b'$' if line.get(i + 1) == Some(&b'\'') => i = skip_single(line, i + 2),
            b'\'' => i = skip_single(line, i + 1),
            b'"' => i = skip_double(line, i + 1),
            b'$' | b'<' | b'>' if line.get(i + 1) == Some(&b'(') => i = skip_parens(line, i + 2),
            b'`' => i = skip_past(line, i + 1, b'`'),
            _ => {
                i += 1;
                continue;
            }
        }
        if i > at {
            return true;
        }
    }
    false
}

/// Past the `'` that closes a single-quoted string opened before `from`
/// (bash, completing, also skips a `\'` there).
fn skip_single(line: &[u8], mut from: usize) -> usize {
    while from < line.len() && line[from] != b'\'' {
        if line[from] == b'\\' && line.get(from + 1) == Some(&b'\'') && from + 2 < line.len() {
            from += 1;
        }
        from += 1;
    }
    (from + 1).min(line.len() + 1)
}

/// Past the `"` that closes a double-quoted string opened before `from`.
fn skip_double(line: &[u8], mut from: usize) -> usize {
    while from < line.len() && line[from] != b'"' {
        from += if line[from] == b'\\' { 2 } else { 1 };
    }
    (from + 1).min(line.len() + 1)
}

/// Past the `)` that closes a `$(` opened before `from`.
fn skip_parens(line: &[u8], mut from: usize) -> usize {
    let mut depth = 1;
    while from < line.len() {
        match line[from] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return from + 1;
                }
            }
            _ => {}
        }
        from += 1;
    }
    line.len() + 1
}

/// Past the next `close` from `from`.
fn skip_past(line: &[u8], from: usize, close: u8) -> usize {
    line[from.min(line.len())..]
        .iter()
        .position(|&c| c == close)
        .map_or(line.len() + 1, |p| from + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::complete::shells::bash::WORDBREAKS;

    fn words(line: &str) -> (Vec<String>, String, Quote) {
        let (words, at) = read(line, WORDBREAKS).expect("a line flash completes");
        let words = words
            .into_iter()
            .map(|w| w.into_string().expect("UTF-8"))
            .collect();
        (words, at.head, at.quote)
    }

    fn v(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn words_are_read_as_bash_reads_them() {
        let (w, head, quote) = words("prog show 'my fi");
        assert_eq!(
            (w, head.as_str(), quote),
            (v(&["prog", "show", "my fi"]), "", Quote::Single)
        );
        let (w, head, quote) = words("prog --file=a\\ b");
        assert_eq!(
            (w, head.as_str(), quote),
            (v(&["prog", "--file=a b"]), "--file=", Quote::Bare)
        );
        let (w, head, _) = words("prog x:y");
        assert_eq!((w, head.as_str()), (v(&["prog", "x:y"]), "x:"));
        let (w, head, _) = words("prog \"a:b\" 'c:d");
        assert_eq!((w, head.as_str()), (v(&["prog", "a:b", "c:d"]), ""));
        let (w, _, _) = words("X=1 prog a;b c >out \"d\"$'\\n'e 2>&1 ");
        assert_eq!(w, v(&["b", "c", "d\ne", ""]));
        let (w, head, quote) = words("prog $'a b\\x");
        assert_eq!(
            (w, head.as_str(), quote),
            (v(&["prog", "a b\\x"]), "", Quote::AnsiC)
        );
        // bash, completing, reads `\'` in `$'…'` as escaped: no quote is open.
        let (w, head, quote) = words("prog $'a\\'b");
        assert_eq!(
            (w, head.as_str(), quote),
            (v(&["prog", "a'b"]), "", Quote::Bare)
        );
        let (w, head, quote) = words("prog ab'c d");
        assert_eq!(
            (w, head.as_str(), quote),
            (v(&["prog", "abc d"]), "ab", Quote::Single)
        );
        // A closed quote holds no break: readline's word is the shell word.
        let (w, head, _) = words("prog 'a b'c");
        assert_eq!((w, head.as_str()), (v(&["prog", "a bc"]), ""));
        assert!(read("prog > ou", WORDBREAKS).is_none());
    }

    #[test]
    fn readline_starts_after_breaks_and_open_quotes() {
        let at = |line: &str| readline_start(line.as_bytes(), WORDBREAKS.as_bytes());
        assert_eq!(at("p --f=ab"), 6);
        assert_eq!(at("p a\\:b"), 2);
        assert_eq!(at("p 'a:b"), 3);
        assert_eq!(at("p 'a:b'c"), 2);
        assert_eq!(at("p \"x\" a:b"), 8);
        assert_eq!(at("p "), 2);
        assert_eq!(at("p x:"), 4);
    }
}
