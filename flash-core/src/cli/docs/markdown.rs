//! A Markdown reference of the whole app: a section per group and command.

use super::{entries, listing, paragraphs, sections, Entry, Section};
use crate::cli::app::App;
use crate::cli::spec::AppSpec;

impl App {
    /// A Markdown reference of every command: the app's section first
    /// (`# notes`, its commands and its global options), then a section per
    /// group and command headed by its full name (`## notes tag add`), with
    /// its description, usage, and tables of its arguments and options.
    /// Hidden commands are left out.
    pub fn markdown(&self) -> String {
        let app = self.spec();
        let mut out = String::new();
        for entry in entries(app) {
            section(&mut out, app, entry);
        }
        out
    }
}

fn section(out: &mut String, app: &AppSpec, entry: Entry) {
    let path = entry.path();
    let root = matches!(entry, Entry::Group(g) if std::ptr::eq(g, app.root));
    let (about, usage, body) = match entry {
        Entry::Group(g) if root => (app.about, g.usage, sections(g.help)),
        Entry::Group(g) => (g.about, g.usage, sections(g.help)),
        Entry::Command(c, _) => (c.help_long.about, c.usage, sections(c.help_long.body)),
    };
    if !out.is_empty() {
        out.push('\n');
    }
    push(out, &[if root { "# " } else { "## " }, &path, "\n"]);
    for paragraph in paragraphs(about) {
        push(out, &["\n", paragraph, "\n"]);
    }
    push(out, &["\n```text\n", &path, " ", usage, "\n```\n"]);
    if let Entry::Group(g) = entry {
        push(
            out,
            &["\n**Commands**\n\n| Command | Description |\n| --- | --- |\n"],
        );
        for (name, about, aliases) in listing(app, g) {
            let link = if name == "help" {
                ["`", name, "`"].concat()
            } else {
                [
                    "[`",
                    name,
                    "`](#",
                    &anchor(&[g.path, " ", name].concat()),
                    ")",
                ]
                .concat()
            };
            let aliases = if aliases.is_empty() {
                String::new()
            } else {
                [" (aliases: ", &aliases.join(", "), ")"].concat()
            };
            push(
                out,
                &["| ", &link, " | ", &cell(about), &cell(&aliases), " |\n"],
            );
        }
    }
    for section in &body {
        // A group's commands are listed above; the globals once, at the app.
        let shown = match section.heading {
            "Commands" => false,
            "Global Options" => root,
            _ => true,
        };
        if shown {
            table(out, section);
        }
    }
}

/// A help section as a table.
fn table(out: &mut String, section: &Section) {
    let first = match section.heading {
        "Arguments" => "Argument",
        _ => "Option",
    };
    push(
        out,
        &[
            "\n**",
            section.heading,
            "**\n\n| ",
            first,
            " | Description |\n| --- | --- |\n",
        ],
    );
    for row in &section.rows {
        let mut help = cell(row.help);
        for (i, (name, value_help)) in row.values.iter().enumerate() {
            let lead = if i == 0 {
                "<br>Possible values: "
            } else {
                ", "
            };
            help.push_str(lead);
            help.push_str(&["`", name, "`"].concat());
            if !value_help.is_empty() {
                help.push_str(&[" (", &cell(value_help), ")"].concat());
            }
        }
        push(out, &["| `", row.left, "` | ", &help, " |\n"]);
    }
}

/// Text for a table cell: `|` escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// GitHub's anchor for a heading: lowercase, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading.to_lowercase().replace(' ', "-")
}

fn push(out: &mut String, pieces: &[&str]) {
    for piece in pieces {
        out.push_str(piece);
    }
}
