//! Doc comments → help text.

use syn::{Attribute, Expr, ExprLit, Lit, Meta};

/// The lines of the `///` comments (and `#[doc = ".."]`) in `attrs`.
pub fn lines(attrs: &[Attribute]) -> Vec<String> {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                let value = s.value();
                if value.trim().is_empty() {
                    lines.push(String::new());
                }
                for line in value.lines() {
                    // `/// text` arrives as ` text`: drop that one space.
                    lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                }
            }
        }
    }
    lines
}

/// A doc comment as clap's derive reads it: paragraphs are runs of
/// non-blank lines, each joined on one line; the short form is the first
/// paragraph with a trailing period dropped (not an ellipsis), the long
/// form every paragraph, blank lines between, when there is more than one
/// (empty otherwise).
pub struct Doc {
    pub short: String,
    pub long: String,
}

impl Doc {
    pub fn from_attrs(attrs: &[Attribute]) -> Self {
        let lines = lines(attrs);
        let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
        for line in &lines {
            if line.trim().is_empty() {
                if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                    paragraphs.push(Vec::new());
                }
            } else if let Some(last) = paragraphs.last_mut() {
                last.push(line.trim());
            }
        }
        paragraphs.retain(|p| !p.is_empty());
        let merged: Vec<String> = paragraphs.iter().map(|p| p.join(" ")).collect();
        let first = merged.first().cloned().unwrap_or_default();
        let short = if first.ends_with('.') && !first.ends_with("..") {
            first[..first.len() - 1].to_owned()
        } else {
            first
        };
        let long = if merged.len() > 1 {
            merged.join("\n\n")
        } else {
            String::new()
        };
        Doc { short, long }
    }
}
