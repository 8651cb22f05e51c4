//! Messages built from pieces.

/// The pieces, joined. Messages are built with this rather than `format!`:
/// the formatting machinery and a `Display` impl per argument type cost
/// kilobytes in every binary, for text that is only ever `&str`s end to end.
#[inline(never)]
pub fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// `unexpected argument '{text}' found`: the parser's and the built-ins'.
#[inline(never)]
pub(crate) fn unexpected(text: &str) -> String {
    concat(&["unexpected argument '", text, "' found"])
}
