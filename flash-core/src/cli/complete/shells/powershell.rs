//! PowerShell inserts a `CompletionResult` as it is given: the program
//! quotes each value for it. The script hands over the words before the
//! cursor as PowerShell's parser read them (a string constant's value,
//! else the element's text), never through `Invoke-Expression`: nothing
//! typed runs to complete it. The word under the cursor comes as typed,
//! and the program removes its quotes. `--` goes in the splatted array:
//! PowerShell before 7.3 drops a literal `--` on its way to a program
//! (and empty arguments, which `_FLASH_COMPLETE_INDEX` makes up for).
//!
//! Untested here: no PowerShell installs on the machines this is built on.

use std::ffi::OsString;

use crate::cli::spec::AppSpec;
use crate::cli::vars::Vars;

use super::super::engine::complete;

/// The script for PowerShell.
pub(super) const SCRIPT: &str = r#"Register-ArgumentCompleter -Native -CommandName @NAME@ -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object {
        if ($_ -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $_.Value } else { $_.Extent.Text }
    }) + @("$wordToComplete")
    $previous = $env:@VAR@
    $env:@VAR@ = 'powershell'
    $env:_FLASH_COMPLETE_INDEX = $words.Count - 1
    $arguments = @('--') + $words
    $lines = @(& @COMPLETER@ @arguments 2>$null)
    $env:@VAR@ = $previous
    Remove-Item Env:\_FLASH_COMPLETE_INDEX
    foreach ($line in $lines) {
        $value, $help = $line -split "`t", 2
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $(if ($help) { $help } else { $value }))
    }
}
"#;

/// The candidates for the words, the last one as typed.
pub(super) fn answer(app: &'static AppSpec, mut words: Vec<OsString>, vars: &Vars) -> String {
    if let Some(last) = words.last_mut() {
        *last = OsString::from(unquoted(&last.to_string_lossy()));
    }
    super::lines(&complete(app, words, vars), quoted)
}

/// The word under the cursor without its quotes: `'…'` (`''` a quote),
/// `"…"` and bare words (a backtick escapes).
fn unquoted(word: &str) -> String {
    let chars = super::chars(word);
    let mut chars = chars.iter().copied().peekable();
    let mut out = Vec::with_capacity(word.len());
    match chars.peek() {
        Some(&q) if is_single(q) => {
            chars.next();
            while let Some(c) = chars.next() {
                if is_single(c) && chars.next_if(|&n| is_single(n)).is_none() {
                    break;
                }
                out.push(c);
            }
        }
        Some(&q) if is_double(q) => {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '`' => out.extend(chars.next()),
                    c if is_double(c) => break,
                    c => out.push(c),
                }
            }
        }
        _ => {
            while let Some(c) = chars.next() {
                match c {
                    '`' => out.extend(chars.next()),
                    c => out.push(c),
                }
            }
        }
    }
    super::string(out)
}

/// PowerShell's single quotes, curly ones included.
fn is_single(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}')
}

/// PowerShell's double quotes, curly ones included.
fn is_double(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}')
}

/// `text` as one PowerShell argument that nothing in is expanded: as it
/// is where plain, in single quotes (quotes doubled), or in double quotes
/// with backtick escapes where it holds a control character.
pub(super) fn quoted(text: &str) -> String {
    let chars = super::chars(text);
    let plain =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '+');
    if !chars.is_empty() && chars.iter().all(|&c| plain(c)) {
        return text.to_owned();
    }
    let mut out = Vec::with_capacity(chars.len() + 2);
    if !chars.iter().any(|c| c.is_control()) {
        out.push('\'');
        for &c in &chars {
            if is_single(c) {
                out.push(c);
            }
            out.push(c);
        }
        out.push('\'');
        return super::string(out);
    }
    out.push('"');
    for &c in &chars {
        match c {
            '\n' => out.extend(['`', 'n']),
            '\t' => out.extend(['`', 't']),
            '\r' => out.extend(['`', 'r']),
            c if c.is_control() => {
                out.extend(['`', 'u', '{']);
                super::hex(c, 1, &mut out);
                out.push('}');
            }
            c if c == '`' || c == '$' || is_double(c) => out.extend(['`', c]),
            c => out.push(c),
        }
    }
    out.push('"');
    super::string(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_for_powershell() {
        assert_eq!(quoted("json"), "json");
        assert_eq!(quoted("a b"), "'a b'");
        assert_eq!(quoted("it's $(x)"), "'it''s $(x)'");
        assert_eq!(quoted("a\n$b"), "\"a`n`$b\"");
        assert_eq!(quoted("@x"), "'@x'");
    }

    #[test]
    fn the_last_word_loses_its_quotes() {
        assert_eq!(unquoted("'it''s"), "it's");
        assert_eq!(unquoted("\"a`\"b"), "a\"b");
        assert_eq!(unquoted("a` b"), "a b");
    }
}
