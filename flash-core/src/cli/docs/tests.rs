//! Reading rendered help back into sections and rows.

use super::*;

const HELP: &str = "Greet someone.

Usage: demo greet [OPTIONS] [NAME]

Arguments:
  [NAME]               Who to greet [default: world]

Options:
  -l, --loud           Shout the greeting
  -f, --format <FORMAT>  Output format [default: plain]
          Possible values:
          - plain: One line per note
          - csv
      --flag
  -h, --help           Print help
";

#[test]
fn sections_rows_and_values() {
    let sections = sections(HELP);
    let headings: Vec<&str> = sections.iter().map(|s| s.heading).collect();
    assert_eq!(headings, ["Arguments", "Options"]);
    let args = &sections[0].rows;
    assert_eq!(args.len(), 1);
    assert_eq!(
        (args[0].left, args[0].help),
        ("[NAME]", "Who to greet [default: world]")
    );
    let options = &sections[1].rows;
    let lefts: Vec<&str> = options.iter().map(|r| r.left).collect();
    assert_eq!(
        lefts,
        [
            "-l, --loud",
            "-f, --format <FORMAT>",
            "--flag",
            "-h, --help"
        ]
    );
    assert_eq!(
        options[1].values,
        [("plain", "One line per note"), ("csv", "")]
    );
    assert_eq!(options[2].help, "");
}

#[test]
fn about_text_is_not_a_section() {
    let text = "About:\n  not a row\n\nUsage: x\n\nOptions:\n  -h  Help\n";
    let sections = sections(text);
    // A heading-like line with no rows is kept, but empty; rows go under
    // the heading they follow.
    let options = sections.iter().find(|s| s.heading == "Options").unwrap();
    assert_eq!(options.rows.len(), 1);
}

#[test]
fn paragraphs_split_at_blank_lines() {
    let p: Vec<&str> = paragraphs("One.\n\nTwo\nlines.\n\n").collect();
    assert_eq!(p, ["One.", "Two\nlines."]);
}
