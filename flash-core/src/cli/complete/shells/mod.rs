//! The shells' side of completion: a registration script per shell, which
//! calls the program back through `COMPLETE=<shell>`, and the form each
//! shell reads candidates in.
//!
//! Two families, by who quotes what is inserted:
//!
//! - zsh (`compadd`), fish and elvish quote a candidate themselves, in the
//!   quoting the user started the word with: the program hands them raw
//!   values, and since a raw value may hold a newline, records end in NUL
//!   (`value<TAB>help<NUL>`, split at the last tab: help never holds one);
//! - bash (readline), nushell and PowerShell insert a candidate as it is
//!   given: the program quotes it for that shell, so that it stays one word
//!   and nothing in it runs, and one line holds each (`quoted<TAB>help`
//!   where the shell shows help; a newline is always quoted away).
//!
//! What each script passes besides the words, in variables of its own
//! (`_FLASH_COMPLETE_*`, so no name of the app's is taken):
//!
//! | variable | set by | what |
//! |---|---|---|
//! | `_FLASH_COMPLETE_INDEX` | zsh, elvish, PowerShell, nushell | the index of the word under the cursor among those after `--` (the program's name is 0); words after it are dropped, missing ones are empty |
//! | `_FLASH_COMPLETE_LINE` | bash | `${COMP_LINE:0:COMP_POINT}`: the command up to the cursor, as typed |
//! | `_FLASH_COMPLETE_WORDBREAKS` | bash | `$COMP_WORDBREAKS`, where readline starts the text it replaces |

mod bash;
mod elvish;
mod fish;
mod nushell;
mod powershell;
mod zsh;

use std::ffi::OsString;

use crate::cli::arg::Candidate;
use crate::cli::spec::AppSpec;
use crate::cli::vars::Vars;

use super::engine::{complete, Completion};
use super::VAR;

/// What a shell's script tells the program besides the words.
#[derive(Debug, Default)]
pub(crate) struct Request {
    /// `_FLASH_COMPLETE_INDEX`.
    pub index: Option<usize>,
    /// `_FLASH_COMPLETE_LINE` (bash).
    pub line: Option<String>,
    /// `_FLASH_COMPLETE_WORDBREAKS` (bash).
    pub wordbreaks: Option<String>,
}

impl Request {
    /// The request as the environment holds it.
    pub(crate) fn from_env() -> Request {
        Request {
            index: var("_FLASH_COMPLETE_INDEX").and_then(|i| i.parse().ok()),
            line: var("_FLASH_COMPLETE_LINE"),
            wordbreaks: var("_FLASH_COMPLETE_WORDBREAKS"),
        }
    }
}

/// An environment variable, as text.
fn var(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

/// The shell `COMPLETE` names, as clap_complete reads it: a path's file
/// stem (`COMPLETE=$SHELL`), with the shells' other names (`pwsh`, `nu`).
pub(crate) fn shell_named(name: &str) -> Option<&'static str> {
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    match &*stem {
        "pwsh" | "powershell_ise" => Some("powershell"),
        "nu" => Some("nushell"),
        other => super::shells().find(|s| *s == other),
    }
}

/// The script for `shell` that completes `name`, calling it back by that
/// name; `None` for a shell flash does not know.
pub(crate) fn script(name: &str, shell: &str) -> Option<String> {
    let shell = super::shells().find(|s| *s == shell)?;
    Some(registration(shell, name, name))
}

/// The registration script of `shell` for the program `name`, run as
/// `completer` (a path, or a name found on `PATH`).
pub(crate) fn registration(shell: &str, name: &str, completer: &str) -> String {
    let (template, quote): (&str, fn(&str) -> String) = match shell {
        "bash" => (bash::SCRIPT, bash::single_quoted),
        "zsh" => (zsh::SCRIPT, bash::single_quoted),
        "fish" => (fish::SCRIPT, fish::quoted),
        "elvish" => (elvish::SCRIPT, elvish::quoted),
        "powershell" => (powershell::SCRIPT, powershell::quoted),
        _ => (nushell::SCRIPT, nushell::script_quoted),
    };
    // The name of the script's function: a word every shell takes.
    let function: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let fills = [
        ("@VAR@", VAR),
        ("@FUNCTION@", &function),
        ("@NAME@", &quote(name)),
        ("@COMPLETER@", &quote(completer)),
    ];
    // The template with each placeholder filled in, in one pass (the
    // scripts hold `@` of their own: `"${COMP_WORDS[@]}"`).
    let mut out = String::with_capacity(template.len() + 4 * completer.len());
    let mut rest = template;
    let at = |rest: &'static str| {
        let at = rest.bytes().position(|b| b == b'@')?;
        rest.split_at_checked(at)
    };
    while let Some((before, from)) = at(rest) {
        out.push_str(before);
        let (placeholder, fill) = fills
            .iter()
            .find(|(placeholder, _)| from.starts_with(placeholder))
            .copied()
            .unwrap_or(("@", "@"));
        out.push_str(fill);
        rest = from.get(placeholder.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// The answer for `shell` to the words after `--`.
pub(crate) fn answer(
    shell: &str,
    app: &'static AppSpec,
    words: Vec<OsString>,
    request: &Request,
) -> String {
    let vars = Vars::process();
    if shell == "bash" {
        return bash::answer(app, words, request, &vars);
    }
    let words = at_cursor(words, request.index);
    match shell {
        "powershell" => powershell::answer(app, words, &vars),
        "nushell" => nushell::answer(app, words, &vars),
        // zsh, fish and elvish hand over the words unquoted.
        _ => records(&complete(app, words, &vars)),
    }
}

/// `words` up to the one under the cursor (`index`, when the shell says).
fn at_cursor(mut words: Vec<OsString>, index: Option<usize>) -> Vec<OsString> {
    if let Some(index) = index {
        words.truncate(index + 1);
        words.resize(index + 1, OsString::new());
    }
    words
}

/// `value<TAB>help<NUL>` for each candidate, the value whole (with the
/// completion's prefix) and raw: for the shells that quote it themselves.
fn records(completion: &Completion) -> String {
    let mut out = String::new();
    for candidate in &completion.candidates {
        out.push_str(&completion.prefix);
        out.push_str(&candidate.value);
        out.push('\t');
        out.push_str(&help(candidate));
        out.push('\0');
    }
    out
}

/// `quoted<TAB>help` lines, each value whole and quoted by `quote`.
fn lines(completion: &Completion, quote: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    for candidate in &completion.candidates {
        out.push_str(&quote(
            &[completion.prefix.as_str(), &candidate.value].concat(),
        ));
        out.push('\t');
        out.push_str(&help(candidate));
        out.push('\n');
    }
    out
}

/// A candidate's help on one line, with no tab (the records' separator).
fn help(candidate: &Candidate) -> String {
    let help = candidate.help.as_deref().unwrap_or_default();
    help.chars()
        .map(|c| match c {
            '\n' | '\t' | '\r' | '\0' => ' ',
            c => c,
        })
        .collect()
}

/// Whether `text` is a word that needs no quotes in the POSIX-like
/// shells, fish and elvish: not empty, letters, digits and
/// `-_./+,@%:=` only.
fn plain(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | '+' | ',' | '@' | '%' | ':' | '=')
        })
}

/// The characters of `text`, for the code that reads and quotes words a
/// character at a time. It builds its answers as `Vec<char>`s too: a
/// `String` encodes each `char` pushed onto it in place, and those copies
/// of the encoder, one per push, were some kilobytes of every app.
fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

/// The text of `chars`. (Out of line: each `collect` into a `String`
/// encodes the characters in place.)
#[inline(never)]
fn string(chars: Vec<char>) -> String {
    chars.into_iter().collect()
}

/// `c`'s code in lowercase hex, at least `digits` of them: the escapes
/// of control characters.
fn hex(c: char, digits: u32, out: &mut Vec<char>) {
    let code = c as u32;
    let mut shift = 28;
    while shift > 0 && code >> shift == 0 && shift >= 4 * digits {
        shift -= 4;
    }
    loop {
        out.extend(char::from_digit((code >> shift) & 0xf, 16));
        if shift == 0 {
            break;
        }
        shift -= 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shells_are_named_as_clap_complete_names_them() {
        assert_eq!(shell_named("bash"), Some("bash"));
        assert_eq!(shell_named("/usr/bin/zsh"), Some("zsh"));
        assert_eq!(shell_named("pwsh"), Some("powershell"));
        assert_eq!(shell_named("/opt/nu"), Some("nushell"));
        assert_eq!(shell_named("csh"), None);
        assert_eq!(script("demo", "pwsh"), None);
    }

    #[test]
    fn codes_are_hex() {
        let hex = |c: char, digits: u32| {
            let mut out = Vec::new();
            super::hex(c, digits, &mut out);
            out.into_iter().collect::<String>()
        };
        for (c, digits) in [
            ('\0', 1),
            ('\x07', 2),
            ('\x1b', 1),
            ('\u{85}', 2),
            ('\u{10ffff}', 1),
        ] {
            assert_eq!(
                hex(c, digits),
                format!("{:01$x}", c as u32, digits as usize)
            );
        }
    }

    #[test]
    fn the_cursor_index_pads_and_cuts() {
        let w = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(at_cursor(w(&["p", "a", "b"]), Some(1)), w(&["p", "a"]));
        assert_eq!(at_cursor(w(&["p"]), Some(2)), w(&["p", "", ""]));
        assert_eq!(at_cursor(w(&["p", "a"]), None), w(&["p", "a"]));
    }

    #[test]
    fn registration_calls_back_through_the_variable_only() {
        for shell in super::super::shells() {
            let text = registration(shell, "my-tool", "/opt/my tool/bin");
            assert!(text.contains("COMPLETE"), "{shell}:\n{text}");
            for placeholder in ["@VAR@", "@FUNCTION@", "@NAME@", "@COMPLETER@"] {
                assert!(!text.contains(placeholder), "{shell}:\n{text}");
            }
        }
    }
}
