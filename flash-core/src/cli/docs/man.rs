//! Man pages in roff (`man 7 groff_man`): one per app, group and command,
//! clean under `groff -man -ww`.

use std::io;
use std::path::Path;

use super::{entries, Entry};
use crate::cli::app::App;
use crate::cli::help::Section;
use crate::cli::spec::AppSpec;
use crate::cli::spec::Target;

impl App {
    /// Writes a man page (section 1, roff) for the app, each group and each
    /// command into `dir` (created if missing): `notes.1`, `notes-tag.1`,
    /// `notes-tag-add.1`; none for hidden commands. Each has NAME,
    /// SYNOPSIS, DESCRIPTION (the long help), ARGUMENTS and OPTIONS (with
    /// defaults, environment variables, possible values and ranges),
    /// COMMANDS for the app and its groups, EXIT STATUS and SEE ALSO.
    ///
    /// ```text
    /// app().man_pages("target/man/man1")?;
    /// ```
    pub fn man_pages(&self, dir: impl AsRef<Path>) -> io::Result<()> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)?;
        let app = self.spec();
        for entry in entries(app) {
            let name = entry.path.replace(' ', "-");
            std::fs::write(dir.join(name + ".1"), page(app, &entry))?;
        }
        Ok(())
    }
}

/// The page of `entry`.
fn page(app: &AppSpec, entry: &Entry) -> String {
    let mut out = String::new();
    let title = entry.path.replace(' ', "-").to_uppercase();
    line(
        &mut out,
        &[
            ".TH ",
            &dashes(&title),
            " 1 \"\" \"",
            &text(app.name),
            " ",
            app.version,
            "\"",
        ],
    );
    line(&mut out, &[".SH NAME"]);
    let summary = if entry.about.is_empty() { "" } else { " \\- " };
    line(
        &mut out,
        &[
            &dashes(&entry.path.replace(' ', "-")),
            summary,
            &text(entry.about),
        ],
    );
    line(&mut out, &[".SH SYNOPSIS"]);
    let usage = entry
        .usage
        .strip_prefix(entry.path.as_str())
        .unwrap_or(&entry.usage);
    line(
        &mut out,
        &["\\fB", &dashes(&entry.path), "\\fR", &dashes(usage)],
    );
    description(&mut out, entry);
    if let Some(commands) = entry.sections.iter().find(|s| !s.args) {
        line(&mut out, &[".SH COMMANDS"]);
        for row in &commands.rows {
            line(&mut out, &[".TP"]);
            line(&mut out, &["\\fB", &dashes(&row.left), "\\fR"]);
            line(&mut out, &[&text(&with_specs(row))]);
        }
    }
    options(&mut out, &entry.sections);
    exit_status(&mut out, entry);
    see_also(&mut out, entry);
    out
}

/// A row's help with its `[…]`s after it.
fn with_specs(row: &crate::cli::help::Row) -> String {
    let mut help = row.help.to_string();
    for spec in &row.specs {
        if !help.is_empty() {
            help.push(' ');
        }
        help.push_str(spec);
    }
    help
}

/// DESCRIPTION: the about text, a paragraph each.
fn description(out: &mut String, entry: &Entry) {
    let mut paragraphs = entry.description().peekable();
    if paragraphs.peek().is_none() {
        return;
    }
    line(out, &[".SH DESCRIPTION"]);
    for (i, paragraph) in paragraphs.enumerate() {
        if i > 0 {
            line(out, &[".PP"]);
        }
        line(out, &[&text(paragraph)]);
    }
}

/// ARGUMENTS, then OPTIONS with the custom headings, the runtime and
/// the global options as subsections; not `Commands:` (COMMANDS lists
/// them).
fn options(out: &mut String, sections: &[Section]) {
    for section in sections.iter().filter(|s| s.args) {
        let top = section.heading == "Arguments" || section.heading == "Options";
        let upper = section.heading.to_uppercase();
        line(out, &[if top { ".SH " } else { ".SS " }, &quoted(&upper)]);
        for row in &section.rows {
            line(out, &[".TP"]);
            line(out, &[&left(&row.left)]);
            let help = with_specs(row);
            if !help.is_empty() {
                line(out, &[&text(&help)]);
            }
            if !row.values.is_empty() {
                line(out, &[".RS"]);
                for value in row.values {
                    line(out, &[".TP"]);
                    line(out, &["\\fB", &dashes(value.name), "\\fR"]);
                    if !value.help.is_empty() {
                        line(out, &[&text(value.help)]);
                    }
                }
                line(out, &[".RE"]);
            }
        }
    }
}

/// EXIT STATUS: the codes of the contract; 124 where a timeout can end the
/// command.
fn exit_status(out: &mut String, entry: &Entry) {
    let timeout = match entry.target {
        Target::Group { .. } => true,
        Target::Command(c) => c
            .args
            .iter()
            .any(|a| a.runtime != 0 && a.long == Some("timeout")),
    };
    line(out, &[".SH \"EXIT STATUS\""]);
    let codes = [
        ("0", "Success.", true),
        (
            "1",
            "The command failed; the error and its causes are on standard error.",
            true,
        ),
        (
            "2",
            "Usage error: an unknown command or option, a missing or invalid value.",
            true,
        ),
        (
            "101",
            "The command panicked (a bug); the message is on standard error.",
            true,
        ),
        ("124", "The command's \\-\\-timeout expired.", timeout),
        ("130", "Interrupted by SIGINT (Ctrl\\-C).", true),
        (
            "128+N",
            "Ended by signal N: 143 for SIGTERM, 129 for SIGHUP, 131 for SIGQUIT.",
            true,
        ),
    ];
    for (code, meaning, shown) in codes {
        if shown {
            line(out, &[".TP"]);
            line(out, &[".B ", code]);
            line(out, &[meaning]);
        }
    }
}

/// SEE ALSO: the page above, and the pages below a group.
fn see_also(out: &mut String, entry: &Entry) {
    let pages: Vec<&String> = entry.parent.iter().chain(&entry.children).collect();
    if pages.is_empty() {
        return;
    }
    line(out, &[".SH \"SEE ALSO\""]);
    let refs: Vec<String> = pages
        .iter()
        .map(|p| ["\\fB", &dashes(&p.replace(' ', "-")), "\\fR(1)"].concat())
        .collect();
    line(out, &[&refs.join(",\n")]);
}

/// A row's left column: options bold, placeholders italic.
fn left(column: &str) -> String {
    let words: Vec<String> = column
        .split(' ')
        .map(|word| {
            let (word, comma) = word.strip_suffix(',').map_or((word, ""), |w| (w, ","));
            let font = match word.as_bytes().first() {
                Some(b'-') => "\\fB",
                Some(b'<' | b'[') => "\\fI",
                _ => "",
            };
            let end = if font.is_empty() { "" } else { "\\fR" };
            [font, &dashes(word), end, comma].concat()
        })
        .collect();
    words.join(" ")
}

/// Text as roff: backslashes escaped, and a line that would start with a
/// control character (`.` or `'`) made plain with `\&`.
fn text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e");
    escaped
        .lines()
        .map(|l| {
            let l = l.trim_end();
            if l.starts_with(['.', '\'']) {
                ["\\&", l].concat()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text where every hyphen is a minus sign (`\-`): option names and
/// commands, which are typed as written.
fn dashes(name: &str) -> String {
    text(name).replace('-', "\\-")
}

/// A macro argument: in quotes when it has spaces.
fn quoted(arg: &str) -> String {
    if arg.contains(' ') {
        ["\"", arg, "\""].concat()
    } else {
        arg.to_owned()
    }
}

fn line(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_backslashes_and_hyphens_are_escaped() {
        assert_eq!(text(".starts a request"), "\\&.starts a request");
        assert_eq!(text("a\n'quoted\nplain"), "a\n\\&'quoted\nplain");
        assert_eq!(text("back\\slash"), "back\\eslash");
        assert_eq!(text("a-b"), "a-b");
        assert_eq!(dashes("--dry-run"), "\\-\\-dry\\-run");
        assert_eq!(
            left("-n, --times <N>"),
            "\\fB\\-n\\fR, \\fB\\-\\-times\\fR \\fI<N>\\fR"
        );
        assert_eq!(quoted("GLOBAL OPTIONS"), "\"GLOBAL OPTIONS\"");
        assert_eq!(quoted("OPTIONS"), "OPTIONS");
    }
}
