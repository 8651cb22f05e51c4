//! elvish passes the arg-completer the words unquoted and quotes what it
//! inserts, in the quoting the user started the word with: the program
//! hands it raw values.
//!
//! Records end in NUL (`from-terminated`), as a value may hold a newline.
//! The program runs under the external `env` (an elvish closure has no
//! form for one command's variables that every release takes). A
//! directory gets no space after it, to type on into it.

/// The script for elvish.
pub(super) const SCRIPT: &str = r#"use str
set edit:completion:arg-completer[@NAME@] = {|@words|
    var index = (- (count $words) 1)
    env @VAR@=elvish _FLASH_COMPLETE_INDEX=$index @COMPLETER@ -- $@words 2>/dev/null </dev/null | from-terminated "\x00" | each {|record|
        var at = (str:last-index $record "\t")
        var value help = $record[..$at] $record[(+ $at 1)..]
        var display suffix = $value ' '
        if (not-eq $help '') { set display = $value'  -- '$help }
        if (str:has-suffix $value /) { set suffix = '' }
        edit:complex-candidate $value &display=$display &code-suffix=$suffix
    }
}
"#;

/// `text` as one elvish word: single-quoted (`''` for a quote) where it
/// needs quoting.
pub(super) fn quoted(text: &str) -> String {
    // (`@` is elvish's, not plain.)
    if super::plain(text) && !text.as_bytes().contains(&b'@') {
        return text.to_owned();
    }
    let mut out = vec!['\''];
    for c in super::chars(text) {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    super::string(out)
}
