//! Text with clap's styles, on a terminal: headings bold and underlined,
//! literals (names to type) bold; plain everywhere else, and without
//! `NO_COLOR`'s leave.

use crate::cli::style::{HEADING, LITERAL, RESET};

/// A text being written, styled or not.
pub(crate) struct Styler {
    pub out: String,
    color: bool,
    /// Bytes of style codes written so far (not shown: not counted in
    /// widths).
    codes: usize,
}

/// A place in a [`Styler`]'s text, to measure what was written since.
#[derive(Clone, Copy)]
pub(crate) struct Mark {
    at: usize,
    codes: usize,
}

impl Styler {
    pub(crate) fn new(color: bool) -> Self {
        Styler {
            out: String::with_capacity(1024),
            color,
            codes: 0,
        }
    }

    /// Where the text is now.
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            at: self.out.len(),
            codes: self.codes,
        }
    }

    /// The display width of what was written since `mark`.
    pub(crate) fn width_since(&self, mark: Mark) -> usize {
        super::wrap::width(&self.out[mark.at..]) - (self.codes - mark.codes)
    }

    /// What was written from `from` to `to`, the two marks of `other`,
    /// written here.
    pub(crate) fn copy(&mut self, other: &Styler, from: Mark, to: Mark) {
        self.out.push_str(&other.out[from.at..to.at]);
        self.codes += to.codes - from.codes;
    }

    /// Empties the text.
    pub(crate) fn clear(&mut self) {
        self.out.clear();
        self.codes = 0;
    }

    pub(crate) fn plain(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Out of line: help writes styled text at some twenty places.
    #[inline(never)]
    fn styled(&mut self, style: &str, parts: &[&str]) {
        // (No style: plain parts.)
        let color = self.color && !style.is_empty();
        if color {
            self.out.push_str(style);
            self.codes += style.len() + RESET.len();
        }
        for part in parts {
            self.out.push_str(part);
        }
        if color {
            self.out.push_str(RESET);
        }
    }

    pub(crate) fn heading(&mut self, text: &str) {
        self.styled(HEADING, &[text]);
    }

    pub(crate) fn heading_parts(&mut self, parts: &[&str]) {
        self.styled(HEADING, parts);
    }

    pub(crate) fn literal(&mut self, text: &str) {
        self.styled(LITERAL, &[text]);
    }

    pub(crate) fn literal_parts(&mut self, parts: &[&str]) {
        self.styled(LITERAL, parts);
    }

    /// Value names (`<FILE>`): plain, as clap's default styles have them.
    pub(crate) fn placeholder(&mut self, text: &str) {
        self.plain(text);
    }

    pub(crate) fn placeholder_parts(&mut self, parts: &[&str]) {
        self.styled("", parts);
    }

    /// Whether styles are written.
    pub(crate) fn color(&self) -> bool {
        self.color
    }
}
