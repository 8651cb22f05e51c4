//! A Markdown reference of the whole app: a section per group and command.

use super::{entries, Entry};
use crate::cli::app::App;
use crate::cli::help::Section;

impl App {
    /// A Markdown reference of every command: the app's section first
    /// (`# notes`, its commands and its global options), then a section per
    /// group and command headed by its full name (`## notes tag add`), with
    /// its description, usage, and tables of its arguments and options.
    /// Hidden commands are left out.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for entry in entries(self.spec()) {
            section(&mut out, &entry);
        }
        out
    }
}

fn section(out: &mut String, entry: &Entry) {
    let top = entry.is_top();
    if !out.is_empty() {
        out.push('\n');
    }
    push(out, &[if top { "# " } else { "## " }, &entry.path, "\n"]);
    for paragraph in entry.description() {
        push(out, &["\n", paragraph, "\n"]);
    }
    push(out, &["\n```text\n", &entry.usage, "\n```\n"]);
    if let Some(commands) = entry.sections.iter().find(|s| !s.args) {
        push(
            out,
            &["\n**Commands**\n\n| Command | Description |\n| --- | --- |\n"],
        );
        for row in &commands.rows {
            let name = row.left.as_str();
            let page = [entry.path.as_str(), " ", name].concat();
            let link = if entry.children.contains(&page) {
                ["[`", name, "`](#", &anchor(&page), ")"].concat()
            } else {
                ["`", name, "`"].concat()
            };
            let mut about = cell(&row.help);
            for spec in &row.specs {
                about.push(' ');
                about.push_str(&cell(spec));
            }
            push(out, &["| ", &link, " | ", &about, " |\n"]);
        }
    }
    for section in entry.sections.iter().filter(|s| s.args) {
        // The globals once, at the app.
        if section.heading != "Global Options" || top {
            table(out, section);
        }
    }
}

/// A help section as a table.
fn table(out: &mut String, section: &Section) {
    let first = match &*section.heading {
        "Arguments" => "Argument",
        _ => "Option",
    };
    push(
        out,
        &[
            "\n**",
            &section.heading,
            "**\n\n| ",
            first,
            " | Description |\n| --- | --- |\n",
        ],
    );
    for row in &section.rows {
        let mut help = cell(&row.help);
        for spec in &row.specs {
            if !help.is_empty() {
                help.push(' ');
            }
            help.push_str(&cell(spec));
        }
        for (i, value) in row.values.iter().enumerate() {
            let (name, value_help) = (value.name, value.help);
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
        push(out, &["| `", &row.left, "` | ", &help, " |\n"]);
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
