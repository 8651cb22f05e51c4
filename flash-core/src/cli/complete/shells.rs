//! The shells' side of completion: a registration script per shell, which
//! calls the program back through `COMPLETE=<shell>`, and the form each
//! shell reads the candidates in, quoted so that the shell inserts each as
//! one word and runs nothing in it.

use std::ffi::OsString;

use crate::cli::arg::Candidate;
use crate::cli::spec::AppSpec;
use crate::cli::vars::Vars;

use super::engine::{complete, Completion};
use super::VAR;

/// What a shell's script tells the program besides the words, in
/// variables of its own.
#[derive(Debug, Default)]
pub(crate) struct Request {
    /// The index of the word under the cursor among the words after `--`
    /// (the program's name is 0); the last word when unset.
    pub index: Option<usize>,
}

impl Request {
    /// The request as the environment holds it.
    pub(crate) fn from_env(_shell: &str) -> Request {
        let index = std::env::var("_FLASH_COMPLETE_INDEX")
            .ok()
            .and_then(|i| i.parse().ok());
        Request { index }
    }
}

/// The script for `shell` that completes `name`, calling `completer`
/// back; `None` for a shell flash does not know.
pub(crate) fn script(name: &str, shell: &str) -> Option<String> {
    super::SHELLS
        .contains(&shell)
        .then(|| registration(shell, name, name))
}

/// The registration script of `shell` for the program `name`, run as
/// `completer`.
pub(crate) fn registration(shell: &str, name: &str, completer: &str) -> String {
    let template = match shell {
        "bash" => BASH,
        "zsh" => ZSH,
        "fish" => FISH,
        "elvish" => ELVISH,
        "powershell" => POWERSHELL,
        _ => NUSHELL,
    };
    let function: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    template
        .replace("@VAR@", VAR)
        .replace("@FUNCTION@", &function)
        .replace("@NAME@", name)
        .replace("@COMPLETER@", &single_quoted(completer))
}

/// The answer for `shell` to the words after `--`.
pub(crate) fn answer(shell: &str, app: &'static AppSpec, mut words: Vec<OsString>, request: &Request) -> String {
    if let Some(index) = request.index {
        words.truncate(index + 1);
        while words.len() <= index {
            words.push(OsString::new());
        }
    }
    let completion = complete(app, words, &Vars::process());
    let mut out = String::new();
    for candidate in &completion.candidates {
        let line = match shell {
            "bash" => bash(&completion, candidate),
            "powershell" => tabbed(&powershell_quoted(&whole(&completion, candidate)), candidate),
            "nushell" => tabbed(&nu_quoted(&whole(&completion, candidate)), candidate),
            // zsh, fish and elvish quote what they insert themselves.
            _ => tabbed(&whole(&completion, candidate), candidate),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The candidate as the whole word: the kept prefix and the value.
fn whole(completion: &Completion, candidate: &Candidate) -> String {
    [completion.prefix.as_str(), &candidate.value].concat()
}

/// `value<TAB>help`, or the value alone.
fn tabbed(value: &str, candidate: &Candidate) -> String {
    match &candidate.help {
        Some(help) if !help.is_empty() => [value, "\t", &one_line(help)].concat(),
        _ => value.to_owned(),
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\t'], " ")
}

/// bash inserts what it is given in place of the current word: escaped,
/// with a space after it unless it is a directory to walk into.
fn bash(completion: &Completion, candidate: &Candidate) -> String {
    let word = whole(completion, candidate);
    let mut out = backslashed(&word);
    if !word.ends_with('/') {
        out.push(' ');
    }
    out
}

/// `text` with every character bash would read specially escaped.
fn backslashed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            out.push_str("$'\\n'");
            continue;
        }
        if !(c.is_alphanumeric() || "-_./+,@%^".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` in single quotes for POSIX shells.
fn single_quoted(text: &str) -> String {
    ["'", &text.replace('\'', "'\\''"), "'"].concat()
}

/// PowerShell: single-quoted where it holds anything but a plain word.
fn powershell_quoted(text: &str) -> String {
    if text.chars().all(|c| c.is_alphanumeric() || "-_./:=+,@".contains(c)) {
        text.to_owned()
    } else {
        ["'", &text.replace('\'', "''"), "'"].concat()
    }
}

/// nushell: backtick- or single-quoted where needed.
fn nu_quoted(text: &str) -> String {
    if text.chars().all(|c| c.is_alphanumeric() || "-_./:=+,@".contains(c)) {
        text.to_owned()
    } else if !text.contains('\'') {
        ["'", text, "'"].concat()
    } else {
        ["`", text, "`"].concat()
    }
}

const BASH: &str = r#"_flash_complete_@FUNCTION@() {
    local IFS=$'\n'
    COMPREPLY=( $( _FLASH_COMPLETE_INDEX="$COMP_CWORD" @VAR@=bash @COMPLETER@ -- "${COMP_WORDS[@]}" 2>/dev/null ) )
}
complete -o nospace -o nosort -F _flash_complete_@FUNCTION@ @NAME@ 2>/dev/null || complete -o nospace -F _flash_complete_@FUNCTION@ @NAME@
"#;

const ZSH: &str = r#"#compdef @NAME@
_flash_complete_@FUNCTION@() {
    local -a lines values descriptions
    local line
    lines=( "${(@f)$( _FLASH_COMPLETE_INDEX=$((CURRENT - 1)) @VAR@=zsh @COMPLETER@ -- "${words[@]}" 2>/dev/null )}" )
    for line in "${lines[@]}"; do
        [[ -z $line ]] && continue
        values+=( "${line%%$'\t'*}" )
        if [[ $line == *$'\t'* ]]; then
            descriptions+=( "${line%%$'\t'*}  -- ${line#*$'\t'}" )
        else
            descriptions+=( "${line}" )
        fi
    done
    (( ${#values} )) && compadd -l -d descriptions -a values
}
if [[ $funcstack[1] == _flash_complete_@FUNCTION@ ]]; then
    _flash_complete_@FUNCTION@ "$@"
else
    compdef _flash_complete_@FUNCTION@ @NAME@
fi
"#;

const FISH: &str = r#"function __flash_complete_@FUNCTION@
    set -l words (commandline -opc) (commandline -ct)
    _FLASH_COMPLETE_INDEX=(math (count $words) - 1) @VAR@=fish @COMPLETER@ -- $words 2>/dev/null
end
complete -c @NAME@ -f -a '(__flash_complete_@FUNCTION@)'
"#;

const ELVISH: &str = r#"set edit:completion:arg-completer[@NAME@] = {|@words|
    var index = (- (count $words) 1)
    @COMPLETER@ -- $@words 2>/dev/null </dev/null | each {|line|
        var parts = [(str:split "\t" $line)]
        if (> (count $parts) 1) {
            edit:complex-candidate $parts[0] &display=$parts[0]' '$parts[1]
        } else {
            edit:complex-candidate $parts[0]
        }
    }
}
"#;

const POWERSHELL: &str = r#"Register-ArgumentCompleter -Native -CommandName '@NAME@' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition } | ForEach-Object { "$_" })
    if ($wordToComplete -eq '') { $words += '' }
    $env:_FLASH_COMPLETE_INDEX = $words.Count - 1
    $env:@VAR@ = 'powershell'
    $lines = @(& @COMPLETER@ -- @words 2>$null)
    Remove-Item Env:\@VAR@, Env:\_FLASH_COMPLETE_INDEX
    $lines | ForEach-Object {
        $value, $help = $_ -split "`t", 2
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $(if ($help) { $help } else { $value }))
    }
}
"#;

const NUSHELL: &str = r#"do --env {
    let previous = $env.config.completions.external.completer?
    $env.config.completions.external.completer = {|spans|
        if ($spans.0 | path basename) != '@NAME@' {
            if $previous != null { do $previous $spans }
        } else {
            with-env { @VAR@: nushell, _FLASH_COMPLETE_INDEX: (($spans | length) - 1) } {
                ^@COMPLETER@ -- ...$spans | lines | split column "\t" value description
            }
        }
    }
}
"#;
