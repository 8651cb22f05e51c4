//! Runs the built `notes` example as a user would, in a scratch directory:
//! argv and environment in; stdout, stderr, the exit code and the files
//! left behind out. One test per promise of API.md's "Shared options and
//! state", "Value enums" and "More `#[arg(...)]` keys" (issue 8), including
//! its message fixes and clap's parsing rules.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{example, run_command, section, Run};

/// A scratch working directory; `notes` keeps its notes in `./.notes`.
struct Scratch {
    tmp: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            tmp: tempfile::tempdir().expect("a temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// The default notes directory.
    fn notes(&self) -> PathBuf {
        self.path().join(".notes")
    }

    /// `notes` in this directory, with none of the variables it reads set
    /// and this directory as `HOME` (so no config file of the user's).
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = example("notes");
        cmd.current_dir(self.path()).args(args);
        for var in ["NOTES_DIR", "VISUAL", "EDITOR", "XDG_CONFIG_HOME"] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.path());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        run_command(self.command(args))
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        cmd.envs(env.iter().copied());
        run_command(cmd)
    }

    /// Runs `args`, which must succeed without a word on stderr.
    #[track_caller]
    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        run.code(0).no_stderr();
        run
    }

    /// `notes new TITLE --body BODY --date 2024-05-DAY EXTRA...`: its id.
    #[track_caller]
    fn add(&self, title: &str, day: u8, extra: &[&str]) -> String {
        let date = format!("2024-05-{day:02}");
        let mut args = vec!["new", title, "--body", "text", "--date", &date];
        args.extend_from_slice(extra);
        self.ok(&args).stdout.trim_end().to_owned()
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("the directory exists")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// The lines of the notes directory's history (the after hook's).
    fn history(&self) -> Vec<String> {
        std::fs::read_to_string(self.notes().join(".history"))
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// A stderr line count, for "exactly once".
fn count_lines(text: &str, line: &str) -> usize {
    text.lines().filter(|l| *l == line).count()
}

/// The flags or names of a help section's rows (not their continuation
/// lines).
fn row_heads(help: &str, heading: &str) -> Vec<String> {
    section(help, heading)
        .iter()
        .map(|row| row.trim_start())
        .filter(|row| row.starts_with(['-', '<', '[']))
        .map(|row| row.split("  ").next().unwrap_or_default().to_owned())
        .collect()
}

// ---------------------------------------------------------------- the tool

#[test]
fn notes_are_written_listed_shown_tagged_and_removed() {
    let s = Scratch::new();
    assert_eq!(
        s.add("Buy milk", 1, &["-t", "home", "--tag", "errands"]),
        "#1"
    );
    assert_eq!(s.add("Call Bob", 3, &["--pin"]), "#2");
    assert_eq!(s.add("Read", 2, &[]), "#3");
    assert_eq!(
        Scratch::names(&s.notes()),
        [".history", "1.md", "2.md", "3.md"]
    );
    s.ok(&["list"]).stdout_is(
        "ID   DATE        TITLE\n\
         #2   2024-05-03  Call Bob (pinned)\n\
         #3   2024-05-02  Read\n\
         #1   2024-05-01  Buy milk #home #errands\n",
    );
    s.ok(&["show", "1"])
        .stdout_is("#1   2024-05-01  Buy milk #home #errands\n     text\n");
    s.ok(&["tag", "add", "1", "urgent", "home"])
        .stdout_is("#1: home, errands, urgent\n");
    s.ok(&["tag", "remove", "1", "errands"])
        .stdout_is("#1: home, urgent\n");
    s.ok(&["remove", "3"]).stdout_is("removed #3\n");
    let out = s.run(&["remove", "2"]);
    out.code(1)
        .no_stdout()
        .stderr_is("error: note #2 is pinned; add --force to delete it\n");
    s.ok(&["remove", "2", "--force"]).stdout_is("removed #2\n");
    s.ok(&["list", "--no-header"])
        .stdout_is("#1   2024-05-01  Buy milk #home #urgent\n");
}

#[test]
fn aliases_reach_their_commands() {
    let s = Scratch::new();
    s.ok(&["add", "Via alias", "--body", "b", "--date", "2024-05-01"])
        .stdout_is("#1\n");
    let listed = s.ok(&["ls"]).stdout.clone();
    assert_eq!(listed, s.ok(&["list"]).stdout);
    assert_eq!(s.ok(&["cat", "1"]).stdout, s.ok(&["show", "1"]).stdout);
    s.ok(&["tag", "add", "1", "a", "b"]);
    s.ok(&["tag", "rm", "1", "a"]).stdout_is("#1: b\n");
    s.ok(&["rm", "1"]).stdout_is("removed #1\n");
    let help = s.ok(&["--help"]).stdout.clone();
    for row in ["[alias: add]", "[alias: ls]", "[alias: cat]", "[alias: rm]"] {
        assert!(help.contains(row), "{row} missing:\n{help}");
    }
}

#[test]
fn handler_errors_carry_their_cause_chain() {
    let s = Scratch::new();
    s.run(&["new", "T", "--file", "missing.txt"])
        .code(1)
        .no_stdout()
        .stderr_is(
            "error: cannot read the text of the note\n  \
             caused by: `missing.txt`: No such file or directory (os error 2)\n",
        );
    s.run(&["show", "9"])
        .code(1)
        .no_stdout()
        .stderr_is("error: there is no note #9\n");
}

#[test]
fn the_body_can_come_from_a_file() {
    let s = Scratch::new();
    std::fs::write(s.path().join("body.txt"), "line one\nline two\n").expect("write");
    s.ok(&["new", "From file", "-f", "body.txt", "--date", "2024-05-01"]);
    s.ok(&["show", "1"])
        .stdout_is("#1   2024-05-01  From file\n     line one\n     line two\n");
}

// ---------------------------------------------------------------- globals

#[test]
fn dir_is_accepted_before_and_after_the_command_name() {
    let s = Scratch::new();
    s.ok(&["--dir", "a", "new", "In a", "--body", "x"])
        .stdout_is("#1\n");
    s.ok(&["new", "In b", "--body", "x", "--dir", "b"])
        .stdout_is("#1\n");
    s.ok(&["new", "In b too", "--dir=b", "--body", "x"])
        .stdout_is("#2\n");
    assert!(s.path().join("a/1.md").is_file());
    assert!(s.path().join("b/2.md").is_file());
    assert!(!s.notes().exists(), "the default directory was not used");
    // In a group: before the group, between group and command, after it.
    for argv in [
        &["--dir", "b", "tag", "add", "1", "x"][..],
        &["tag", "--dir", "b", "add", "1", "x"],
        &["tag", "add", "1", "x", "--dir", "b"],
    ] {
        s.ok(argv).stdout_is("#1: x\n");
    }
    s.ok(&["where", "--dir", "elsewhere"])
        .stdout_is("elsewhere\n");
    s.ok(&["--dir", "elsewhere", "where"])
        .stdout_is("elsewhere\n");
}

#[test]
fn notes_dir_is_read_and_dir_overrides_it() {
    let s = Scratch::new();
    s.run_env(&["where"], &[("NOTES_DIR", "from-env")])
        .code(0)
        .stdout_is("from-env\n");
    s.run_env(&["where", "--dir", "typed"], &[("NOTES_DIR", "from-env")])
        .code(0)
        .stdout_is("typed\n");
    s.run_env(&["new", "T", "--body", "x"], &[("NOTES_DIR", "from-env")])
        .code(0);
    assert!(s.path().join("from-env/1.md").is_file());
    s.ok(&["where"]).stdout_is(".notes\n");
}

#[test]
fn notes_dir_set_but_empty_counts_as_unset() {
    let s = Scratch::new();
    s.run_env(&["where"], &[("NOTES_DIR", "")])
        .code(0)
        .no_stderr()
        .stdout_is(".notes\n");
    s.run_env(&["new", "T", "--body", "x"], &[("NOTES_DIR", "")])
        .code(0)
        .no_stderr();
    assert!(s.notes().join("1.md").is_file());
}

#[test]
fn global_options_are_listed_in_every_help() {
    let s = Scratch::new();
    // Short help (long help writes each item's text under it).
    for argv in [
        &["--help"][..],
        &["tag", "--help"],
        &["tag", "add", "-h"],
        &["list", "-h"],
        &["export", "-h"],
        &["new", "-h"],
    ] {
        let help = s.ok(argv).stdout.clone();
        let rows = section(&help, "Global Options:");
        assert_eq!(
            rows,
            [
                "      --dir <DIR>      Where the notes live [env: NOTES_DIR] [default: .notes]",
                "  -v, --verbose...     More output (-v: what runs, -vv: what is opened)",
                "      --config <FILE>  Read options from this TOML file: its top-level keys set global options, a",
                "                       [command] table sets a command's options, by long name [default:",
                "                       $XDG_CONFIG_HOME/notes/config.toml]",
                "  -q, --quiet          Less output (errors only)",
            ],
            "notes {argv:?}:\n{help}"
        );
        // The app's own `-v` replaces the built-in one: listed once.
        assert_eq!(help.matches("--verbose").count(), 1, "{help}");
        for heading in ["Options:", "Arguments:", "Runtime Options:"] {
            if help.lines().any(|l| l == heading) {
                assert!(
                    !section(&help, heading).iter().any(|r| r.contains("--dir")),
                    "--dir is only under Global Options:\n{help}"
                );
            }
        }
    }
}

#[test]
fn verbose_counts_occurrences_anywhere() {
    let s = Scratch::new();
    for (argv, n) in [
        (&["debug"][..], 0),
        (&["-v", "debug"], 1),
        (&["debug", "-v"], 1),
        (&["-vvv", "debug"], 3),
        (&["debug", "-v", "-v"], 2),
        (&["-v", "debug", "--verbose"], 2),
        (&["--verbose", "--verbose", "debug", "-vv"], 4),
    ] {
        let out = s.run(argv);
        out.code(0);
        assert_eq!(
            out.stdout,
            format!("dir: .notes\nverbose: {n}\nnotes: 0\n"),
            "notes {argv:?}"
        );
    }
}

// ---------------------------------------------------------------- state

#[test]
fn the_store_is_opened_once_and_only_for_commands_that_take_it() {
    let s = Scratch::new();
    // `where` takes only the globals: the store is never opened, so the
    // directory is not even created.
    let out = s.run(&["-vv", "where"]);
    out.code(0).stdout_is(".notes\n");
    assert!(!out.stderr.contains("opened"), "{out:#?}");
    assert!(!s.notes().exists(), "`where` opened the store");

    let out = s.run(&["-vv", "new", "T", "--body", "x"]);
    out.code(0);
    assert_eq!(
        count_lines(&out.stderr, "notes: opened .notes"),
        1,
        "{out:#?}"
    );
    assert!(!out.stderr.contains("indexed"), "{out:#?}");

    // `export` takes the store and the index, whose provider takes the
    // store too: each is built once.
    let out = s.run(&["-vv", "export"]);
    out.code(0);
    assert_eq!(
        out.stderr,
        "notes: export in .notes\nnotes: opened .notes\nnotes: indexed 1 notes\nnotes: export finished\n"
    );
}

#[test]
fn the_async_index_reads_every_note_for_export() {
    let s = Scratch::new();
    s.add("First", 1, &["-t", "a"]);
    s.add("Second, with \"quotes\"", 2, &[]);
    s.ok(&["export", "--format", "json"]).stdout_is(
        "{\"id\":2,\"title\":\"Second, with \\\"quotes\\\"\",\"date\":\"2024-05-02\",\"tags\":[],\"pinned\":false,\"body\":\"text\"}\n\
         {\"id\":1,\"title\":\"First\",\"date\":\"2024-05-01\",\"tags\":[\"a\"],\"pinned\":false,\"body\":\"text\"}\n",
    );
    s.ok(&["export", "-f", "csv", "--tag", "a"])
        .stdout_is("id,date,title,tags,pinned,body\n1,2024-05-01,First,a,false,text\n");
}

// ---------------------------------------------------------------- hooks

#[test]
fn hooks_run_around_commands_and_name_them() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    let out = s.run(&["-v", "tag", "add", "1", "x"]);
    out.code(0)
        .stdout_is("#1: x\n")
        .stderr_is("notes: tag add in .notes\nnotes: tag add finished\n");
    // By its primary name, whatever alias was typed.
    s.run(&["tag", "rm", "1", "x", "-v"])
        .code(0)
        .stderr_is("notes: tag remove in .notes\nnotes: tag remove finished\n");
    assert_eq!(s.history(), ["new", "tag add", "tag remove"]);
}

#[test]
fn hooks_do_not_run_around_help_or_version() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    let before = s.history();
    for argv in [
        &["-v", "list", "--help"][..],
        &["-v", "list", "-h"],
        &["-v", "help", "list"],
        &["-v", "--help"],
        &["-v", "tag", "--help"],
        &["-v", "--version"],
        &["-V"],
    ] {
        let out = s.run(argv);
        out.code(0).no_stderr();
        assert!(!out.stdout.contains("notes: "), "notes {argv:?}: {out:#?}");
    }
    assert_eq!(s.history(), before, "no command ran");
    s.ok(&["--version"])
        .stdout_is(&format!("notes {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_after_hook_runs_when_the_command_fails() {
    let s = Scratch::new();
    std::fs::create_dir(s.notes()).expect("mkdir");
    let out = s.run(&["-v", "show", "9"]);
    out.code(1).no_stdout();
    let lines: Vec<&str> = out.stderr.lines().collect();
    for line in [
        "notes: show in .notes",
        "error: there is no note #9",
        "notes: show finished",
    ] {
        assert!(lines.contains(&line), "{line:?} missing: {out:#?}");
    }
    assert_eq!(s.history(), ["show"]);
}

#[test]
fn a_failing_before_hook_stops_the_command() {
    let s = Scratch::new();
    std::fs::create_dir(s.notes()).expect("mkdir");
    std::fs::write(s.notes().join(".lock"), "").expect("lock");
    s.run(&["-v", "new", "T", "--body", "x"])
        .code(1)
        .no_stdout()
        .stderr_is(
            "error: the notes in `.notes` are locked\n  \
             caused by: `.notes/.lock` exists; remove it if no other notes runs\n",
        );
    assert_eq!(
        Scratch::names(&s.notes()),
        [".lock"],
        "the command did not run"
    );
}

// ---------------------------------------------------------------- value enum

#[test]
fn format_values_aliases_and_default() {
    let s = Scratch::new();
    s.add("T", 1, &["-t", "a"]);
    let plain = "ID   DATE        TITLE\n#1   2024-05-01  T #a\n";
    s.ok(&["list"]).stdout_is(plain);
    s.ok(&["list", "--format", "plain"]).stdout_is(plain);
    let csv = "id,date,title,tags,pinned\n1,2024-05-01,T,a,false\n";
    s.ok(&["list", "-f", "csv"]).stdout_is(csv);
    s.ok(&["list", "--format=comma"]).stdout_is(csv);
    s.ok(&["list", "-fjson"]).stdout_is(
        "{\"id\":1,\"title\":\"T\",\"date\":\"2024-05-01\",\"tags\":[\"a\"],\"pinned\":false}\n",
    );
}

#[test]
fn format_in_help_shows_default_and_values_with_their_help() {
    let s = Scratch::new();
    let short = s.ok(&["list", "-h"]).stdout.clone();
    let row = section(&short, "Options:")
        .into_iter()
        .find(|r| r.contains("--format"))
        .expect("a --format row");
    assert_eq!(
        row,
        "  -f, --format <FORMAT>  Output format [default: plain] [possible values: plain, json, csv]"
    );
    let long = s.ok(&["list", "--help"]).stdout.clone();
    assert!(long.contains("[default: plain]"), "{long}");
    let lines: Vec<&str> = long.lines().map(str::trim).collect();
    for line in [
        "- plain: One line per note",
        "- json:  JSON lines, one object per note",
        "- csv:   Comma-separated values",
    ] {
        assert!(lines.contains(&line), "{line:?} missing:\n{long}");
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("- comma") || l.contains("[aliases: comma")),
        "an alias is not shown:\n{long}"
    );
    assert!(!long.contains("Format::Plain"), "{long}");
}

#[test]
fn a_near_miss_format_gets_a_did_you_mean() {
    let s = Scratch::new();
    for typed in ["JSON", "jsn"] {
        let out = s.run(&["list", "--format", typed]);
        out.value_error();
        assert!(
            out.stderr.starts_with(&format!(
                "error: invalid value '{typed}' for '--format <FORMAT>'\n  [possible values: plain, json, csv]\n\n  tip: a similar value exists: 'json'\n"
            )),
            "{out:#?}"
        );
    }
    let out = s.run(&["list", "-f", "xml"]);
    out.value_error();
    assert!(
        !out.stderr.contains("tip:"),
        "nothing is near `xml`: {out:#?}"
    );
}

// ---------------------------------------------------------------- #[arg] keys

#[test]
fn count_flag_in_help_is_marked_repeatable() {
    let s = Scratch::new();
    let help = s.ok(&["--help"]).stdout.clone();
    assert!(
        row_heads(&help, "Global Options:").contains(&"-v, --verbose...".to_owned()),
        "{help}"
    );
}

#[test]
fn a_plain_bool_given_twice_is_a_usage_error() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    for argv in [
        &["remove", "1", "--force", "--force"][..],
        &["remove", "-ff", "1"],
        &["remove", "-f", "1", "-f"],
    ] {
        let out = s.run(argv);
        out.usage_error("notes remove [OPTIONS] <IDS>...");
        assert!(
            out.stderr
                .starts_with("error: the argument '--force' cannot be used multiple times\n"),
            "notes {argv:?}: {out:#?}"
        );
    }
    let out = s.run(&["list", "--ids-only", "--ids-only"]);
    out.usage_error("notes list [OPTIONS]")
        .stderr_has("'--ids-only' cannot be used multiple times");
    assert!(s.notes().join("1.md").exists(), "nothing was removed");
}

#[test]
fn negate_adds_no_x_and_the_last_wins() {
    let s = Scratch::new();
    s.add("Pinned", 1, &["--pin"]);
    s.add("Unpinned", 2, &["--pin", "--no-pin"]);
    s.add("Pinned again", 3, &["--no-pin", "--pin"]);
    s.add("Never", 4, &["--no-pin"]);
    s.ok(&["list", "--ids-only"]).stdout_is("#3\n#1\n#4\n#2\n");
    let help = s.ok(&["new", "-h"]).stdout.clone();
    assert!(
        row_heads(&help, "Options:").contains(&"--[no-]pin".to_owned()),
        "{help}"
    );
}

#[test]
fn a_bool_defaulting_to_true_gets_no_x_and_the_last_wins() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    let with = "ID   DATE        TITLE\n#1   2024-05-01  T\n";
    let without = "#1   2024-05-01  T\n";
    s.ok(&["list"]).stdout_is(with);
    s.ok(&["list", "--no-header"]).stdout_is(without);
    s.ok(&["list", "--no-header", "--header"]).stdout_is(with);
    s.ok(&["list", "--header", "--no-header"])
        .stdout_is(without);
    let help = s.ok(&["list", "-h"]).stdout.clone();
    assert!(
        row_heads(&help, "Options:").contains(&"--[no-]header".to_owned()),
        "{help}"
    );
}

#[test]
fn conflicts_with_names_both_arguments() {
    let s = Scratch::new();
    // As clap: the one given first is named first, and the usage line
    // shows what was given but the other.
    let out = s.run(&["list", "--ids-only", "--format", "json"]);
    out.usage_error("notes list --ids-only");
    assert!(
        out.stderr.starts_with(
            "error: the argument '--ids-only' cannot be used with '--format <FORMAT>'\n"
        ),
        "{out:#?}"
    );
    let out = s.run(&["list", "-f", "json", "--ids-only"]);
    out.usage_error("notes list --format <FORMAT>");
    assert!(
        out.stderr.starts_with(
            "error: the argument '--format <FORMAT>' cannot be used with '--ids-only'\n"
        ),
        "{out:#?}"
    );
    // The default of `--format` is not a use of it.
    s.ok(&["list", "--ids-only"]);
}

#[test]
fn requires_names_both_arguments() {
    let s = Scratch::new();
    let out = s.run(&["export", "--force"]);
    out.code(2).no_stdout();
    out.stderr_has("--out <FILE>").stderr_has("--force");
}

#[test]
fn requires_is_checked() {
    let s = Scratch::new();
    let out = s.run(&["export", "--force"]);
    out.code(2).no_stdout();
    assert!(
        out.stderr.starts_with(
            "error: the following required arguments were not provided:\n  --out <FILE> (required by '--force')\n"
        ),
        "{out:#?}"
    );
    s.run(&["export", "--force", "--out", "all.txt"]).code(0);
}

/// clap names first the argument given first, whichever declares the
/// conflict.
#[test]
fn a_conflict_names_first_the_argument_given_first() {
    let s = Scratch::new();
    let out = s.run(&["list", "--format", "json", "--ids-only"]);
    out.usage_error("notes list --format <FORMAT>");
    assert!(
        out.stderr.starts_with(
            "error: the argument '--format <FORMAT>' cannot be used with '--ids-only'\n"
        ),
        "{out:#?}"
    );
}

impl Scratch {
    /// Writes the default config file (`$HOME/.config/notes/config.toml`).
    fn config(&self, text: &str) -> PathBuf {
        let dir = self.path().join(".config/notes");
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("config.toml");
        std::fs::write(&path, text).expect("write the config file");
        path
    }
}

/// A value from the config file never makes a valid command line fail: one
/// that conflicts with the command line, or that requires what nobody
/// gave, is set aside as if the file did not hold it.
#[test]
fn config_values_that_the_command_line_rules_out_are_set_aside() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    s.config("[list]\nformat = \"json\"\n[new]\nbody = \"from config\"\n[export]\nforce = true\n");
    // [list] format conflicts with --ids-only.
    s.ok(&["list", "--ids-only"]).stdout_is("#1\n");
    // ...and holds without it.
    s.ok(&["list"]).stdout_has("{\"id\":1,");
    // [new] body and --file are one_of: the command line's wins.
    std::fs::write(s.path().join("text.txt"), "from the file").expect("write");
    s.ok(&["new", "U", "--file", "text.txt"]);
    s.ok(&["show", "2"]).stdout_has("from the file");
    // ...and body alone is the one.
    s.ok(&["new", "V"]);
    s.ok(&["show", "3"]).stdout_has("from config");
    // [export] force requires --out: without it, set aside.
    s.ok(&["export"]).stdout_has("T");
    // With --out, force holds: an existing file is replaced.
    std::fs::write(s.path().join("out.txt"), "old").expect("write");
    s.run(&["export", "--out", "out.txt"]).code(0);
    assert!(std::fs::read_to_string(s.path().join("out.txt"))
        .expect("read")
        .contains("T"));
}

/// Two values of the config file in conflict are the file's error, which
/// names it and where each value is.
#[test]
fn config_values_in_conflict_with_each_other_name_the_file() {
    let s = Scratch::new();
    let path = s.config("[list]\nformat = \"json\"\nids-only = true\n");
    let out = s.run(&["list"]);
    out.usage_error("notes list [OPTIONS]");
    out.stderr_has(&format!(
        "error: the argument '--format <FORMAT>' cannot be used with '--ids-only', both set by config file '{p}' ({p}:2:1, key 'format' in [list]; {p}:3:1, key 'ids-only' in [list])",
        p = path.display()
    ));
    // The command line settles it: its own value wins, the other is set
    // aside.
    s.ok(&["list", "--format", "plain"]);
    s.ok(&["list", "--ids-only"]);
}

#[test]
fn one_of_needs_exactly_one_and_names_both() {
    let s = Scratch::new();
    let out = s.run(&["new", "T"]);
    out.usage_error("notes new <--body <BODY>|--file <PATH>> <TITLE>");
    assert!(
        out.stderr.starts_with(
            "error: the following required arguments were not provided:\n  <--body <BODY>|--file <PATH>>\n"
        ),
        "{out:#?}"
    );
    std::fs::write(s.path().join("b.txt"), "x").expect("write");
    let out = s.run(&["new", "T", "--body", "a", "--file", "b.txt"]);
    out.usage_error("notes new <--body <BODY>|--file <PATH>> <TITLE>");
    let first = out.stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains("cannot be used with")
            && first.contains("'--body <BODY>'")
            && first.contains("'--file <PATH>'"),
        "{out:#?}"
    );
    assert!(!s.notes().exists(), "no note was written");
}

#[test]
fn hidden_command_runs_but_is_not_listed() {
    let s = Scratch::new();
    let help = s.ok(&["--help"]).stdout.clone();
    let names: Vec<String> = section(&help, "Commands:")
        .iter()
        .map(|r| r.split_whitespace().next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "new",
            "list",
            "show",
            "edit",
            "remove",
            "export",
            "where",
            "tag",
            "completions",
            "help"
        ],
        "{help}"
    );
    s.ok(&["debug"])
        .stdout_is("dir: .notes\nverbose: 0\nnotes: 0\n");
    s.ok(&["debug", "--help"]).stdout_has("Usage: notes debug");
}

#[test]
fn hidden_argument_is_parsed_but_not_shown() {
    let s = Scratch::new();
    s.add("T", 1, &["-t", "a"]);
    for argv in [&["show", "--help"][..], &["show", "-h"]] {
        let help = s.ok(argv).stdout.clone();
        assert!(!help.contains("--raw"), "{help}");
    }
    s.ok(&["show", "1", "--raw"])
        .stdout_is("title: T\ndate: 2024-05-01\ntags: a\npinned: false\n\ntext");
}

#[test]
fn last_takes_everything_after_double_dash_raw() {
    let s = Scratch::new();
    s.add("Old", 1, &[]);
    // `--level` and `-v` after `--` are the editor's, not notes'; the
    // note's path comes last: `$0` of the script is `--level`, `$1` is
    // `-v`, `$2` the path.
    let script =
        "printf 'title: New\\ndate: 2024-06-01\\ntags: \\npinned: false\\n\\nedited\\n' > \"$2\"";
    s.ok(&["edit", "1", "--", "sh", "-c", script, "--level", "-v"])
        .stdout_is("edited #1\n");
    s.ok(&["show", "1"])
        .stdout_is("#1   2024-06-01  New\n     edited\n");
    // Without `--` a word is not the editor's.
    let out = s.run(&["edit", "1", "vi"]);
    out.code(2).no_stdout().stderr_has("'vi'");
}

#[test]
fn edit_falls_back_to_visual_and_restores_a_damaged_note() {
    let s = Scratch::new();
    s.add("Keep", 1, &[]);
    s.run_env(&["edit", "1"], &[("VISUAL", "true")])
        .code(0)
        .stdout_is("edited #1\n");
    let out = s.run(&["edit", "1", "--", "sh", "-c", "echo junk > \"$0\""]);
    out.code(1).no_stdout().stderr_is(
        "error: the edit left note #1 damaged; it is back as it was\n  \
         caused by: note #1 is damaged\n  \
         caused by: no blank line after the header\n",
    );
    s.ok(&["show", "1"])
        .stdout_is("#1   2024-05-01  Keep\n     text\n");
    let leftovers: Vec<String> = Scratch::names(&s.notes())
        .into_iter()
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Whether process `pid` ignores SIGINT (its `SigIgn` mask in procfs).
#[cfg(target_os = "linux")]
fn ignores_sigint(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("SigIgn:"))?;
            u64::from_str_radix(line["SigIgn:".len()..].trim(), 16).ok()
        })
        .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
}

/// Ctrl-C while the editor runs is the editor's (as with git): notes
/// ignores SIGINT until the editor ends, then checks the note and puts it
/// back if the editor damaged it, whether the editor succeeded or died of
/// the Ctrl-C itself.
#[cfg(target_os = "linux")]
#[test]
fn edit_waits_for_the_editor_through_ctrl_c_and_restores_the_note() {
    let s = Scratch::new();
    s.add("Keep", 1, &[]);
    let go = s.path().join("go");
    // An editor that waits for the test, then damages the note.
    let script = format!(
        "while [ ! -e '{}' ]; do sleep 0.01; done; echo junk > \"$0\"",
        go.display()
    );
    let mut child = s
        .command(&["edit", "1", "--", "sh", "-c", &script])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start notes");
    // The handshake: notes ignores SIGINT (the editor runs).
    while !ignores_sigint(child.id()) {
        assert!(child.try_wait().expect("try_wait").is_none(), "notes ended");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    std::fs::write(&go, b"").expect("write");
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: the edit left note #1 damaged; it is back as it was\n"),
        "{stderr}"
    );
    s.ok(&["show", "1"])
        .stdout_is("#1   2024-05-01  Keep\n     text\n");
    // The editor damages the note and dies of the Ctrl-C: the note is put
    // back all the same.
    let out = s.run(&[
        "edit",
        "1",
        "--",
        "sh",
        "-c",
        "echo junk > \"$0\"; kill -INT $$",
    ]);
    out.code(1)
        .no_stdout()
        .stderr_has("error: the edit left note #1 damaged; it is back as it was\n");
    s.ok(&["show", "1"])
        .stdout_is("#1   2024-05-01  Keep\n     text\n");
    // An editor that removes the note: it is back too.
    let out = s.run(&["edit", "1", "--", "sh", "-c", "rm \"$0\""]);
    out.code(1).stderr_has("it is back as it was");
    s.ok(&["show", "1"]).stdout_has("Keep");
}

#[test]
fn last_argument_usage_shows_the_double_dash() {
    // The contract is silent; clap writes a `last` argument this way.
    let s = Scratch::new();
    s.ok(&["edit", "--help"])
        .stdout_has("Usage: notes edit [OPTIONS] <ID> [-- <EDITOR>...]\n");
}

#[test]
fn range_is_checked_and_named() {
    let s = Scratch::new();
    for bad in ["0", "1001"] {
        s.run(&["list", "--limit", bad])
            .value_error()
            .stderr_is(&format!(
                "error: invalid value '{bad}' for '--limit <LIMIT>': {bad} is not in 1..=1000\n\nFor more information, try '--help'.\n"
            ));
    }
    for good in ["1", "1000"] {
        s.ok(&["list", "-n", good]);
    }
    let help = s.ok(&["list", "-h"]).stdout.clone();
    assert!(help.contains("[default: 100] [range: 1..=1000]"), "{help}");
}

#[test]
fn limit_keeps_the_first_notes() {
    let s = Scratch::new();
    for day in 1..=3 {
        s.add("N", day, &[]);
    }
    s.ok(&["list", "-n", "2", "--ids-only"])
        .stdout_is("#3\n#2\n");
    s.ok(&["export", "--limit=1", "-f", "csv"])
        .stdout_is("id,date,title,tags,pinned,body\n3,2024-05-03,N,,false,text\n");
}

#[test]
fn parse_fn_errors_show_the_parsers_message() {
    let s = Scratch::new();
    let out = s.run(&["list", "--since", "31/05/2024"]);
    out.value_error();
    assert!(
        out.stderr.starts_with(
            "error: invalid value '31/05/2024' for '--since <DATE>': expected a date like 2024-05-31\n"
        ),
        "{out:#?}"
    );
    let out = s.run(&["show", "abc"]);
    out.value_error();
    assert!(
        out.stderr.starts_with(
            "error: invalid value 'abc' for '<ID>': note ids are positive numbers like 7 or #7\n"
        ),
        "{out:#?}"
    );
    let out = s.run(&["remove", "1", "x"]);
    out.value_error()
        .stderr_has("invalid value 'x' for '<IDS>...': note ids are positive numbers");
}

#[test]
fn parse_fn_values_reach_the_command() {
    let s = Scratch::new();
    s.add("Old", 1, &[]);
    s.add("New", 20, &[]);
    s.ok(&["list", "--since", "2024-05-10", "--ids-only"])
        .stdout_is("#2\n");
    s.ok(&["show", "#2", "--level", "1"])
        .stdout_is("#2   2024-05-20  New\n");
    s.ok(&["remove", "#1", "2"])
        .stdout_is("removed #1\nremoved #2\n");
}

#[test]
fn an_empty_attached_short_value_is_taken_as_empty() {
    let s = Scratch::new();
    s.add("Tagged", 1, &["-t", "a"]);
    s.add("Untagged", 2, &[]);
    // `--tag ''` asks for the untagged notes.
    for argv in [
        &["list", "-t="][..],
        &["list", "--tag="],
        &["list", "-t", ""],
    ] {
        s.ok(argv)
            .stdout_is("ID   DATE        TITLE\n#2   2024-05-02  Untagged\n");
    }
    // `-t= a`: the tag is empty and `a` is the title, so it is the
    // command that refuses the empty tag (exit 1), not the parser.
    s.run(&["new", "-t=", "a", "--body", "x"])
        .code(1)
        .no_stdout()
        .stderr_is("error: `` is not a tag: tags are non-empty, without commas\n");
}

#[test]
fn possible_values_near_miss_rules() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    let out = s.run(&["show", "1", "--level", "3"]);
    out.value_error();
    assert!(
        out.stderr.starts_with(
            "error: invalid value '3' for '--level <LEVEL>'\n  [possible values: 1, 2]\n"
        ),
        "{out:#?}"
    );
    assert!(
        !out.stderr.contains("tip:"),
        "'3' is near neither '1' nor '2': {out:#?}"
    );
    s.ok(&["show", "1", "--level", "1"])
        .stdout_is("#1   2024-05-01  T\n");
}

#[test]
fn a_negative_number_nothing_takes_gets_the_double_dash_tip() {
    // flash reads `-5` as a value where a positional can take it (`new -5`
    // would be a note titled "-5"); once the positionals are taken it is
    // an unexpected argument, and clap's tip says how to pass it.
    let s = Scratch::new();
    let out = s.run(&["new", "T", "-5", "--body", "x"]);
    out.usage_error("notes new [OPTIONS] <--body <BODY>|--file <PATH>> <TITLE>");
    assert!(
        out.stderr.starts_with(
            "error: unexpected argument '-5' found\n\n  tip: to pass '-5' as a value, use '-- -5'\n"
        ),
        "{out:#?}"
    );
}

// ---------------------------------------------------------------- runtime

#[test]
fn quiet_and_logging_work_in_a_sync_command_before_and_after_its_name() {
    let s = Scratch::new();
    s.add("Good", 1, &[]);
    std::fs::write(s.notes().join("7.md"), "garbage").expect("write");
    let listing = "ID   DATE        TITLE\n#1   2024-05-01  Good\n";
    let out = s.run(&["list"]);
    out.code(0).stdout_is(listing);
    let warn: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(warn.len(), 1, "{out:#?}");
    assert!(
        warn[0].contains(" WARN ")
            && warn[0].ends_with(
                "skipping .notes/7.md: note #7 is damaged (no blank line after the header)"
            ),
        "{out:#?}"
    );
    for argv in [&["-q", "list"][..], &["list", "-q"], &["list", "--quiet"]] {
        s.ok(argv).stdout_is(listing);
    }
    let out = s.run_env(&["list"], &[("RUST_LOG", "info")]);
    out.code(0).stdout_is(listing);
    assert!(
        out.stderr
            .lines()
            .any(|l| l.contains(" INFO ") && l.ends_with("listing 1 of 1 notes")),
        "{out:#?}"
    );
}

#[test]
fn timeout_zero_means_no_deadline() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    let out = s.run(&["export", "--timeout=0", "-f", "csv"]);
    out.code(0)
        .no_stderr()
        .stdout_is("id,date,title,tags,pinned,body\n1,2024-05-01,T,,false,text\n");
    s.ok(&["export", "--timeout", "0s", "-f", "csv"]);
    // Runtime options belong to async commands.
    s.run(&["list", "--timeout", "1s"])
        .usage_error("notes list [OPTIONS]")
        .stderr_has("'--timeout'");
}

// ---------------------------------------------------------------- writes

#[test]
fn export_writes_a_whole_file_and_refuses_to_clobber() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    s.run(&["export", "-o", "out.csv", "-f", "csv"])
        .code(0)
        .no_stdout()
        .stderr_is("exported 1 notes to out.csv\n");
    let written = std::fs::read_to_string(s.path().join("out.csv")).expect("read");
    assert_eq!(
        written,
        "id,date,title,tags,pinned,body\n1,2024-05-01,T,,false,text\n"
    );
    s.run(&["export", "-o", "out.csv"])
        .code(1)
        .stderr_is("error: `out.csv` exists; add --force to replace it\n");
    s.run(&["export", "-o", "out.csv", "--force", "-f", "json"])
        .code(0);
    let replaced = std::fs::read_to_string(s.path().join("out.csv")).expect("read");
    assert!(replaced.starts_with("{\"id\":1,"), "{replaced}");
}

#[test]
fn a_failed_write_leaves_no_temp_file_and_names_the_users_path() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    std::fs::create_dir(s.path().join("taken")).expect("mkdir");
    let out = s.run(&["export", "-o", "taken", "--force"]);
    out.code(1)
        .no_stdout()
        .stderr_is("error: `taken`: Is a directory (os error 21)\n");
    assert_eq!(
        Scratch::names(s.path()),
        [".notes", "taken"],
        "no temp file is left beside the destination"
    );
}

/// `export --out` a device node (made in the scratch folder with
/// `mknod`, never the system's `/dev/null`) or a FIFO: written in place,
/// through the scope's temp file as any app writes, and the node stays
/// what it was (it was replaced by a renamed regular file).
#[cfg(unix)]
#[test]
fn export_into_a_device_or_a_fifo_writes_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let s = Scratch::new();
    s.add("T", 1, &[]);
    let null = s.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .output()
        .expect("mknod runs");
    if made.status.success() && std::fs::OpenOptions::new().write(true).open(&null).is_ok() {
        s.run(&["export", "--out", "null", "--force"])
            .code(0)
            .stderr_is("exported 1 notes to null\n");
        let kind = std::fs::symlink_metadata(&null).expect("lstat").file_type();
        assert!(kind.is_char_device(), "the device was replaced: {kind:?}");
        std::fs::remove_file(&null).expect("rm");
    } else {
        println!(
            "mknod not permitted here ({}): the device case is skipped",
            String::from_utf8_lossy(&made.stderr).trim()
        );
    }
    let fifo = s.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the fifo"))
    };
    s.run(&["export", "--out", "fifo", "--force", "-f", "csv"])
        .code(0);
    assert_eq!(
        reader.join().expect("reader"),
        "id,date,title,tags,pinned,body\n1,2024-05-01,T,,false,text\n"
    );
    let kind = std::fs::symlink_metadata(&fifo).expect("lstat").file_type();
    assert!(kind.is_fifo(), "the fifo was replaced: {kind:?}");
    assert_eq!(Scratch::names(s.path()), [".notes", "fifo"]);
}

#[test]
fn a_write_into_a_missing_directory_names_the_users_path() {
    let s = Scratch::new();
    s.add("T", 1, &[]);
    let out = s.run(&["export", "-o", "nodir/out.txt"]);
    out.code(1).no_stdout();
    assert!(!out.stderr.contains(".flash-"), "{out:#?}");
    out.stderr_has("`nodir/out.txt`");
}

#[test]
fn completions_offer_enum_values_but_not_hidden_things() {
    let s = Scratch::new();
    // The script a shell sources asks the binary itself, through
    // `COMPLETE=<shell> notes -- WORDS…`: what it completes is what those
    // calls print (fish's form: `value<TAB>help`, each ended by a NUL).
    let script = s.ok(&["completions", "fish"]).stdout.clone();
    assert!(script.contains("COMPLETE=fish"), "{script}");
    let complete = |words: &[&str]| -> String {
        let mut argv = vec!["--"];
        argv.extend_from_slice(words);
        let out = s.run_env(&argv, &[("COMPLETE", "fish")]);
        out.code(0).no_stderr();
        out.stdout.clone()
    };
    let names = |words: &[&str]| -> Vec<String> {
        complete(words)
            .split_terminator('\0')
            .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
            .collect()
    };
    let commands = names(&["notes", ""]);
    assert!(commands.iter().any(|c| c == "list"), "{commands:?}");
    assert!(!commands.iter().any(|c| c == "debug"), "{commands:?}");
    assert_eq!(
        complete(&["notes", "list", "--format", ""]),
        "plain\tOne line per note\0json\tJSON lines, one object per note\0csv\tComma-separated values\0",
    );
    let flags = names(&["notes", "show", "1", "--"]);
    for flag in ["--level", "--dir", "--verbose", "--quiet"] {
        assert!(flags.iter().any(|f| f == flag), "{flag}: {flags:?}");
    }
    assert!(!flags.iter().any(|f| f == "--raw"), "{flags:?}");
    assert!(!s.notes().exists(), "completing runs no command");
}

#[test]
fn usage_lines_have_no_trailing_space() {
    // Silent in the contract; clap never ends a usage line with a space.
    let s = Scratch::new();
    for argv in [
        &["where", "--help"][..],
        &["debug", "-h"],
        &["tag", "add", "-h"],
    ] {
        let help = s.ok(argv).stdout.clone();
        let usage = help
            .lines()
            .find(|l| l.starts_with("Usage: "))
            .expect("a usage line");
        assert_eq!(usage, usage.trim_end(), "notes {argv:?}:\n{help}");
    }
}

#[test]
fn a_config_file_sets_globals_and_command_options_under_the_command_line() {
    let s = Scratch::new();
    let config = s.path().join(".config/notes");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "dir = \"from-config\"\n\n[export]\nforce = true\n",
    )
    .unwrap();
    // The default file ($HOME/.config/notes/config.toml) sets `--dir`.
    let out = s.ok(&["where"]);
    assert_eq!(out.stdout.trim_end(), "from-config");
    // The environment and the command line win over it.
    s.run_env(&["where"], &[("NOTES_DIR", "from-env")])
        .code(0)
        .stdout_has("from-env");
    s.ok(&["where", "--dir", "typed"]).stdout_has("typed");
    // A key no command has is an error naming file, line and column.
    std::fs::write(config.join("config.toml"), "[export]\nforse = true\n").unwrap();
    let out = s.run(&["where"]);
    out.code(2)
        .stderr_has("config.toml:2:1: unknown key 'forse' in [export]")
        .stderr_has("tip: a similar key exists: 'force'");
}
