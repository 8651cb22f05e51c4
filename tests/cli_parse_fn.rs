//! `#[arg(parse = f)]` on a type that is not `FromStr`, in every position
//! an argument can take: positionals (one, optional, variadic), options
//! (required, optional, repeated, defaulted, with an optional value),
//! fields of an `Args` group and of the globals. The parser's error is the
//! user's own text, in clap's words.

use std::io::Write;

use flash::{Context, Result};

/// A value with no `FromStr`: only `parse_id` makes one.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Id(u32);

fn parse_id(text: &str) -> std::result::Result<Id, String> {
    text.strip_prefix('#')
        .and_then(|n| n.parse().ok())
        .map(Id)
        .ok_or_else(|| format!("`{text}` is not an id like #12"))
}

impl From<u32> for Id {
    fn from(n: u32) -> Self {
        Id(n)
    }
}

/// Options of a group, parsed by the same function.
#[derive(flash::Args)]
struct Filter {
    /// Only this owner
    #[arg(long, parse = parse_id)]
    owner: Option<Id>,
    /// Not these
    #[arg(long, parse = parse_id)]
    skip: Vec<Id>,
}

/// The globals, one parsed by the function.
#[derive(flash::Args)]
struct Global {
    /// Acting as
    #[arg(long, parse = parse_id, default = 0u32)]
    user: Id,
}

/// Every positional shape.
#[flash::cmd(run)]
fn positionals(
    ctx: &Context,
    g: &Global,
    /// The first
    #[arg(parse = parse_id)]
    first: Id,
    /// Maybe a second
    #[arg(parse = parse_id)]
    second: Option<Id>,
    /// The rest
    #[arg(parse = parse_id)]
    rest: Vec<Id>,
) -> Result<()> {
    writeln!(ctx.stdout(), "{:?} {first:?} {second:?} {rest:?}", g.user)?;
    Ok(())
}

/// Every option shape.
#[flash::cmd(run)]
#[allow(clippy::too_many_arguments)]
fn options(
    ctx: &Context,
    /// Required
    #[arg(long, parse = parse_id)]
    must: Id,
    /// Optional
    #[arg(long, parse = parse_id)]
    maybe: Option<Id>,
    /// Repeated
    #[arg(long, parse = parse_id)]
    many: Vec<Id>,
    /// Defaulted
    #[arg(long, parse = parse_id, default = 7u32)]
    fallback: Id,
    /// An optional value
    #[arg(long, parse = parse_id)]
    bare: Option<Option<Id>>,
    /// A value when given bare
    #[arg(long, parse = parse_id, default_missing = 9u32)]
    missing: Option<Id>,
    filter: Filter,
) -> Result<()> {
    writeln!(
        ctx.stdout(),
        "{must:?} {maybe:?} {many:?} {fallback:?} {bare:?} {missing:?} {:?} {:?}",
        filter.owner,
        filter.skip
    )?;
    Ok(())
}

fn app() -> flash::App {
    flash::app! { name: "ids", globals: Global, commands: [positionals, options] }
}

fn ok(args: &[&str]) -> String {
    let out = app().try_run_from(std::iter::once("ids").chain(args.iter().copied()));
    assert_eq!(out.code, 0, "{args:?}: {out:?}");
    out.stdout
}

#[test]
fn positionals_of_any_type_parse_through_the_function() {
    assert_eq!(ok(&["positionals", "#1"]), "Id(0) Id(1) None []\n");
    assert_eq!(
        ok(&["--user", "#5", "positionals", "#1", "#2", "#3", "#4"]),
        "Id(5) Id(1) Some(Id(2)) [Id(3), Id(4)]\n"
    );
}

#[test]
fn options_of_any_type_parse_through_the_function() {
    assert_eq!(
        ok(&["options", "--must", "#1"]),
        "Id(1) None [] Id(7) None None None []\n"
    );
    assert_eq!(
        ok(&[
            "options",
            "--must=#1",
            "--maybe",
            "#2",
            "--many",
            "#3",
            "--many=#4",
            "--fallback",
            "#5",
            "--bare",
            "--missing",
            "--owner",
            "#6",
            "--skip",
            "#7",
        ]),
        "Id(1) Some(Id(2)) [Id(3), Id(4)] Id(5) Some(None) Some(Id(9)) Some(Id(6)) [Id(7)]\n"
    );
    assert_eq!(
        ok(&["options", "--must", "#1", "--bare=#8", "--missing=#10"]),
        "Id(1) None [] Id(7) Some(Some(Id(8))) Some(Id(10)) None []\n"
    );
}

#[test]
fn the_functions_error_is_clap_s_invalid_value() {
    for (args, arg, value) in [
        (&["positionals", "12"][..], "<FIRST>", "12"),
        (&["positionals", "#1", "#2", "x"][..], "[REST]...", "x"),
        (&["options", "--must", "1"][..], "--must <MUST>", "1"),
        (
            &["options", "--must", "#1", "--bare=2"][..],
            "--bare[=<BARE>]",
            "2",
        ),
        (
            &["options", "--must", "#1", "--skip", "z"][..],
            "--skip <SKIP>",
            "z",
        ),
        (
            &["--user", "u", "positionals", "#1"][..],
            "--user <USER>",
            "u",
        ),
    ] {
        let out = app().try_run_from(std::iter::once("ids").chain(args.iter().copied()));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert_eq!(
            out.stderr,
            format!(
                "error: invalid value '{value}' for '{arg}': `{value}` is not an id like #12\n\n\
                 For more information, try '--help'.\n"
            ),
            "{args:?}"
        );
    }
}
