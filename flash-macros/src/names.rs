//! Names and "did you mean", from the runtime's own definitions.

pub use flash_grammar::names::{kebab, upper};
pub use flash_grammar::suggest::closest;

/// `unknown key `x``, with the nearest valid key suggested.
pub fn unknown_key_message(what: &str, typed: &str, valid: &[&str]) -> String {
    match closest(typed, valid) {
        Some(near) => format!("unknown {what} key `{typed}`; did you mean `{near}`?"),
        None => format!(
            "unknown {what} key `{typed}`; expected one of {}",
            valid
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
