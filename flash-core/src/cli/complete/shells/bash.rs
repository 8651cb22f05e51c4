//! bash, where readline does the inserting, and knows nothing of the
//! program's words.
//!
//! Readline replaces the text from *its* word start to the cursor with a
//! `COMPREPLY` entry, inserted as it is: no quoting (that needs
//! `-o filenames`, which would also treat every value as a file). Its word
//! starts after the last unquoted character of `COMP_WORDBREAKS` (`=`
//! and `:` among them) or after an open quote, so `--file=a b` is
//! completed from `b`, and `COMP_WORDS` holds pieces of words, quotes
//! and all. The bash-completion package works around that for its own
//! functions; flash does not rely on it. The script hands the program
//! the command line up to the cursor (`${COMP_LINE:0:COMP_POINT}`, which
//! bash counts in characters as it counts `COMP_POINT`) and
//! `COMP_WORDBREAKS`; the program reads the words as bash will when the
//! line runs, finds where readline's text starts as readline does, and
//! answers with the part of each candidate after it, quoted for the
//! quoting in force there. A single answer gets readline's space after
//! it, or its closing quote when the word was opened with one; a
//! directory none (`compopt -o nospace`), to type on into it.

use std::ffi::OsString;

use crate::cli::spec::AppSpec;
use crate::cli::vars::Vars;

use super::super::engine::complete;
use super::Request;

/// `${COMP_LINE:0:COMP_POINT}` and `$COMP_WORDBREAKS` go along with the
/// words; the answer is read a line at a time (no globbing or `IFS`
/// splitting of it, as `COMPREPLY=( $(…) )` would do).
pub(super) const SCRIPT: &str = r#"_flash_complete_@FUNCTION@() {
    local reply
    COMPREPLY=()
    while IFS= read -r reply; do
        COMPREPLY+=("$reply")
    done < <(_FLASH_COMPLETE_LINE="${COMP_LINE:0:COMP_POINT}" _FLASH_COMPLETE_WORDBREAKS="$COMP_WORDBREAKS" @VAR@=bash @COMPLETER@ -- "${COMP_WORDS[@]}" 2>/dev/null)
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
}
complete -o nosort -F _flash_complete_@FUNCTION@ @NAME@ 2>/dev/null || complete -F _flash_complete_@FUNCTION@ @NAME@
"#;

/// bash's `COMP_WORDBREAKS` unless the user changed it.
const WORDBREAKS: &str = " \t\n\"'><=;|&(:";

/// The candidates for the line in `request` (or for `words`, when a
/// script of another make calls), one per line, each the part readline
/// replaces, quoted.
pub(super) fn answer(
    app: &'static AppSpec,
    words: Vec<OsString>,
    request: &Request,
    vars: &Vars,
) -> String {
    let (words, at) = match &request.line {
        Some(line) => {
            let breaks = request.wordbreaks.as_deref().unwrap_or(WORDBREAKS);
            match read(line, breaks) {
                Some(read) => read,
                None => return String::new(),
            }
        }
        None => (super::at_cursor(words, request.index), Insert::default()),
    };
    let completion = complete(app, words, vars);
    let mut tails = Vec::new();
    for candidate in &completion.candidates {
        let whole = [completion.prefix.as_str(), &candidate.value].concat();
        // Readline keeps what is before its word start: only candidates
        // that go on from it can be inserted.
        if let Some(tail) = whole.strip_prefix(at.head.as_str()) {
            tails.push(tail.to_owned());
        }
    }
    let mut replies: Vec<Quoted> = tails.iter().map(|t| at.quote(t)).collect();
    if let Some(common) = broken_common_prefix(&replies, &tails) {
        replies.push(at.quote(&common));
    }
    let mut out = String::new();
    for reply in replies {
        out.push_str(&reply.text);
        out.push('\n');
    }
    out
}

/// With several replies readline inserts their longest common prefix.
/// Each character is quoted on its own, so the prefix of the values,
/// quoted, is a prefix of every reply; but the replies' own common prefix
/// may end inside one character's quoting (`a\ b` and `a\!c` share `a\`),
/// which would leave a dangling backslash on the line. Then the values'
/// prefix, quoted, is offered too, and readline stops there.
fn broken_common_prefix(replies: &[Quoted], tails: &[String]) -> Option<String> {
    let (first, rest) = replies.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let shared = rest.iter().fold(first.text.len(), |n, r| {
        common_len(&first.text[..n], &r.text)
    });
    if shared == 0 || first.ends.contains(&shared) {
        return None;
    }
    let value = tails[1..].iter().fold(tails[0].as_str(), |common, t| {
        &common[..common_len(common, t)]
    });
    Some(value.to_owned())
}

/// The length of the longest common prefix of `a` and `b`, on a char
/// boundary.
fn common_len(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((at, _), _)| at)
}

/// How the line is quoted where readline's text starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Quote {
    #[default]
    Bare,
    Single,
    Double,
    /// `$'…'`.
    AnsiC,
}

/// Where readline inserts: what stays of the word before its text (its
/// value), and the quoting in force there.
#[derive(Debug, Default, PartialEq, Eq)]
struct Insert {
    head: String,
    quote: Quote,
    /// The text starts with an unquoted `~` the user typed: kept so, for
    /// bash to expand (`~/` paths complete as typed).
    tilde: bool,
}

/// A reply, and where each quoted character ends in it.
struct Quoted {
    text: String,
    ends: Vec<usize>,
}

impl Insert {
    /// `tail` quoted for where it is inserted, so that bash reads it back
    /// as exactly those characters, one word, nothing expanded or run.
    fn quote(&self, tail: &str) -> Quoted {
        let mut out = Quoted {
            text: String::with_capacity(tail.len() + 8),
            ends: Vec::with_capacity(tail.len()),
        };
        for (i, c) in tail.chars().enumerate() {
            let text = &mut out.text;
            match self.quote {
                _ if i == 0 && c == '~' && self.tilde => text.push(c),
                Quote::Bare => bare(c, text),
                Quote::Single => match c {
                    '\'' => text.push_str("'\\''"),
                    c if c.is_ascii_control() => {
                        text.push('\'');
                        ansi_c(c, text);
                        text.push('\'');
                    }
                    c => text.push(c),
                },
                Quote::Double => match c {
                    '"' | '\\' | '$' | '`' => {
                        text.push('\\');
                        text.push(c);
                    }
                    // History expansion happens inside double quotes.
                    '!' => text.push_str("\"'!'\""),
                    c if c.is_ascii_control() => {
                        text.push('"');
                        ansi_c(c, text);
                        text.push('"');
                    }
                    c => text.push(c),
                },
                Quote::AnsiC => match c {
                    '\\' | '\'' => {
                        text.push('\\');
                        text.push(c);
                    }
                    '!' => text.push_str("\\x21"),
                    c if c.is_ascii_control() => ansi_c_escape(c, text),
                    c => text.push(c),
                },
            }
            out.ends.push(out.text.len());
        }
        out
    }
}

/// `c` outside quotes: a backslash before anything bash reads specially
/// (`#` begins a comment at a word's start, `~` is expanded there, `!` is
/// history, globs, quotes, operators), `$'…'` for control characters.
/// Other non-ASCII characters mean nothing to bash.
fn bare(c: char, text: &mut String) {
    if c.is_ascii_alphanumeric() || "-_./+,@%:=^".contains(c) || !c.is_ascii() {
        text.push(c);
    } else if c.is_ascii_control() {
        ansi_c(c, text);
    } else {
        text.push('\\');
        text.push(c);
    }
}

/// A control character as `$'\n'`.
fn ansi_c(c: char, text: &mut String) {
    text.push_str("$'");
    ansi_c_escape(c, text);
    text.push('\'');
}

/// A control character's escape inside `$'…'`.
fn ansi_c_escape(c: char, text: &mut String) {
    match c {
        '\n' => text.push_str("\\n"),
        '\t' => text.push_str("\\t"),
        c => text.push_str(&format!("\\x{:02x}", c as u32)),
    }
}

/// `text` in single quotes where it needs quoting, for the scripts of
/// POSIX-like shells (bash, zsh).
pub(super) fn single_quoted(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+,@%:=".contains(c));
    if plain {
        text.to_owned()
    } else {
        ["'", &text.replace('\'', "'\\''"), "'"].concat()
    }
}

// ------------------------------------------------------------ the line

/// The words of `line` (the command up to the cursor) as bash will pass
/// them, the one under the cursor last, and where readline inserts; `None`
/// where the cursor is somewhere flash does not complete (a redirection's
/// target, or a readline word that spans several shell words).
fn read(line: &str, breaks: &str) -> Option<(Vec<OsString>, Insert)> {
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
    word.split_once('=').is_some_and(|(name, _)| {
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
    let mut chars = line.char_indices().peekable();
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
            out.current = w.value;
        }
        None => out.current_start = line.len(),
    }
    out
}

/// The word being read, begun at `at` if none is.
fn started(word: &mut Option<Word>, at: usize) -> &mut Word {
    word.get_or_insert_with(|| Word::new(at))
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

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
    value: String,
    /// Only unquoted digits so far: a file descriptor if `<`/`>` follows.
    fd: bool,
    /// Starts with an unquoted `~`: expanded as bash expands it.
    tilde: bool,
}

impl Word {
    fn new(start: usize) -> Word {
        Word {
            start,
            value: String::new(),
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
        let mut value = word.value;
        if word.tilde && (value == "~" || value.starts_with("~/")) {
            if let Some(home) = std::env::var_os("HOME") {
                value.replace_range(..1, &home.to_string_lossy());
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

    fn quoted(quote: Quote, tail: &str) -> String {
        let at = Insert {
            quote,
            ..Insert::default()
        };
        at.quote(tail).text
    }

    #[test]
    fn replies_are_quoted_for_where_they_go() {
        assert_eq!(
            quoted(Quote::Bare, "a b$(x)`y`;'\"!#~"),
            r#"a\ b\$\(x\)\`y\`\;\'\"\!\#\~"#
        );
        assert_eq!(quoted(Quote::Bare, "--x=a:b\nc"), "--x=a:b$'\\n'c");
        assert_eq!(quoted(Quote::Single, "it's\n"), "it'\\''s'$'\\n''");
        assert_eq!(quoted(Quote::Double, "$a\"!"), "\\$a\\\"\"'!'\"");
        assert_eq!(quoted(Quote::AnsiC, "a'\\\n!"), "a\\'\\\\\\n\\x21");
        let tilde = Insert {
            tilde: true,
            ..Insert::default()
        };
        assert_eq!(tilde.quote("~/a b").text, "~/a\\ b");
    }

    #[test]
    fn a_common_prefix_never_ends_inside_a_quoting() {
        let at = Insert::default();
        let tails = v(&["a b", "a!c"]);
        let replies: Vec<Quoted> = tails.iter().map(|t| at.quote(t)).collect();
        assert_eq!(broken_common_prefix(&replies, &tails).as_deref(), Some("a"));
        let tails = v(&["a b", "a bc"]);
        let replies: Vec<Quoted> = tails.iter().map(|t| at.quote(t)).collect();
        assert_eq!(broken_common_prefix(&replies, &tails), None);
    }
}
