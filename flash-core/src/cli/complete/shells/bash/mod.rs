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

mod line;

use line::read;

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
    if shared == 0 || crate::cli::values::holds(&first.ends, shared) {
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
        let mut text = Vec::with_capacity(tail.len() + 8);
        let mut ends = Vec::with_capacity(tail.len());
        let mut end = 0;
        for (i, c) in super::chars(tail).into_iter().enumerate() {
            let from = text.len();
            let out = &mut text;
            match self.quote {
                _ if i == 0 && c == '~' && self.tilde => out.push(c),
                Quote::Bare => bare(c, out),
                Quote::Single => match c {
                    '\'' => out.extend(['\'', '\\', '\'', '\'']),
                    c if c.is_ascii_control() => {
                        out.push('\'');
                        ansi_c(c, out);
                        out.push('\'');
                    }
                    c => out.push(c),
                },
                Quote::Double => match c {
                    '"' | '\\' | '$' | '`' => out.extend(['\\', c]),
                    // History expansion happens inside double quotes.
                    '!' => out.extend(['"', '\'', '!', '\'', '"']),
                    c if c.is_ascii_control() => {
                        out.push('"');
                        ansi_c(c, out);
                        out.push('"');
                    }
                    c => out.push(c),
                },
                Quote::AnsiC => match c {
                    '\\' | '\'' => out.extend(['\\', c]),
                    '!' => out.extend(['\\', 'x', '2', '1']),
                    c if c.is_ascii_control() => ansi_c_escape(c, out),
                    c => out.push(c),
                },
            }
            // Where the character ends in the reply, in bytes.
            end += text[from..].iter().map(|c| c.len_utf8()).sum::<usize>();
            ends.push(end);
        }
        Quoted {
            text: super::string(text),
            ends,
        }
    }
}

/// `c` outside quotes: a backslash before anything bash reads specially
/// (`#` begins a comment at a word's start, `~` is expanded there, `!` is
/// history, globs, quotes, operators), `$'…'` for control characters.
/// Other non-ASCII characters mean nothing to bash.
fn bare(c: char, out: &mut Vec<char>) {
    if c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '_' | '.' | '/' | '+' | ',' | '@' | '%' | ':' | '=' | '^'
        )
        || !c.is_ascii()
    {
        out.push(c);
    } else if c.is_ascii_control() {
        ansi_c(c, out);
    } else {
        out.extend(['\\', c]);
    }
}

/// A control character as `$'\n'`.
fn ansi_c(c: char, out: &mut Vec<char>) {
    out.extend(['$', '\'']);
    ansi_c_escape(c, out);
    out.push('\'');
}

/// A control character's escape inside `$'…'`.
fn ansi_c_escape(c: char, out: &mut Vec<char>) {
    match c {
        '\n' => out.extend(['\\', 'n']),
        '\t' => out.extend(['\\', 't']),
        c => {
            out.extend(['\\', 'x']);
            super::hex(c, 2, out);
        }
    }
}

/// `text` in single quotes where it needs quoting, for the scripts of
/// POSIX-like shells (bash, zsh).
pub(super) fn single_quoted(text: &str) -> String {
    if super::plain(text) {
        return text.to_owned();
    }
    let mut out = vec!['\''];
    for c in super::chars(text) {
        match c {
            '\'' => out.extend(['\'', '\\', '\'', '\'']),
            c => out.push(c),
        }
    }
    out.push('\'');
    super::string(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
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
