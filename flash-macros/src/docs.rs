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

/// A doc comment split into its short form (first paragraph on one line,
/// trailing period dropped) and its long form (every paragraph).
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
                last.push(line.as_str());
            }
        }
        paragraphs.retain(|p| !p.is_empty());
        let short = paragraphs
            .first()
            .map(|p| p.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let short = if paragraphs.len() <= 1 || !short.ends_with("..") {
            short.strip_suffix('.').map(str::to_owned).unwrap_or(short)
        } else {
            short
        };
        let long = paragraphs
            .iter()
            .map(|p| p.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n");
        Doc { short, long }
    }
}

/// A parameter's help line: its doc comment on one line.
pub fn one_line(attrs: &[Attribute]) -> String {
    lines(attrs)
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
