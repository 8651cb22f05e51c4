//! Help, laid out at run time from the tables as clap lays it out: the
//! about text, `Usage:`, then `Commands:`, `Arguments:`, `Options:`, the
//! custom headings and `Global Options:`, each section's columns aligned
//! on their own, wrapped to the terminal (at most 100 columns; 100 when
//! not a terminal), `-h` short and `--help` long.
//!
//! Laid out at run time rather than at compile time: a command's help
//! depends on the `Args` groups it takes, which only the compiler knows,
//! and rendering it in `const` items made a large CLI's `cargo check`
//! ten times clap's (issue 16). Printing help is the one time this code
//! runs, and it writes the text once.

mod style;
pub(crate) mod usage;
pub(crate) mod wrap;

use std::borrow::Cow;
use std::io::Write;

use crate::cli::arg::{quoted_value, ArgSpec, PossibleValue, Table};
use crate::cli::builtins::{HELP_ABOUT, HELP_COMMAND};
use crate::cli::output::Output;
use crate::cli::spec::{AppSpec, CommandSpec, GroupSpec, Listing, Node, Target};

pub(crate) use usage::UsageLine;

use style::Styler;
use usage::UsageOf;
use wrap::{pad, width, wrap, wrap_after};

/// The widest help is laid out (clap's `max_term_width`).
const MAX_WIDTH: usize = 100;

/// Indent of help written on the line below its item.
const NEXT_LINE_INDENT: usize = 10;

/// Prints the help of `target` (at usage path `path`; `long`: `--help`'s).
pub(crate) fn print(
    app: &'static AppSpec,
    target: Target,
    path: &str,
    long: bool,
    mut out: Output,
) {
    let color = out.wants_color();
    let width = terminal_width(&out);
    let text = page(app, target, path, long, color, width);
    // A closed pipe (`demo --help | head -1`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes());
}

/// The width to wrap at: the terminal's, at most [`MAX_WIDTH`]; that when
/// not on a terminal.
fn terminal_width(out: &Output) -> usize {
    if !out.is_terminal() {
        return MAX_WIDTH;
    }
    out.terminal_columns()
        .map_or(MAX_WIDTH, |w| w.clamp(1, MAX_WIDTH))
}

/// The help of `target` (shown with usage path `path`), as text.
pub(crate) fn page(
    app: &'static AppSpec,
    target: Target,
    path: &str,
    long: bool,
    color: bool,
    width: usize,
) -> String {
    let level = Level::of(app, target);
    let long = long && level.long_help_exists();
    let mut page = Page {
        level,
        s: Styler::new(color),
        width,
        long,
        first: true,
    };
    page.write(path);
    let mut text = page.s.out;
    let end = text.trim_end().len();
    text.truncate(end);
    text.push('\n');
    text
}

/// `Usage: …` of an error, as text with its newline.
pub(crate) fn usage_text(app: &'static AppSpec, line: &UsageLine, color: bool) -> String {
    let level = Level::of(app, line.target);
    let mut s = Styler::new(color);
    s.heading("Usage:");
    s.plain(" ");
    usage::write(&mut s, &level.usage_of(&line.path, line.used.as_deref()));
    s.out
}

/// What a help is about: a command, a group of commands, or both (the
/// app's top with a root command).
#[derive(Clone, Copy)]
struct Level {
    app: &'static AppSpec,
    /// Whose arguments are listed.
    command: Option<&'static CommandSpec>,
    /// Whose commands are listed.
    group: Option<&'static GroupSpec>,
    top: bool,
}

impl Level {
    fn of(app: &'static AppSpec, target: Target) -> Level {
        match target {
            Target::Command(spec) => Level {
                app,
                command: Some(spec),
                group: None,
                top: false,
            },
            Target::Group { group, top } => Level {
                app,
                command: if top { app.root } else { None },
                group: (!group.children.is_empty() || top && app.has_commands()).then_some(group),
                top,
            },
        }
    }

    fn table(&self) -> Table {
        self.command.map_or(Table::EMPTY, |c| c.args)
    }

    fn usage_of<'a>(&self, path: &'a str, used: Option<&'a [usize]>) -> UsageOf<'a> {
        UsageOf {
            app: self.app,
            path,
            command: self.command,
            subcommand: self.group.map(|_| self.command.is_none()),
            used,
            bare: self.command.is_some_and(|c| std::ptr::eq(c, &HELP_COMMAND)),
        }
    }

    /// `(about, long about)`.
    fn about(&self) -> (&'static str, &'static str) {
        match (self.command, self.group) {
            (Some(c), _) if !(self.top && c.about.is_empty()) => (c.about, c.long_about),
            (_, Some(g)) if !self.top => (g.about, g.long_about),
            _ => (self.app.about, ""),
        }
    }

    /// Whether `--help` says more than `-h` (clap's `long_help_exists`).
    fn long_help_exists(&self) -> bool {
        let long = |a: &ArgSpec| {
            !a.hidden && (!a.long_help.is_empty() || a.possible.iter().any(|p| !p.help.is_empty()))
        };
        !self.about().1.is_empty()
            || self.table().iter().any(long)
            || self.app.globals.iter().any(long)
    }

    /// Whether the argument is shown in help: not hidden, and not a
    /// runtime option the app does not offer.
    fn shown(&self, arg: &ArgSpec) -> bool {
        !arg.hidden && (arg.runtime == 0 || arg.runtime & self.app.settings.runtime_flags != 0)
    }

    /// Whether `-c` / `--long` is an argument of the level or a global.
    fn declares(&self, short: char, long: &str) -> (bool, bool) {
        let args = || self.table().iter().chain(self.app.globals.iter());
        (
            args().any(|a| a.short == Some(short)),
            args().any(|a| a.long == Some(long)),
        )
    }
}

/// A help being written.
struct Page {
    level: Level,
    s: Styler,
    width: usize,
    /// `--help` of a level that has a long help.
    long: bool,
    /// No section written yet.
    first: bool,
}

/// A section of help: its heading and rows. Help lays them out; the man
/// pages and the Markdown reference write them their own way.
pub(crate) struct Section {
    pub heading: Cow<'static, str>,
    pub rows: Vec<Row>,
    /// Rows of arguments (`Commands:` is not): laid out as clap lays
    /// out arguments.
    pub args: bool,
}

/// One row of a section: its left column, its help, the `[…]` after it.
pub(crate) struct Row {
    /// `-n, --times <N>`, `<NAME>`, `tag`: styled where the text is.
    pub left: String,
    pub left_width: usize,
    pub help: Cow<'static, str>,
    /// `[env: …]`, `[default: …]`, `[possible values: …]`, `[range: …]`,
    /// `[aliases: …]`.
    pub specs: Vec<Cow<'static, str>>,
    /// Values listed below the help in long help (those with help).
    pub values: &'static [PossibleValue],
}

/// The sections of `target`'s help, in order; `long` for `--help`'s.
pub(crate) fn sections(
    app: &'static AppSpec,
    target: Target,
    long: bool,
    color: bool,
) -> Vec<Section> {
    let level = Level::of(app, target);
    let page = Page {
        level,
        s: Styler::new(color),
        width: MAX_WIDTH,
        long: long && level.long_help_exists(),
        first: true,
    };
    let mut out = Vec::new();
    page.commands(&mut out);
    page.args(&mut out);
    out
}

/// The usage line of `target` at `path`, plain, after `Usage: `.
pub(crate) fn usage_plain(app: &'static AppSpec, target: Target, path: &str) -> String {
    let mut s = Styler::new(false);
    usage::write(&mut s, &Level::of(app, target).usage_of(path, None));
    s.out
}

impl Page {
    fn write(&mut self, path: &str) {
        let (about, long_about) = self.level.about();
        let about = if self.long && !long_about.is_empty() {
            long_about
        } else {
            about
        };
        if !about.is_empty() {
            wrap(&mut self.s.out, about, self.width, 0);
            self.s.plain("\n\n");
        }
        self.s.heading("Usage:");
        self.s.plain(" ");
        let of = self.level.usage_of(path, None);
        usage::write(&mut self.s, &of);
        self.s.plain("\n\n");
        let mut sections = Vec::new();
        self.commands(&mut sections);
        self.args(&mut sections);
        for section in &sections {
            self.section(section);
        }
    }

    /// `Commands:`: the group's shown entries, then `completions` (at the
    /// top, unless the app has its own or hides it) and `help`.
    fn commands(&self, out: &mut Vec<Section>) {
        let Some(group) = self.level.group else {
            return;
        };
        let mut rows: Vec<Row> = Vec::new();
        for node in group.children.iter().filter(|n| !n.hidden()) {
            rows.push(self.command_row(node));
        }
        let app = self.level.app;
        if self.level.top
            && app.has_completions_command()
            && app.settings.completions == Listing::Listed
        {
            rows.push(self.command_row(&Node::Command(&crate::cli::builtins::COMPLETIONS)));
        }
        if crate::cli::spec::find_child(group, "help").is_none() {
            rows.push(self.plain_row("help", HELP_ABOUT));
        }
        push(out, "Commands", rows, false);
    }

    fn command_row(&self, node: &Node) -> Row {
        let mut left = Styler::new(self.s.color());
        let start = left.mark();
        left.literal(node.name());
        if let Node::Command(c) = node {
            if let Some(short) = c.short_flag {
                let mut buf = [0u8; 4];
                left.plain(", ");
                left.literal_parts(&["-", short.encode_utf8(&mut buf)]);
            }
            if let Some(long) = c.long_flag {
                left.plain(", ");
                left.literal_parts(&["--", long]);
            }
        }
        let left_width = left.width_since(start);
        let aliases = node.aliases();
        let mut specs = Vec::new();
        if !aliases.is_empty() {
            let label = if aliases.len() == 1 {
                "[alias: "
            } else {
                "[aliases: "
            };
            specs.push(Cow::Owned([label, &aliases.join(", "), "]"].concat()));
        }
        Row {
            left: left.out,
            left_width,
            help: Cow::Borrowed(node.about()),
            specs,
            values: &[],
        }
    }

    fn plain_row(&self, name: &str, help: &'static str) -> Row {
        let mut left = Styler::new(self.s.color());
        left.literal(name);
        Row {
            left: left.out,
            left_width: width(name),
            help: Cow::Borrowed(help),
            specs: Vec::new(),
            values: &[],
        }
    }

    /// `Arguments:`, `Options:` (with `-h` and `-V`), the custom headings
    /// in the order they first appear, then `Global Options:`.
    fn args(&self, out: &mut Vec<Section>) {
        let level = self.level;
        let help_command = level
            .command
            .is_some_and(|c| std::ptr::eq(c, &HELP_COMMAND));
        let shown: Vec<&'static ArgSpec> =
            level.table().iter().filter(|a| level.shown(a)).collect();
        let globals: Vec<&'static ArgSpec> = if help_command {
            Vec::new()
        } else {
            level
                .app
                .globals
                .iter()
                .filter(|a| level.shown(a))
                .collect()
        };
        // An argument is listed under its heading; the standard ones by
        // name are the sections they name (a group of globals headed
        // `Options` joins the command's options).
        let under = |a: &&ArgSpec, heading: &str| match a.heading {
            Some(h) => h == heading,
            None => match heading {
                "Arguments" => a.is_positional(),
                "Options" => !a.is_positional(),
                _ => false,
            },
        };
        let rows = |list: &[&'static ArgSpec], heading: &str| -> Vec<Row> {
            list.iter()
                .filter(|a| under(a, heading))
                .map(|a| self.arg_row(a))
                .collect()
        };
        let mut arguments = rows(&shown, "Arguments");
        arguments.extend(
            globals
                .iter()
                .filter(|a| a.heading == Some("Arguments"))
                .map(|a| self.arg_row(a)),
        );
        push(out, "Arguments", arguments, true);
        let mut options = rows(&shown, "Options");
        options.extend(
            globals
                .iter()
                .filter(|a| a.heading == Some("Options"))
                .map(|a| self.arg_row(a)),
        );
        self.builtin_rows(&mut options);
        push(out, "Options", options, true);
        let mut headings: Vec<&'static str> = Vec::new();
        for arg in shown.iter().chain(&globals) {
            if let Some(h) = arg.heading {
                let standard = matches!(h, "Arguments" | "Options" | "Global Options");
                if !standard && !headings.contains(&h) {
                    headings.push(h);
                }
            }
        }
        for heading in headings {
            let mut section = rows(&shown, heading);
            section.extend(
                globals
                    .iter()
                    .filter(|a| a.heading == Some(heading))
                    .map(|a| self.arg_row(a)),
            );
            push(out, heading, section, true);
        }
        let mut rows: Vec<Row> = globals
            .iter()
            .filter(|a| matches!(a.heading, None | Some("Global Options")))
            .map(|a| self.arg_row(a))
            .collect();
        if !help_command {
            self.global_builtin_rows(&mut rows);
        }
        push(out, "Global Options", rows, true);
    }

    /// `-h, --help` and, where the version is answered, `-V, --version`,
    /// without the names the app declares itself.
    fn builtin_rows(&self, rows: &mut Vec<Row>) {
        let level = self.level;
        // `help` takes no options of its own, as clap's has none.
        if level
            .command
            .is_some_and(|c| std::ptr::eq(c, &HELP_COMMAND))
        {
            return;
        }
        let help = match (level.long_help_exists(), self.long) {
            (false, _) => "Print help",
            (true, false) => "Print help (see more with '--help')",
            (true, true) => "Print help (see a summary with '-h')",
        };
        if let Some(row) = self.flag_row(level.declares('h', "help"), 'h', "help", help) {
            rows.push(row);
        }
        let version = level.top || level.app.settings.propagate_version && level.command.is_some();
        if version {
            let declared = level.declares('V', "version");
            if let Some(row) = self.flag_row(declared, 'V', "version", "Print version") {
                rows.push(row);
            }
        }
    }

    /// `--config` and the logging flags, where the app has them and does
    /// not declare their names.
    fn global_builtin_rows(&self, rows: &mut Vec<Row>) {
        let app = self.level.app;
        if app.has_config() && !self.level.declares('\0', "config").1 {
            let mut row = self.arg_row(&crate::cli::builtins::CONFIG_ARG);
            let default = ["[default: $XDG_CONFIG_HOME/", app.name, "/config.toml]"].concat();
            row.specs.insert(0, Cow::Owned(default));
            rows.push(row);
        }
        if app.logging() {
            for arg in &crate::cli::builtins::LOGGING_ARGS {
                let (short, long) = self
                    .level
                    .declares(arg.short.unwrap_or('\0'), arg.long.unwrap_or(""));
                if !short && !long {
                    rows.push(self.arg_row(arg));
                }
            }
        }
    }

    /// A built-in flag's row, with the names the app left to it.
    fn flag_row(
        &self,
        declared: (bool, bool),
        short: char,
        long: &'static str,
        help: &'static str,
    ) -> Option<Row> {
        let arg = ArgSpec {
            short: (!declared.0).then_some(short),
            long: (!declared.1).then_some(long),
            help,
            ..ArgSpec::EMPTY
        };
        (arg.short.is_some() || arg.long.is_some()).then(|| self.arg_row(&arg))
    }

    fn arg_row(&self, arg: &ArgSpec) -> Row {
        let mut left = Styler::new(self.s.color());
        let start = left.mark();
        if arg.is_positional() {
            usage::placeholder(&mut left, arg, arg.required);
        } else {
            let mut buf = [0u8; 4];
            match (arg.short, arg.long) {
                (Some(c), long) => {
                    left.literal_parts(&["-", c.encode_utf8(&mut buf)]);
                    if long.is_some() {
                        left.plain(", ");
                    }
                }
                (None, Some(_)) => left.plain("    "),
                (None, None) => {}
            }
            if let Some(long) = arg.long {
                let dashes = if arg.negate { "--[no-]" } else { "--" };
                left.literal_parts(&[dashes, long]);
            }
            usage::suffix(&mut left, arg);
        }
        let left_width = left.width_since(start);
        let help = if self.long && !arg.long_help.is_empty() {
            arg.long_help
        } else {
            arg.help
        };
        let show_values_below = self.long && arg.possible.iter().any(|p| !p.help.is_empty());
        Row {
            left: left.out,
            left_width,
            help: Cow::Borrowed(help),
            specs: specs(arg, !show_values_below),
            values: if show_values_below { arg.possible } else { &[] },
        }
    }

    /// Writes a section of rows, with its heading, as clap's `write_args`
    /// (`args`) and `write_subcommands` do.
    fn section(&mut self, section: &Section) {
        let (heading, rows, args) = (&section.heading, &section.rows, section.args);
        if rows.is_empty() {
            return;
        }
        if !self.first {
            self.s.plain("\n\n");
        }
        self.first = false;
        self.s.heading_parts(&[heading, ":"]);
        self.s.plain("\n");
        let longest = rows.iter().map(|r| r.left_width).max().unwrap_or(0).max(2);
        let long = self.long && args;
        let next_line = long || rows.iter().any(|r| self.too_wide(r, longest));
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                self.s.plain("\n");
                if next_line && long {
                    self.s.plain("\n");
                }
            }
            self.s.plain("  ");
            self.s.plain(&row.left);
            if !next_line {
                pad(&mut self.s.out, longest + 2 - row.left_width);
            }
            self.help(row, next_line, longest, long);
        }
    }

    /// clap's `force_next_line`: the help would not fit beside a wide
    /// left column.
    fn too_wide(&self, row: &Row, longest: usize) -> bool {
        let specs: usize = row.specs.iter().map(|s| width(s) + 1).sum();
        let help = width(&row.help) + specs;
        let taken = longest + 4;
        self.width >= taken && taken as f32 / self.width as f32 > 0.40 && help > self.width - taken
    }

    /// A row's help, its values and its `[…]`s.
    fn help(&mut self, row: &Row, next_line: bool, longest: usize, long: bool) {
        if next_line {
            self.s.plain("\n");
            pad(&mut self.s.out, 2 + NEXT_LINE_INDENT - 2);
        }
        let spaces = if next_line {
            NEXT_LINE_INDENT
        } else {
            longest + 4
        };
        let avail = self.width.saturating_sub(spaces);
        let mut text: Cow<str> = row.help.clone();
        if !row.specs.is_empty() && !long {
            let mut joined = text.into_owned();
            for spec in &row.specs {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(spec);
            }
            text = Cow::Owned(joined);
        }
        let help_is_empty = text.is_empty();
        wrap(&mut self.s.out, &text, avail, spaces);
        let has_values = !row.values.is_empty();
        if has_values {
            self.values(row.values, spaces, help_is_empty);
        }
        if !row.specs.is_empty() && long {
            let mut text = String::new();
            if !help_is_empty || has_values {
                text.push_str("\n\n");
            }
            text.push_str(&row.specs.join("\n"));
            wrap(&mut self.s.out, &text, avail, spaces);
        }
    }

    /// `Possible values:` and a line per value with its help, in long help.
    fn values(&mut self, values: &[PossibleValue], spaces: usize, help_is_empty: bool) {
        let name_width = values.iter().map(|v| width(v.name)).max().unwrap_or(0);
        let trailing = spaces + 2;
        if !help_is_empty {
            self.s.plain("\n\n");
            pad(&mut self.s.out, spaces);
        }
        self.s.plain("Possible values:");
        for value in values {
            self.s.plain("\n");
            pad(&mut self.s.out, spaces);
            self.s.plain("- ");
            self.s.literal(value.name);
            if !value.help.is_empty() {
                self.s.plain(": ");
                let gap = name_width - width(value.name);
                pad(&mut self.s.out, gap);
                let before = width(value.name) + 2 + gap;
                let avail = self.width.saturating_sub(trailing);
                let avail = if avail == 0 { usize::MAX } else { avail };
                wrap_after(&mut self.s.out, value.help, avail, trailing, Some(before));
            }
        }
    }
}

/// Adds a section, unless it has no rows.
fn push(out: &mut Vec<Section>, heading: &'static str, rows: Vec<Row>, args: bool) {
    if !rows.is_empty() {
        out.push(Section {
            heading: Cow::Borrowed(heading),
            rows,
            args,
        });
    }
}

/// The `[env: …]`, `[default: …]`, `[possible values: …]` and
/// `[range: …]` of an argument, in clap's order (the values only where
/// they are not listed below).
fn specs(arg: &ArgSpec, values_inline: bool) -> Vec<Cow<'static, str>> {
    let mut out = Vec::new();
    if let Some(env) = arg.env {
        out.push(Cow::Owned(["[env: ", env, "]"].concat()));
    }
    if let (Some(default), true) = (&arg.default, arg.takes_value()) {
        out.push(Cow::Owned(["[default: ", &default.text(), "]"].concat()));
    }
    if values_inline && !arg.possible.is_empty() {
        let names: Vec<Cow<str>> = arg.possible.iter().map(|p| quoted_value(p.name)).collect();
        out.push(Cow::Owned(
            ["[possible values: ", &names.join(", "), "]"].concat(),
        ));
    }
    if let Some(range) = arg.range {
        out.push(Cow::Owned(["[range: ", range, "]"].concat()));
    }
    out
}
