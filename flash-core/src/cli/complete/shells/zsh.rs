//! zsh: `compadd` quotes what it inserts, in the quoting the user
//! started the word with, so the program hands it raw values.
//!
//! `$words` holds the words as typed, quotes and all: the script removes
//! one level (`(Q)`), and gives the word under the cursor only up to it
//! (`$PREFIX`; in single quotes, where a backslash is a character, as
//! typed). Records end in NUL (`(0)` splits them), as a value may hold a
//! newline. Directories are added with no suffix, to type on into them;
//! everything else gets zsh's space. The file is both a `#compdef`
//! function for `$fpath` (saved as `_NAME`, it completes when first
//! called) and a script to source after `compinit`.

/// The script for zsh.
pub(super) const SCRIPT: &str = r#"#compdef @NAME@
_flash_complete_@FUNCTION@() {
    local current=${(Q)PREFIX} record value help
    [[ $compstate[quote] == \' ]] && current=$PREFIX
    local -a records values shown dirs dirs_shown
    records=("${(@0)$(_FLASH_COMPLETE_INDEX=$((CURRENT - 1)) @VAR@=zsh @COMPLETER@ -- "${(@Q)words[1,CURRENT-1]}" "$current" 2>/dev/null)}")
    for record in "${records[@]}"; do
        [[ -n $record ]] || continue
        value=${record%$'\t'*} help=${record##*$'\t'}
        if [[ $value == */ ]]; then
            dirs+=("$value") dirs_shown+=("$value${help:+  -- $help}")
        else
            values+=("$value") shown+=("$value${help:+  -- $help}")
        fi
    done
    compadd -l -d shown -a values
    compadd -S '' -l -d dirs_shown -a dirs
}
if [[ $funcstack[1] == _@NAME@ ]]; then
    _flash_complete_@FUNCTION@ "$@"
else
    compdef _flash_complete_@FUNCTION@ @NAME@
fi
"#;
