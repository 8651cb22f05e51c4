//! Man pages and the Markdown reference of the `demo` and `complete_probe`
//! examples: the files written, what they hold, and `groff -man -ww` on
//! every page with no warning.

#[path = "../examples/complete_probe.rs"]
mod complete_probe;
#[path = "../examples/demo.rs"]
mod demo;

use std::path::Path;
use std::process::Command;

/// The pages `app` writes into a new directory: (file name, text), sorted.
fn pages(app: flash::App) -> (tempfile::TempDir, Vec<(String, String)>) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("man1");
    app.man_pages(&out).expect("the pages are written");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&out)
        .expect("the directory exists")
        .map(|e| {
            let path = e.expect("an entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("a page"))
        })
        .collect();
    pages.sort();
    (dir, pages)
}

fn page<'a>(pages: &'a [(String, String)], name: &str) -> &'a str {
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    pages
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no page {name} among {names:?}"))
}

/// `groff -man -Tutf8 -ww` on `path`: its text, and no warning.
fn groff(path: &Path) -> String {
    let found = Command::new("groff").arg("-v").output().is_ok();
    if !found {
        let skip = std::env::var_os("FLASH_SKIP_SHELLS").is_some_and(|v| v == "1");
        assert!(
            skip,
            "groff is not installed: run .ci/install-shells (or set FLASH_SKIP_SHELLS=1)"
        );
        return String::new();
    }
    let out = Command::new("groff")
        // Plain text: no overstriking for bold and underline.
        .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
        .arg(path)
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("groff runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "groff warns about {}:\n{stderr}\n{}",
        path.display(),
        std::fs::read_to_string(path).unwrap_or_default()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_page_per_app_group_and_command() {
    let _ = demo::main as fn() -> std::process::ExitCode;
    let (_dir, pages) = pages(demo::app());
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "demo-add.1",
            "demo-completions.1",
            "demo-fail.1",
            "demo-greet.1",
            "demo-remote-add.1",
            "demo-remote-rm.1",
            "demo-remote.1",
            "demo-sizes.1",
            "demo.1",
        ]
    );
}

#[test]
fn hidden_commands_have_no_page_and_are_not_listed() {
    let _ = complete_probe::main as fn() -> std::process::ExitCode;
    let (_dir, pages) = pages(complete_probe::app());
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.iter().any(|n| n.contains("debug")), "{names:?}");
    assert!(names.contains(&"complete_probe-tag-remove.1"), "{names:?}");
    for (name, text) in &pages {
        // (`-vv for debug` is the help of `-v`, not the command.)
        assert!(
            !text.contains("\\fBdebug"),
            "{name} names the hidden command"
        );
        assert!(
            !text.contains("internals"),
            "{name} names the hidden option"
        );
    }
}

#[test]
fn pages_have_their_sections() {
    let (_dir, pages) = pages(demo::app());
    let greet = page(&pages, "demo-greet.1");
    for section in [
        ".TH DEMO\\-GREET 1",
        ".SH NAME\ndemo\\-greet \\- Greet someone\n",
        ".SH SYNOPSIS\n\\fBdemo greet\\fR [OPTIONS] [NAME]\n",
        ".SH DESCRIPTION\nGreet someone.\n.PP\nPrints one greeting per `--times`",
        ".SH ARGUMENTS\n",
        ".SH OPTIONS\n",
        ".SS \"GLOBAL OPTIONS\"\n",
        ".SH \"EXIT STATUS\"\n",
        ".SH \"SEE ALSO\"\n\\fBdemo\\fR(1)\n",
    ] {
        assert!(greet.contains(section), "no {section:?} in:\n{greet}");
    }
    // Options with their defaults and possible values, names as minus signs.
    assert!(
        greet.contains(
            "\\fB\\-n\\fR, \\fB\\-\\-times\\fR \\fI<TIMES>\\fR\nHow many times [default: 1]\n"
        ),
        "{greet}"
    );
    assert!(
        greet.contains("[default: plain] [possible values: plain, fancy]"),
        "{greet}"
    );
    // A sync command cannot time out: no 124.
    assert!(!greet.contains(".B 124"), "{greet}");
    let sizes = page(&pages, "demo-sizes.1");
    assert!(sizes.contains(".B 124\n"), "{sizes}");
    assert!(sizes.contains(".SS \"RUNTIME OPTIONS\"\n"), "{sizes}");
    let fail = page(&pages, "demo-fail.1");
    assert!(fail.contains("[env: DEMO_REASON]"), "{fail}");

    let root = page(&pages, "demo.1");
    assert!(
        root.contains(".SH NAME\ndemo \\- Demo of flash\n"),
        "{root}"
    );
    assert!(root.contains(".SH COMMANDS\n"), "{root}");
    assert!(
        root.contains("\\fBgreet\\fR\nGreet someone [alias: hi]\n"),
        "{root}"
    );
    assert!(root.contains("\\fBcompletions\\fR\n"), "{root}");
    assert!(root.contains("\\fBdemo\\-remote\\fR(1)"), "{root}");
    for code in ["0", "1", "2", "101", "124", "130", "128+N"] {
        assert!(
            root.contains(&format!(".B {code}\n")),
            "exit {code}:\n{root}"
        );
    }
    let remote = page(&pages, "demo-remote.1");
    assert!(
        remote.contains("\\fBrm\\fR\nRemove a remote [alias: remove]\n"),
        "{remote}"
    );
    assert!(
        remote.contains("\\fBdemo\\-remote\\-add\\fR(1)"),
        "{remote}"
    );
}

#[test]
fn value_enums_list_their_values() {
    let (_dir, pages) = pages(complete_probe::app());
    let show = page(&pages, "complete_probe-show.1");
    assert!(
        show.contains(".RS\n.TP\n\\fBplain\\fR\nOne line each\n.TP\n\\fBjson\\fR\nJSON lines\n"),
        "{show}"
    );
}

#[test]
fn every_page_is_clean_under_groff() {
    for app in [demo::app(), complete_probe::app()] {
        let (dir, pages) = pages(app);
        for (name, _) in &pages {
            let text = groff(&dir.path().join("man1").join(name));
            if text.is_empty() {
                return; // groff skipped
            }
            assert!(text.contains("NAME"), "{name}:\n{text}");
            assert!(text.contains("EXIT STATUS"), "{name}:\n{text}");
        }
        let greet = dir.path().join("man1").join("demo-greet.1");
        if greet.exists() {
            let text = groff(&greet);
            // `\-` renders as a minus sign, typed as `-`.
            assert!(text.contains("--times"), "{text}");
        }
    }
}

#[test]
fn markdown_has_a_section_per_command() {
    let md = demo::app().markdown();
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# demo",
            "## demo greet",
            "## demo add",
            "## demo sizes",
            "## demo fail",
            "## demo remote",
            "## demo remote add",
            "## demo remote rm",
            "## demo completions",
        ]
    );
    for needle in [
        "```text\ndemo greet [OPTIONS] [NAME]\n```",
        "| [`greet`](#demo-greet) | Greet someone [alias: hi] |",
        "| `-n, --times <TIMES>` | How many times [default: 1] |",
        "| `[NAME]` | Who to greet [default: world] |",
        "**Runtime Options**",
        "**Global Options**",
    ] {
        assert!(md.contains(needle), "no {needle:?} in:\n{md}");
    }
    // The globals once, at the top.
    assert_eq!(md.matches("**Global Options**").count(), 1, "{md}");
}

#[test]
fn markdown_leaves_hidden_things_out() {
    let md = complete_probe::app().markdown();
    assert!(md.contains("## complete_probe tag add"), "{md}");
    assert!(!md.contains("`debug`"), "{md}");
    assert!(!md.contains("probe debug"), "{md}");
    assert!(!md.contains("internals"), "{md}");
    assert!(
        md.contains("Possible values: `plain` (One line each), `json` (JSON lines)"),
        "{md}"
    );
}
