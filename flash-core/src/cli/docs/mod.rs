//! Man pages and a Markdown reference, from the same tables as help: the
//! app's groups and commands, and the help rendered at compile time, read
//! back into its sections and rows.
//!
//! Reading the rendered help rather than keeping the help rows in the
//! binary is what makes these free for apps that do not call them: every
//! binary has the help text already, and the code here is linked only
//! where [`App::man_pages`](crate::cli::app::App::man_pages) or
//! [`App::markdown`](crate::cli::app::App::markdown) is called.

mod man;
mod markdown;

use crate::cli::complete::{claimed, COMPLETIONS};
use crate::cli::spec::{AppSpec, CommandSpec, GroupSpec, Node};

/// A section of rendered help: `Options:` and its rows.
#[derive(Debug)]
pub(crate) struct Section<'t> {
    /// The heading without its colon: `Options`.
    pub heading: &'t str,
    pub rows: Vec<Row<'t>>,
}

/// A row of a help section: `-n, --times <N>` and its help line, with the
/// possible values long help lists below it.
#[derive(Debug)]
pub(crate) struct Row<'t> {
    pub left: &'t str,
    pub help: &'t str,
    /// `(name, help)` of each value listed below the row.
    pub values: Vec<(&'t str, &'t str)>,
}

/// The sections of rendered help `text` (its `Usage:` line and about text
/// are not sections: they are not indented rows under a heading).
pub(crate) fn sections(text: &str) -> Vec<Section<'_>> {
    let mut out: Vec<Section> = Vec::new();
    let mut in_section = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            let heading = line.strip_suffix(':').filter(|h| !h.is_empty());
            in_section = heading.is_some();
            if let Some(heading) = heading {
                out.push(Section {
                    heading,
                    rows: Vec::new(),
                });
            }
            continue;
        }
        let (Some(section), true) = (out.last_mut(), in_section) else {
            continue;
        };
        let row = line.trim_start();
        if row == "Possible values:" {
            continue;
        }
        if let (Some(item), Some(last)) = (row.strip_prefix("- "), section.rows.last_mut()) {
            let (name, help) = item.split_once(':').unwrap_or((item, ""));
            last.values.push((name, help.trim_start()));
            continue;
        }
        let (left, help) = match row.find("  ") {
            Some(gap) => (&row[..gap], row[gap..].trim_start()),
            None => (row, ""),
        };
        section.rows.push(Row {
            left,
            help,
            values: Vec::new(),
        });
    }
    out
}

/// The entries of `group`: its own, and at the app's root the built-in
/// `completions` unless the app has its own.
pub(crate) fn children(app: &AppSpec, group: &'static GroupSpec) -> Vec<Node> {
    let mut nodes: Vec<Node> = group.children.to_vec();
    if std::ptr::eq(group, app.root) && !claimed(group.children) {
        nodes.push(Node::Command(&COMPLETIONS));
    }
    nodes
}

/// A page or section to write: a group, or a command under its group.
#[derive(Clone, Copy)]
pub(crate) enum Entry {
    Group(&'static GroupSpec),
    Command(&'static CommandSpec, &'static GroupSpec),
}

impl Entry {
    /// The full name, `notes tag add`.
    pub fn path(&self) -> String {
        match self {
            Entry::Group(g) => g.path.to_owned(),
            Entry::Command(c, parent) => [parent.path, " ", c.name].concat(),
        }
    }
}

/// Every group and shown command of the app, depth first, the app first.
pub(crate) fn entries(app: &AppSpec) -> Vec<Entry> {
    let mut out = Vec::new();
    walk(app, app.root, &mut out);
    out
}

fn walk(app: &AppSpec, group: &'static GroupSpec, out: &mut Vec<Entry>) {
    out.push(Entry::Group(group));
    for node in children(app, group) {
        match node {
            Node::Group(inner) => walk(app, inner, out),
            Node::Command(spec) if !spec.hidden => out.push(Entry::Command(spec, group)),
            Node::Command(_) => {}
        }
    }
}

/// The paragraphs of an about text, without the blank lines between.
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// The entries a group lists in `Commands:`, with the built-in `help`:
/// `(name, about, aliases)`.
pub(crate) fn listing(
    app: &AppSpec,
    group: &'static GroupSpec,
) -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    let mut out: Vec<_> = children(app, group)
        .into_iter()
        .filter(|n| !n.hidden())
        .map(|n| match n {
            Node::Command(c) => (c.name, c.about, c.aliases),
            Node::Group(g) => (g.name, g.about, &[][..]),
        })
        .collect();
    out.push((
        "help",
        "Print this message or the help of the given subcommand(s)",
        &[],
    ));
    out
}

#[cfg(test)]
mod tests;
