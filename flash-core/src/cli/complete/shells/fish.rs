//! fish quotes what it inserts, so the program hands it raw values.
//!
//! `commandline -opc` gives the words before the cursor unquoted, but
//! `commandline -ct` gives the word under it as typed (escapes, an open
//! quote): `string unescape` reads it as fish would. Records end in NUL
//! (`string split0`), as a value may hold a newline; fish splits each at
//! its tab into value and description. `-f`: no file names of fish's
//! own, the program offers paths where the parser takes them; `-k`: in
//! the program's order. fish adds no space after a candidate ending in
//! `/`.

/// The script for fish.
pub(super) const SCRIPT: &str = r#"function __flash_complete_@FUNCTION@
    set -l words (commandline -opc) (string unescape -- (commandline -ct))
    @VAR@=fish @COMPLETER@ -- $words 2>/dev/null | string split0
end
complete -c @NAME@ -e
complete -c @NAME@ -f -k -a '(__flash_complete_@FUNCTION@)'
"#;

/// `text` as one fish word: single-quoted where it needs quoting (fish
/// reads `\'` and `\\` there).
pub(super) fn quoted(text: &str) -> String {
    if super::plain(text) {
        return text.to_owned();
    }
    let mut out = vec!['\''];
    for c in super::chars(text) {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    super::string(out)
}
