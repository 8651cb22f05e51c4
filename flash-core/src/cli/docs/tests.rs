//! The docs' own helpers; the pages themselves are tested through the
//! example binaries (tests/cli_docs.rs).

use super::*;

#[test]
fn paragraphs_split_at_blank_lines() {
    let p: Vec<&str> = paragraphs("One.\n\nTwo\nlines.\n\n").collect();
    assert_eq!(p, ["One.", "Two\nlines."]);
}
