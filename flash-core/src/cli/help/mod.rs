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
//! runs, and it writes the text once, straight into the page: a section
//! is a list of what its rows show ([`Item`]), each row rendered where it
//! goes (its left column a second time, to measure it), so a page costs
//! no allocation per row.

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
#[cold]
#[inline(never)]
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
    let mut page = Page::new(Level::of(app, target), long, color, width);
    page.write(path);
    let mut text = page.s.out;
    while text.ends_with(char::is_whitespace) {
        text.pop();
    }
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
    /// The page.
    s: Styler,
    /// The left columns of the section being written, rendered once
    /// each: where each starts and ends, and its width.
    lefts: Styler,
    spans: Vec<(style::Mark, style::Mark, usize)>,
    width: usize,
    /// `--help` of a level that has a long help.
    long: bool,
    /// No section written yet.
    first: bool,
    /// The sections as values, for the docs ([`sections`]), instead of
    /// text.
    sections: Option<Vec<Section>>,
}

/// What a row of help lists; rendered where it is written.
#[derive(Clone, Copy)]
enum Item {
    /// An argument of the command, or a global.
    Arg(&'static ArgSpec),
    /// `-h, --help` or `-V, --version`, with the names the app left to it.
    Builtin {
        short: Option<char>,
        long: Option<&'static str>,
        help: &'static str,
    },
    /// `--config <FILE>`, with its default file (only an app with a
    /// config file has it).
    #[cfg(feature = "config")]
    Config,
    /// A command or group, in `Commands:`.
    Node(Node),
    /// The built-in `help`, in `Commands:`.
    Help,
}

/// A section of help as values: its heading and rows. Help writes its
/// sections as text; the man pages and the Markdown reference have them
/// as values ([`sections`]) and write them their own way.
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
    pub help: Cow<'static, str>,
    /// `[env: …]`, `[default: …]`, `[possible values: …]`, `[range: …]`,
    /// `[aliases: …]`.
    pub specs: Vec<Cow<'static, str>>,
    /// Values listed below the help in long help (those with help).
    pub values: &'static [PossibleValue],
}

/// What a row shows right of its left column: its help, its `[…]`s, the
/// values listed below it in long help.
struct Texts {
    help: &'static str,
    specs: Vec<Cow<'static, str>>,
    values: &'static [PossibleValue],
}

/// The sections of `target`'s help, in order; `long` for `--help`'s.
pub(crate) fn sections(
    app: &'static AppSpec,
    target: Target,
    long: bool,
    color: bool,
) -> Vec<Section> {
    let mut page = Page::new(Level::of(app, target), long, color, MAX_WIDTH);
    page.sections = Some(Vec::new());
    page.commands();
    page.args();
    page.sections.unwrap_or_default()
}

/// The usage line of `target` at `path`, plain, after `Usage: `.
pub(crate) fn usage_plain(app: &'static AppSpec, target: Target, path: &str) -> String {
    let mut s = Styler::new(false);
    usage::write(&mut s, &Level::of(app, target).usage_of(path, None));
    s.out
}

impl Page {
    fn new(level: Level, long: bool, color: bool, width: usize) -> Page {
        Page {
            level,
            s: Styler::new(color),
            lefts: Styler::new(color),
            spans: Vec::new(),
            width,
            long: long && level.long_help_exists(),
            first: true,
            sections: None,
        }
    }

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
        self.commands();
        self.args();
    }

    /// `Commands:`: the group's shown entries, then `completions` (at the
    /// top, unless the app has its own or hides it) and `help`.
    fn commands(&mut self) {
        let Some(group) = self.level.group else {
            return;
        };
        let mut items: Vec<Item> = group
            .children
            .iter()
            .filter(|n| !n.hidden())
            .map(|&n| Item::Node(n))
            .collect();
        let app = self.level.app;
        if self.level.top
            && app.has_completions_command()
            && app.settings.completions == Listing::Listed
        {
            items.push(Item::Node(Node::Command(
                &crate::cli::builtins::COMPLETIONS,
            )));
        }
        if crate::cli::spec::find_child(group, "help").is_none() {
            items.push(Item::Help);
        }
        self.section("Commands", &items, false);
    }

    /// `Arguments:`, `Options:` (with `-h` and `-V`), the custom headings
    /// in the order they first appear, then `Global Options:`.
    fn args(&mut self) {
        let level = self.level;
        let help_command = level
            .command
            .is_some_and(|c| std::ptr::eq(c, &HELP_COMMAND));
        let table = level.table();
        let globals = if help_command {
            Table::EMPTY
        } else {
            level.app.globals
        };
        // An argument is listed under its heading; the standard ones by
        // name are the sections they name (a group of globals headed
        // `Options` joins the command's options).
        let under = |a: &ArgSpec, heading: &str| match a.heading {
            Some(h) => h == heading,
            None => match heading {
                "Arguments" => a.is_positional(),
                "Options" => !a.is_positional(),
                _ => false,
            },
        };
        // The command's arguments under `heading`, then the globals headed
        // so.
        let listed = |items: &mut Vec<Item>, heading: &str| {
            items.clear();
            let own = table.iter().filter(|a| level.shown(a) && under(a, heading));
            let global = globals
                .iter()
                .filter(|a| level.shown(a) && a.heading == Some(heading));
            items.extend(own.chain(global).map(Item::Arg));
        };
        let mut items = Vec::new();
        listed(&mut items, "Arguments");
        self.section("Arguments", &items, true);
        listed(&mut items, "Options");
        self.builtins(&mut items);
        self.section("Options", &items, true);
        let mut headings: Vec<&'static str> = Vec::new();
        for arg in table.iter().chain(globals.iter()) {
            if let (Some(h), true) = (arg.heading, level.shown(arg)) {
                let standard = matches!(h, "Arguments" | "Options" | "Global Options");
                if !standard && !headings.contains(&h) {
                    headings.push(h);
                }
            }
        }
        for heading in headings {
            listed(&mut items, heading);
            self.section(heading, &items, true);
        }
        items.clear();
        items.extend(
            globals
                .iter()
                .filter(|a| level.shown(a) && matches!(a.heading, None | Some("Global Options")))
                .map(Item::Arg),
        );
        if !help_command {
            self.global_builtins(&mut items);
        }
        self.section("Global Options", &items, true);
    }

    /// `-h, --help` and, where the version is answered, `-V, --version`,
    /// without the names the app declares itself.
    fn builtins(&self, items: &mut Vec<Item>) {
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
        let mut builtin = |(short, long): (bool, bool), c: char, name: &'static str, help| {
            if !short || !long {
                items.push(Item::Builtin {
                    short: (!short).then_some(c),
                    long: (!long).then_some(name),
                    help,
                });
            }
        };
        builtin(level.declares('h', "help"), 'h', "help", help);
        if level.top || level.app.settings.propagate_version && level.command.is_some() {
            builtin(
                level.declares('V', "version"),
                'V',
                "version",
                "Print version",
            );
        }
    }

    /// `--config` and the logging flags, where the app has them and does
    /// not declare their names.
    fn global_builtins(&self, items: &mut Vec<Item>) {
        let app = self.level.app;
        #[cfg(feature = "config")]
        if app.has_config() && !self.level.declares('\0', "config").1 {
            items.push(Item::Config);
        }
        if app.logging() {
            for arg in &crate::cli::builtins::LOGGING_ARGS {
                let (short, long) = self
                    .level
                    .declares(arg.short.unwrap_or('\0'), arg.long.unwrap_or(""));
                if !short && !long {
                    items.push(Item::Arg(arg));
                }
            }
        }
    }

    /// What `item` shows right of its left column.
    fn texts(&self, item: &Item) -> Texts {
        let arg_texts = |arg: &'static ArgSpec| {
            let help = if self.long && !arg.long_help.is_empty() {
                arg.long_help
            } else {
                arg.help
            };
            let values_below = self.long && arg.possible.iter().any(|p| !p.help.is_empty());
            Texts {
                help,
                specs: specs(arg, !values_below),
                values: if values_below { arg.possible } else { &[] },
            }
        };
        match *item {
            Item::Arg(arg) => arg_texts(arg),
            #[cfg(feature = "config")]
            Item::Config => {
                let mut texts = arg_texts(&crate::cli::builtins::CONFIG_ARG);
                let name = self.level.app.name;
                let default = ["[default: $XDG_CONFIG_HOME/", name, "/config.toml]"].concat();
                texts.specs.insert(0, Cow::Owned(default));
                texts
            }
            Item::Builtin { help, .. } => Texts {
                help,
                specs: Vec::new(),
                values: &[],
            },
            Item::Node(node) => {
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
                Texts {
                    help: node.about(),
                    specs,
                    values: &[],
                }
            }
            Item::Help => Texts {
                help: HELP_ABOUT,
                specs: Vec::new(),
                values: &[],
            },
        }
    }

    /// Writes a section of rows, with its heading, as clap's `write_args`
    /// (`args`) and `write_subcommands` do.
    fn section(&mut self, heading: &'static str, items: &[Item], args: bool) {
        if items.is_empty() {
            return;
        }
        if self.sections.is_some() {
            return self.section_value(heading, items, args);
        }
        if !self.first {
            self.s.plain("\n\n");
        }
        self.first = false;
        self.s.heading_parts(&[heading, ":"]);
        self.s.plain("\n");
        self.lefts.clear();
        self.spans.clear();
        let mut longest = 2;
        for item in items {
            let start = self.lefts.mark();
            left(&mut self.lefts, item);
            let width = self.lefts.width_since(start);
            self.spans.push((start, self.lefts.mark(), width));
            longest = longest.max(width);
        }
        let long = self.long && args;
        let next_line = long || items.iter().any(|i| self.too_wide(i, longest));
        let spans = std::mem::take(&mut self.spans);
        for (i, (item, &(start, end, left_width))) in items.iter().zip(&spans).enumerate() {
            if i > 0 {
                self.s.plain("\n");
                if next_line && long {
                    self.s.plain("\n");
                }
            }
            self.s.plain("  ");
            self.s.copy(&self.lefts, start, end);
            if !next_line {
                pad(&mut self.s.out, longest + 2 - left_width);
            }
            let texts = self.texts(item);
            self.help(&texts, next_line, longest, long);
        }
        self.spans = spans;
    }

    /// A section as a value, for [`sections`].
    fn section_value(&mut self, heading: &'static str, items: &[Item], args: bool) {
        let rows = items
            .iter()
            .map(|item| {
                let mut s = Styler::new(self.s.color());
                left(&mut s, item);
                let texts = self.texts(item);
                Row {
                    left: s.out,
                    help: Cow::Borrowed(texts.help),
                    specs: texts.specs,
                    values: texts.values,
                }
            })
            .collect();
        if let Some(sections) = &mut self.sections {
            sections.push(Section {
                heading: Cow::Borrowed(heading),
                rows,
                args,
            });
        }
    }

    /// clap's `force_next_line`: the help would not fit beside a wide
    /// left column.
    fn too_wide(&self, item: &Item, longest: usize) -> bool {
        let taken = longest + 4;
        if self.width < taken || taken as f32 / self.width as f32 <= 0.40 {
            return false;
        }
        let texts = self.texts(item);
        let specs: usize = texts.specs.iter().map(|s| width(s) + 1).sum();
        width(texts.help) + specs > self.width - taken
    }

    /// A row's help, its values and its `[…]`s.
    fn help(&mut self, texts: &Texts, next_line: bool, longest: usize, long: bool) {
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
        let mut text: Cow<str> = Cow::Borrowed(texts.help);
        if !texts.specs.is_empty() && !long {
            let mut joined = text.into_owned();
            for spec in &texts.specs {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(spec);
            }
            text = Cow::Owned(joined);
        }
        let help_is_empty = text.is_empty();
        wrap(&mut self.s.out, &text, avail, spaces);
        let has_values = !texts.values.is_empty();
        if has_values {
            self.values(texts.values, spaces, help_is_empty);
        }
        if !texts.specs.is_empty() && long {
            let mut text = String::new();
            if !help_is_empty || has_values {
                text.push_str("\n\n");
            }
            text.push_str(&texts.specs.join("\n"));
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

/// Writes `item`'s left column: `-n, --times <N>`, `<NAME>`, `tag, -T`.
fn left(s: &mut Styler, item: &Item) {
    match *item {
        Item::Arg(arg) => arg_left(s, arg),
        #[cfg(feature = "config")]
        Item::Config => arg_left(s, &crate::cli::builtins::CONFIG_ARG),
        Item::Builtin { short, long, help } => arg_left(
            s,
            &ArgSpec {
                short,
                long,
                help,
                ..ArgSpec::EMPTY
            },
        ),
        Item::Node(node) => {
            s.literal(node.name());
            if let Node::Command(c) = node {
                if let Some(short) = c.short_flag {
                    let mut buf = [0u8; 4];
                    s.plain(", ");
                    s.literal_parts(&["-", short.encode_utf8(&mut buf)]);
                }
                if let Some(long) = c.long_flag {
                    s.plain(", ");
                    s.literal_parts(&["--", long]);
                }
            }
        }
        Item::Help => s.literal("help"),
    }
}

/// An argument's left column.
fn arg_left(s: &mut Styler, arg: &ArgSpec) {
    if arg.is_positional() {
        return usage::placeholder(s, arg, arg.required);
    }
    let mut buf = [0u8; 4];
    match (arg.short, arg.long) {
        (Some(c), long) => {
            s.literal_parts(&["-", c.encode_utf8(&mut buf)]);
            if long.is_some() {
                s.plain(", ");
            }
        }
        (None, Some(_)) => s.plain("    "),
        (None, None) => {}
    }
    if let Some(long) = arg.long {
        let dashes = if arg.negate { "--[no-]" } else { "--" };
        s.literal_parts(&[dashes, long]);
    }
    usage::suffix(s, arg);
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
