//! Man pages and a Markdown reference, from the same tables as help: the
//! app's groups and commands, and each one's help sections as help builds
//! them ([`crate::cli::help::sections`]), written as roff or Markdown.
//!
//! The code here is linked only where
//! [`App::man_pages`](crate::cli::app::App::man_pages) or
//! [`App::markdown`](crate::cli::app::App::markdown) is called.

mod man;
mod markdown;

use crate::cli::help::{sections, usage_plain, Section};
use crate::cli::spec::Target;
use crate::cli::spec::{AppSpec, GroupSpec, Listing, Node};

/// A page or section to write: the app, a group, or a command.
pub(crate) struct Entry {
    pub target: Target,
    /// The full name, `notes tag add`.
    pub path: String,
    /// Its one-line description.
    pub about: &'static str,
    /// Its long description (every paragraph).
    pub long_about: &'static str,
    /// The usage line, after `Usage: `.
    pub usage: String,
    /// Its help sections, as `--help` has them.
    pub sections: Vec<Section>,
    /// The pages below it (a group's commands), by full name.
    pub children: Vec<String>,
    /// The page above it, by full name.
    pub parent: Option<String>,
}

impl Entry {
    fn new(app: &'static AppSpec, target: Target, path: String, parent: Option<String>) -> Entry {
        let (about, long_about, children) = match target {
            Target::Command(c) => (c.about, c.long_about, Vec::new()),
            Target::Group { group, top } => {
                let (about, long) = match (top, app.root) {
                    (true, Some(root)) if !root.about.is_empty() => (root.about, root.long_about),
                    (true, _) => (app.about, ""),
                    (false, _) => (group.about, group.long_about),
                };
                let children = listed(app, group, top)
                    .iter()
                    .map(|n| [path.as_str(), " ", n.name()].concat())
                    .collect();
                (about, long, children)
            }
        };
        Entry {
            target,
            usage: usage_plain(app, target, &path),
            sections: sections(app, target, true, false),
            path,
            about,
            long_about,
            children,
            parent,
        }
    }

    /// Whether it is the app's page.
    pub fn is_top(&self) -> bool {
        self.parent.is_none()
    }

    /// Its description's paragraphs: the long one, else the short.
    pub fn description(&self) -> impl Iterator<Item = &str> {
        let text = if self.long_about.is_empty() {
            self.about
        } else {
            self.long_about
        };
        paragraphs(text)
    }
}

/// The shown entries of `group`: its own, and at the top the built-in
/// `completions` where the app lists it.
fn listed(app: &'static AppSpec, group: &'static GroupSpec, top: bool) -> Vec<Node> {
    let mut nodes: Vec<Node> = group
        .children
        .iter()
        .copied()
        .filter(|n| !n.hidden())
        .collect();
    if top && app.has_completions_command() && app.settings.completions == Listing::Listed {
        nodes.push(Node::Command(&crate::cli::builtins::COMPLETIONS));
    }
    nodes
}

/// Every page of the app, depth first, the app first.
pub(crate) fn entries(app: &'static AppSpec) -> Vec<Entry> {
    let mut out = Vec::new();
    walk(app, app.commands, app.name.to_owned(), None, &mut out);
    out
}

fn walk(
    app: &'static AppSpec,
    group: &'static GroupSpec,
    path: String,
    parent: Option<String>,
    out: &mut Vec<Entry>,
) {
    let top = parent.is_none();
    out.push(Entry::new(
        app,
        Target::Group { group, top },
        path.clone(),
        parent,
    ));
    for node in listed(app, group, top) {
        let child = [path.as_str(), " ", node.name()].concat();
        match node {
            Node::Group(inner) => walk(app, inner, child, Some(path.clone()), out),
            Node::Command(spec) => out.push(Entry::new(
                app,
                Target::Command(spec),
                child,
                Some(path.clone()),
            )),
        }
    }
}

/// The paragraphs of an about text, without the blank lines between.
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests;
