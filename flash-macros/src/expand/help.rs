//! The command's help text, made once at compile time: plain, with the
//! marks that style it on a terminal.

use flash_grammar::exec::{DEFAULT_MAX_CONCURRENCY, RUNTIME_FLAGS};
use flash_grammar::style::{
    KIND_HEADING as HEADING, KIND_LITERAL as LITERAL, KIND_RESET as RESET, MAX_STYLED_LEN,
};

use crate::ast::Command;
use crate::attr::Handler;
use crate::expand::args::{Arg, Kind};

/// A mark: style `kind` goes before byte `at` of the plain text.
fn mark(at: usize, kind: u32) -> u32 {
    assert!(at <= MAX_STYLED_LEN, "a help text shorter than 1 GiB");
    flash_grammar::style::mark(at, kind)
}

/// A built-in runtime option offered by async commands.
pub struct RuntimeRow {
    pub long: &'static str,
    pub value_name: Option<&'static str>,
    pub help: &'static str,
    pub default: Option<String>,
}

/// The runtime options an async command offers: every one whose long name
/// the command does not declare itself.
pub fn runtime_rows(cmd: &Command, args: &[Arg]) -> Vec<RuntimeRow> {
    if cmd.attr.handlers.first().map(|(h, _)| *h) != Some(Handler::Async) {
        return Vec::new();
    }
    let taken = |long: &str| {
        args.iter()
            .any(|a| a.long.as_ref().is_some_and(|(l, _)| l == long))
    };
    let attr = &cmd.attr;
    let rows = RUNTIME_FLAGS.map(|flag| {
        let default = match flag.long {
            "timeout" => attr.timeout.as_ref().map(|t| t.lit.value()),
            "max-concurrency" => Some(attr.max_concurrency.as_ref().map_or_else(
                || DEFAULT_MAX_CONCURRENCY.to_string(),
                |n| n.base10_digits().to_owned(),
            )),
            "memory-limit" => attr.memory_limit.as_ref().map(|m| m.lit.value()),
            _ => None,
        };
        RuntimeRow {
            long: flag.long,
            value_name: flag.value_name,
            help: flag.help,
            default,
        }
    });
    rows.into_iter().filter(|r| !taken(r.long)).collect()
}

/// One line of a help section: its left column, plain, with the styles
/// of that column as `(byte, kind)`, and its help.
struct Row {
    plain: String,
    styles: Vec<(usize, u32)>,
    help: String,
}

fn flag_left(
    short: Option<char>,
    long: Option<&str>,
    value: Option<&str>,
) -> (String, Vec<(usize, u32)>) {
    let mut plain = String::new();
    let mut styles = Vec::new();
    let mut both = |p: &str, styled: bool| {
        if styled {
            styles.push((plain.len(), LITERAL));
            plain.push_str(p);
            styles.push((plain.len(), RESET));
        } else {
            plain.push_str(p);
        }
    };
    match (short, long) {
        (Some(s), Some(l)) => {
            both(&format!("-{s}"), true);
            both(", ", false);
            both(&format!("--{l}"), true);
        }
        (Some(s), None) => both(&format!("-{s}"), true),
        (None, Some(l)) => {
            both("    ", false);
            both(&format!("--{l}"), true);
        }
        (None, None) => {}
    }
    if let Some(v) = value {
        both(&format!(" <{v}>"), false);
    }
    (plain, styles)
}

fn with_suffixes(help: &str, arg: &Arg) -> String {
    let mut text = help.to_owned();
    let mut add = |s: String| {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&s);
    };
    if let Some(d) = arg.default_text() {
        add(format!("[default: {d}]"));
    }
    if let Some(env) = &arg.param.attr.env {
        add(format!("[env: {}]", env.value()));
    }
    if let Some((values, _)) = &arg.param.attr.possible {
        let list: Vec<String> = values.iter().map(|v| v.value()).collect();
        add(format!("[possible values: {}]", list.join(", ")));
    }
    text
}

/// Help text and usage line of a command.
pub struct Help {
    pub usage: String,
    pub short_about: String,
    pub long_about: String,
    /// Plain text and the marks that style it.
    pub short_body: (String, Vec<u32>),
    pub long_body: (String, Vec<u32>),
}

/// Builds the command's help: `-h` and `--help`, plain and coloured.
pub fn build(cmd: &Command, args: &[Arg], runtime: &[RuntimeRow]) -> Help {
    let positional_rows: Vec<Row> = args
        .iter()
        .filter(|a| a.kind == Kind::Positional)
        .map(|a| Row {
            plain: a.placeholder(),
            styles: Vec::new(),
            help: with_suffixes(&a.param.help, a),
        })
        .collect();
    let option_rows: Vec<Row> = args
        .iter()
        .filter(|a| a.kind != Kind::Positional)
        .map(|a| {
            let value = (a.kind == Kind::Option).then_some(a.value_name.as_str());
            let (plain, styles) = flag_left(
                a.short.as_ref().map(|s| s.0),
                a.long.as_ref().map(|l| l.0.as_str()),
                value,
            );
            Row {
                plain,
                styles,
                help: with_suffixes(&a.param.help, a),
            }
        })
        .collect();
    let runtime_rows: Vec<Row> = runtime
        .iter()
        .map(|r| {
            let (plain, styles) = flag_left(None, Some(r.long), r.value_name);
            let help = match &r.default {
                Some(d) => format!("{} [default: {d}]", r.help),
                None => r.help.to_owned(),
            };
            Row {
                plain,
                styles,
                help,
            }
        })
        .collect();

    let owns_h = args
        .iter()
        .any(|a| a.short.as_ref().is_some_and(|(s, _)| *s == 'h'));
    let owns_help = args
        .iter()
        .any(|a| a.long.as_ref().is_some_and(|(l, _)| l == "help"));
    let has_long = cmd.doc.long != cmd.doc.short;
    let help_rows = |long: bool| -> Option<Row> {
        let short = (!owns_h).then_some('h');
        let longname = (!owns_help).then_some("help");
        if short.is_none() && longname.is_none() {
            return None;
        }
        let (plain, styles) = flag_left(short, longname, None);
        let help = match (has_long, long) {
            (false, _) => "Print help",
            (true, false) => "Print help (see more with '--help')",
            (true, true) => "Print help (see a summary with '-h')",
        };
        Some(Row {
            plain,
            styles,
            help: help.to_owned(),
        })
    };

    let body = |long: bool| -> (String, Vec<u32>) {
        let mut options: Vec<&Row> = option_rows.iter().collect();
        let help_row = help_rows(long);
        if let Some(row) = &help_row {
            options.push(row);
        }
        let width = positional_rows
            .iter()
            .chain(options.iter().copied())
            .chain(runtime_rows.iter())
            .map(|r| r.plain.chars().count())
            .max()
            .unwrap_or(0);
        let mut plain = String::new();
        let mut marks = Vec::new();
        let sections: [(&str, Vec<&Row>); 3] = [
            ("Arguments:", positional_rows.iter().collect()),
            ("Options:", options),
            ("Runtime Options:", runtime_rows.iter().collect()),
        ];
        for (heading, rows) in sections {
            if rows.is_empty() {
                continue;
            }
            if !plain.is_empty() {
                plain.push('\n');
            }
            marks.push(mark(plain.len(), HEADING));
            plain.push_str(heading);
            marks.push(mark(plain.len(), RESET));
            plain.push('\n');
            for row in rows {
                let pad = " ".repeat(width - row.plain.chars().count() + 2);
                let help = if row.help.is_empty() {
                    String::new()
                } else {
                    format!("{pad}{}", row.help)
                };
                plain.push_str("  ");
                let start = plain.len();
                marks.extend(row.styles.iter().map(|&(at, kind)| mark(start + at, kind)));
                plain.push_str(&row.plain);
                plain.push_str(&help);
                plain.push('\n');
            }
        }
        (plain, marks)
    };

    // Usage: `[OPTIONS]`, then required options, then positionals.
    let mut usage = Vec::new();
    let optional_options = args
        .iter()
        .any(|a| a.kind == Kind::Flag || (a.kind == Kind::Option && !a.required))
        || !runtime.is_empty();
    if optional_options {
        usage.push("[OPTIONS]".to_owned());
    }
    for a in args.iter().filter(|a| a.kind == Kind::Option && a.required) {
        usage.push(a.display());
    }
    for a in args.iter().filter(|a| a.kind == Kind::Positional) {
        usage.push(a.placeholder());
    }

    let about = |text: &str| {
        if text.is_empty() {
            String::new()
        } else {
            format!("{text}\n\n")
        }
    };
    Help {
        usage: usage.join(" "),
        short_about: about(&cmd.doc.short),
        long_about: about(&cmd.doc.long),
        short_body: body(false),
        long_body: body(true),
    }
}
