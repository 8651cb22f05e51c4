//! Round trips: a valid command line, generated from values over a test
//! app's arguments, parses back to exactly those values.
//!
//! The generator writes each value the ways a user may: `--name value`,
//! `--name=value`, `-n value`, `-nvalue`, `-n=value`, short flags clustered
//! (`-axv`, `-avwVALUE`), repeated options and counts, `--no-x` after
//! `--x`, globals before or after the command name, positionals among the
//! options, and `--` before positionals that start with `-`. Values round-trip
//! through `Display`/`FromStr` (numbers, a value enum by name or alias) or
//! are raw (`PathBuf`s with bytes that are not UTF-8), and may be empty or
//! start with `-` or `=`.
//!
//! Randomized: the seed is printed, and `FLASH_PROPTEST_SEED=<u64>` replays
//! it. `PROPTEST_CASES` sets the number of cases (default 256).

use std::cell::RefCell;
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

// ---------------------------------------------------------------- the app

/// A value enum: names, a renamed variant, an alias.
#[derive(flash::ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Color {
    /// Red
    Red,
    /// Green
    Green,
    /// Blue
    #[value(name = "deep-blue", alias = "navy")]
    Blue,
}

/// The app's globals.
#[derive(flash::Args)]
struct Global {
    /// A root, raw
    #[arg(long, default = ".")]
    root: PathBuf,
    /// Debug level
    #[arg(short = 'g', long, count)]
    debug: u8,
}

/// Every value the command got.
#[derive(Clone, Debug, PartialEq)]
struct Parsed {
    root: PathBuf,
    debug: u8,
    name: String,
    second: Option<i64>,
    rest: Vec<String>,
    num: Option<i32>,
    word: Option<String>,
    tag: Vec<String>,
    verbose: u8,
    all: bool,
    extra: bool,
    color: Color,
    ratio: f64,
    pin: bool,
    path: Option<PathBuf>,
}

thread_local! {
    // Sync commands run on the calling thread: the test's.
    static GOT: RefCell<Option<Parsed>> = const { RefCell::new(None) };
}

/// Record every value.
#[flash::cmd(run)]
#[allow(clippy::too_many_arguments)]
fn rt(
    ctx: &flash::Context,
    g: &Global,
    /// A required positional
    name: String,
    /// An optional positional
    second: Option<i64>,
    /// A variadic positional
    rest: Vec<String>,
    /// A number
    #[arg(short, long)]
    num: Option<i32>,
    /// A word
    #[arg(short, long)]
    word: Option<String>,
    /// Tags
    #[arg(short, long)]
    tag: Vec<String>,
    /// The command's own -v, a count
    #[arg(short, long, count)]
    verbose: u8,
    /// A flag
    #[arg(short, long)]
    all: bool,
    /// Another flag
    #[arg(short = 'x', long)]
    extra: bool,
    /// A colour
    #[arg(short, long, default = Color::Red)]
    color: Color,
    /// A float
    #[arg(long, default = 1.5)]
    ratio: f64,
    /// Pin, or not
    #[arg(long, negate)]
    pin: bool,
    /// A raw path
    #[arg(short, long)]
    path: Option<PathBuf>,
) -> flash::Result<()> {
    let parsed = Parsed {
        root: g.root.clone(),
        debug: g.debug,
        name,
        second,
        rest,
        num,
        word,
        tag,
        verbose,
        all,
        extra,
        color,
        ratio,
        pin,
        path,
    };
    GOT.with(|got| *got.borrow_mut() = Some(parsed));
    writeln!(ctx.stdout(), "ok")?;
    Ok(())
}

fn app() -> flash::App {
    flash::app! { name: "rt", globals: Global, commands: [rt] }
}

// ---------------------------------------------------------------- lines

/// One option on the command line, with its value as typed.
#[derive(Clone, Debug)]
enum Item {
    Root(OsString),
    Debug,
    Num(i32),
    Word(String),
    Tag(String),
    Verbose,
    All,
    Extra,
    /// The spelling: a name or an alias.
    Color(&'static str),
    Ratio(f64),
    Pin(bool),
    Path(OsString),
}

impl Item {
    fn is_global(&self) -> bool {
        matches!(self, Item::Root(_) | Item::Debug)
    }

    fn long(&self) -> String {
        let name = match self {
            Item::Root(_) => "root",
            Item::Debug => "debug",
            Item::Num(_) => "num",
            Item::Word(_) => "word",
            Item::Tag(_) => "tag",
            Item::Verbose => "verbose",
            Item::All => "all",
            Item::Extra => "extra",
            Item::Color(_) => "color",
            Item::Ratio(_) => "ratio",
            Item::Pin(true) => "pin",
            Item::Pin(false) => "no-pin",
            Item::Path(_) => "path",
        };
        format!("--{name}")
    }

    fn short(&self) -> Option<char> {
        Some(match self {
            Item::Debug => 'g',
            Item::Num(_) => 'n',
            Item::Word(_) => 'w',
            Item::Tag(_) => 't',
            Item::Verbose => 'v',
            Item::All => 'a',
            Item::Extra => 'x',
            Item::Color(_) => 'c',
            Item::Path(_) => 'p',
            Item::Root(_) | Item::Ratio(_) | Item::Pin(_) => return None,
        })
    }

    /// The value as typed, for options that take one.
    fn value(&self) -> Option<OsString> {
        Some(match self {
            Item::Root(v) | Item::Path(v) => v.clone(),
            Item::Num(n) => n.to_string().into(),
            Item::Word(w) | Item::Tag(w) => w.into(),
            Item::Color(c) => (*c).into(),
            Item::Ratio(r) => r.to_string().into(),
            Item::Debug | Item::Verbose | Item::All | Item::Extra | Item::Pin(_) => return None,
        })
    }
}

/// How an option is written.
#[derive(Clone, Copy, Debug)]
enum Form {
    /// `--name value` / `--flag`
    LongApart,
    /// `--name=value`
    LongEq,
    /// `-n value` / `-f`
    ShortApart,
    /// `-nvalue`
    ShortAttached,
    /// `-n=value`
    ShortEq,
}

/// What flash takes for a negative number rather than an option (`-5`,
/// `-1.5`): it may stand alone as a value or a positional.
fn negative_number(v: &[u8]) -> bool {
    v.len() > 1
        && v[0] == b'-'
        && v[1].is_ascii_digit()
        && v[1..]
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'_'))
}

/// Whether `v` can be an argument of its own without being read as an
/// option.
fn stands_alone(v: &[u8]) -> bool {
    v.len() < 2 || v[0] != b'-' || negative_number(v)
}

/// The form actually used: one that keeps `value` intact.
fn usable(item: &Item, form: Form) -> Form {
    let value = item.value();
    let bytes = value.as_ref().map(|v| v.as_encoded_bytes());
    let form = match (form, item.short()) {
        (Form::ShortApart | Form::ShortAttached | Form::ShortEq, None) => Form::LongEq,
        (form, _) => form,
    };
    match (form, bytes) {
        (_, None) => match form {
            Form::LongApart | Form::LongEq => Form::LongApart,
            _ => Form::ShortApart,
        },
        (Form::LongApart, Some(v)) if !stands_alone(v) => Form::LongEq,
        (Form::ShortApart, Some(v)) if !stands_alone(v) => Form::ShortEq,
        // `-n=x` would be read as the value `x`; `-n` alone takes the next.
        (Form::ShortAttached, Some(v)) if v.is_empty() || v[0] == b'=' => Form::ShortEq,
        (form, Some(_)) => form,
    }
}

/// The arguments of a run of options, clustering shorts where `cluster`
/// says so (a cluster's options but the last are flags).
fn render(items: &[(Item, Form, bool)]) -> Vec<Vec<OsString>> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (item, form, _) = &items[i];
        let form = usable(item, *form);
        let value = item.value();
        let mut group: Vec<OsString> = Vec::new();
        match form {
            Form::LongApart => {
                group.push(item.long().into());
                group.extend(value);
            }
            Form::LongEq => {
                let mut arg = OsString::from(format!("{}=", item.long()));
                arg.push(value.expect("LongEq takes a value"));
                group.push(arg);
            }
            Form::ShortApart | Form::ShortAttached | Form::ShortEq => {
                let mut head = format!("-{}", item.short().expect("a short form"));
                // Flags written short take the following short items
                // into their cluster while the generator says so.
                let mut last = (item, form, value);
                while last.2.is_none() && items[i].2 && i + 1 < items.len() {
                    let (next, next_form, _) = &items[i + 1];
                    let next_form = usable(next, *next_form);
                    let Some(c) = next.short() else { break };
                    if matches!(next_form, Form::LongApart | Form::LongEq) {
                        break;
                    }
                    head.push(c);
                    last = (next, next_form, next.value());
                    i += 1;
                }
                let mut arg = OsString::from(head);
                match (last.1, last.2) {
                    (_, None) => group.push(arg),
                    (Form::ShortAttached, Some(v)) => {
                        arg.push(v);
                        group.push(arg);
                    }
                    (Form::ShortEq, Some(v)) => {
                        arg.push("=");
                        arg.push(v);
                        group.push(arg);
                    }
                    (_, Some(v)) => {
                        group.push(arg);
                        group.push(v);
                    }
                }
            }
        }
        groups.push(group);
        i += 1;
    }
    groups
}

/// A generated command line and what it must parse to.
#[derive(Debug)]
struct Line {
    argv: Vec<OsString>,
    expected: Parsed,
}

/// What `items` and the positionals set, over the defaults.
fn expected(items: &[Item], name: &str, second: Option<i64>, rest: &[String]) -> Parsed {
    let mut p = Parsed {
        root: PathBuf::from("."),
        debug: 0,
        name: name.to_owned(),
        second,
        rest: rest.to_vec(),
        num: None,
        word: None,
        tag: Vec::new(),
        verbose: 0,
        all: false,
        extra: false,
        color: Color::Red,
        ratio: 1.5,
        pin: false,
        path: None,
    };
    for item in items {
        match item {
            Item::Root(v) => p.root = PathBuf::from(v),
            Item::Debug => p.debug += 1,
            Item::Num(n) => p.num = Some(*n),
            Item::Word(w) => p.word = Some(w.clone()),
            Item::Tag(t) => p.tag.push(t.clone()),
            Item::Verbose => p.verbose += 1,
            Item::All => p.all = true,
            Item::Extra => p.extra = true,
            Item::Color(c) => {
                p.color = match *c {
                    "red" => Color::Red,
                    "green" => Color::Green,
                    _ => Color::Blue,
                }
            }
            Item::Ratio(r) => p.ratio = *r,
            Item::Pin(on) => p.pin = *on,
            Item::Path(v) => p.path = Some(PathBuf::from(v)),
        }
    }
    p
}

// ---------------------------------------------------------------- strategies

/// Text values: plain words, ones starting with `-` or `=`, negative
/// numbers, empty, and any Unicode but NUL (which no argument holds).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9]{0,5}",
        "-[a-z=-]{0,5}",
        "=[a-z=]{0,3}",
        "-[0-9]{1,3}",
        "[-=a-z0-9 ]{0,6}",
        "[^\\x00]{0,8}",
    ]
}

/// Raw values: text, or bytes that are not UTF-8.
fn raw() -> impl Strategy<Value = OsString> {
    prop_oneof![
        text().prop_map(OsString::from),
        proptest::collection::vec(1u8..=255, 0..8).prop_map(OsString::from_vec),
    ]
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(Form::LongApart),
        Just(Form::LongEq),
        Just(Form::ShortApart),
        Just(Form::ShortAttached),
        Just(Form::ShortEq),
    ]
}

/// The options of one line: each single-valued one at most once, the
/// repeatable ones (`--tag`, counts, `--pin`/`--no-pin`) any number of
/// times, in a random order.
fn items() -> impl Strategy<Value = Vec<Item>> {
    let once = (
        proptest::option::of(raw().prop_map(Item::Root)),
        proptest::option::of(any::<i32>().prop_map(Item::Num)),
        proptest::option::of(text().prop_map(Item::Word)),
        proptest::option::of(Just(Item::All)),
        proptest::option::of(Just(Item::Extra)),
        proptest::option::of(
            prop_oneof![Just("red"), Just("green"), Just("deep-blue"), Just("navy")]
                .prop_map(Item::Color),
        ),
        proptest::option::of(
            any::<f64>()
                .prop_filter("finite", |r| r.is_finite())
                .prop_map(Item::Ratio),
        ),
        proptest::option::of(raw().prop_map(Item::Path)),
    );
    let many = (
        proptest::collection::vec(text().prop_map(Item::Tag), 0..4),
        0..4usize,
        0..5usize,
        proptest::collection::vec(any::<bool>().prop_map(Item::Pin), 0..3),
    );
    (once, many)
        .prop_map(|((a, b, c, d, e, f, g, h), (tags, debug, verbose, pins))| {
            let mut all: Vec<Item> = [a, b, c, d, e, f, g, h].into_iter().flatten().collect();
            all.extend(tags);
            all.extend(std::iter::repeat_n(Item::Debug, debug));
            all.extend(std::iter::repeat_n(Item::Verbose, verbose));
            all.extend(pins);
            all
        })
        .prop_shuffle()
}

/// A whole valid line.
fn line() -> impl Strategy<Value = Line> {
    let positionals = (
        text(),
        proptest::option::of(any::<i64>()),
        proptest::collection::vec(text(), 0..4),
    );
    (
        items(),
        positionals,
        proptest::collection::vec((form(), any::<bool>(), any::<bool>()), 40),
        proptest::collection::vec(any::<bool>(), 16),
        0..8usize,
        any::<bool>(),
    )
        .prop_map(|(items, (name, second, rest), how, mix, split, dashes)| {
            // `rest` only follows a `second`.
            let rest = if second.is_some() { rest } else { Vec::new() };
            let expected = expected(&items, &name, second, &rest);
            // Globals marked so go before the command name.
            let (before, after): (Vec<_>, Vec<_>) = items
                .into_iter()
                .zip(how)
                .map(|(item, (form, cluster, early))| (item, form, cluster, early))
                .partition(|(item, _, _, early)| item.is_global() && *early);
            let strip = |v: Vec<(Item, Form, bool, bool)>| -> Vec<(Item, Form, bool)> {
                v.into_iter().map(|(i, f, c, _)| (i, f, c)).collect()
            };
            let mut argv: Vec<OsString> = vec!["rt".into()];
            argv.extend(render(&strip(before)).into_iter().flatten());
            argv.push("rt".into());
            // Positionals: those before the split among the options (only
            // if each stands alone), the rest after `--`.
            let mut pos: Vec<OsString> = vec![name.into()];
            pos.extend(second.map(|s| s.to_string().into()));
            pos.extend(rest.into_iter().map(OsString::from));
            let alone = pos
                .iter()
                .position(|p| !stands_alone(p.as_encoded_bytes()))
                .unwrap_or(pos.len());
            let split = split.min(alone).min(pos.len());
            let tail = pos.split_off(split);
            let mut groups = render(&strip(after)).into_iter();
            let mut early = pos.into_iter();
            for &take_positional in mix.iter().cycle().take(64) {
                let next = if take_positional {
                    early.next().map(|p| vec![p]).or_else(|| groups.next())
                } else {
                    groups.next().or_else(|| early.next().map(|p| vec![p]))
                };
                match next {
                    Some(args) => argv.extend(args),
                    None => break,
                }
            }
            argv.extend(groups.flatten());
            argv.extend(early);
            if dashes || !tail.is_empty() {
                argv.push("--".into());
            }
            argv.extend(tail);
            Line { argv, expected }
        })
}

// ---------------------------------------------------------------- the test

/// The seed: `FLASH_PROPTEST_SEED`, or the clock's nanoseconds.
fn seed() -> u64 {
    match std::env::var("FLASH_PROPTEST_SEED") {
        Ok(text) => text
            .trim()
            .parse()
            .expect("FLASH_PROPTEST_SEED is a decimal u64"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    }
}

fn runner(seed: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&seed.wrapping_add(i as u64).to_le_bytes());
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    // The seed replays a failure; no regression files beside the test.
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, rng)
}

fn parses_back(line: Line) -> Result<(), TestCaseError> {
    GOT.with(|got| got.borrow_mut().take());
    let out = app().try_run_from(line.argv.clone());
    prop_assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "ok\n", ""),
        "argv {:?}",
        line.argv
    );
    let got = GOT.with(|got| got.borrow_mut().take());
    prop_assert_eq!(got.as_ref(), Some(&line.expected), "argv {:?}", line.argv);
    Ok(())
}

#[test]
fn generated_command_lines_parse_back_to_their_values() {
    let seed = seed();
    eprintln!("parse_roundtrip: FLASH_PROPTEST_SEED={seed}");
    let result = runner(seed).run(&line(), parses_back);
    if let Err(e) = result {
        panic!("{e}\nreplay with FLASH_PROPTEST_SEED={seed}");
    }
}

/// The generator itself: the forms it must produce do come out.
#[test]
fn the_generator_writes_every_form() {
    let mut runner = runner(seed());
    let mut seen = [false; 6];
    for _ in 0..400 {
        let line = line().new_tree(&mut runner).expect("a line").current();
        for arg in &line.argv[1..] {
            let a = arg.as_encoded_bytes();
            seen[0] |= a.starts_with(b"--") && a.contains(&b'=');
            seen[1] |= a == b"--";
            seen[2] |= a.len() > 2
                && a[0] == b'-'
                && a[1] != b'-'
                && a[1..].iter().all(|b| b"gvax".contains(b));
            seen[3] |= a.len() > 1 && a[0] == b'-' && a[1].is_ascii_digit();
            seen[4] |= std::str::from_utf8(a).is_err();
            seen[5] |= a == b"--no-pin";
        }
    }
    assert_eq!(
        seen, [true; 6],
        "--name=value, --, -abc, negative numbers, non-UTF-8, --no-x"
    );
}

/// Hand-picked lines the generator covers, readable when they fail.
#[test]
fn examples_parse_back() {
    let run = |args: &[&str]| {
        GOT.with(|got| got.borrow_mut().take());
        let out = app().try_run_from(std::iter::once("rt").chain(args.iter().copied()));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        GOT.with(|got| got.borrow_mut().take())
            .expect("the handler ran")
    };
    let p = run(&["-gg", "rt", "-axvvw-w", "n", "-5", "--", "-r", "--"]);
    assert_eq!((p.debug, p.all, p.extra, p.verbose), (2, true, true, 2));
    assert_eq!(p.word.as_deref(), Some("-w"));
    assert_eq!(
        (p.name.as_str(), p.second, p.rest.clone()),
        ("n", Some(-5), vec!["-r".to_owned(), "--".to_owned()])
    );
    let p = run(&[
        "rt", "x", "--pin", "--no-pin", "-c", "navy", "-t=", "-t", "", "--ratio", "-0.25",
    ]);
    assert_eq!((p.pin, p.color, p.ratio), (false, Color::Blue, -0.25));
    assert_eq!(p.tag, ["", ""]);
}
