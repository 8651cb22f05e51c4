//! `fl docs DIR`: the showcase writes its own man pages and Markdown
//! reference, and groff reads every page without a warning.

mod common;

use std::process::Command;

use common::{fl, stderr, temp_dir};

/// The visible commands, each with a page.
const COMMANDS: [&str; 6] = ["cat", "cp", "hash", "encrypt", "decrypt", "wc"];

/// `groff -man -Tutf8 -ww` of `page`: its text; fails on any warning.
fn groff(page: &std::path::Path) -> Option<String> {
    if Command::new("groff").arg("-v").output().is_err() {
        let skip = std::env::var_os("FLASH_SKIP_SHELLS").is_some_and(|v| v == "1");
        assert!(
            skip,
            "groff is not installed: run .ci/install-shells (or set FLASH_SKIP_SHELLS=1)"
        );
        return None;
    }
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
        .arg(page)
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("groff runs");
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && warnings.is_empty(),
        "groff warns about {}:\n{warnings}",
        page.display()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn fl_writes_a_page_per_command_and_a_reference() {
    let dir = temp_dir("docs");
    let out = fl(&["docs", "man"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let man = dir.join("man");
    let mut names: Vec<String> = std::fs::read_dir(&man)
        .expect("the directory was made")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = COMMANDS.iter().map(|c| format!("fl-{c}.1")).collect();
    // The built-in `completions` has its page too.
    want.extend(["fl.1", "fl-completions.1", "fl.md"].map(str::to_owned));
    want.sort();
    // `docs` is hidden: no page of its own.
    assert_eq!(names, want);

    for name in names.iter().filter(|n| n.ends_with(".1")) {
        let Some(text) = groff(&man.join(name)) else {
            continue;
        };
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS"] {
            assert!(text.contains(section), "{name}: no {section}:\n{text}");
        }
    }
    if let Some(text) = groff(&man.join("fl-encrypt.1")) {
        // Options with their values and where they come from.
        assert!(text.contains("--passphrase-file"), "{text}");
        assert!(text.contains("--timeout"), "{text}");
    }
    if let Some(text) = groff(&man.join("fl.1")) {
        for command in COMMANDS {
            assert!(text.contains(&format!("fl-{command}(1)")) || text.contains(command));
        }
        assert!(!text.contains("docs"), "a hidden command listed:\n{text}");
    }

    let reference = std::fs::read_to_string(man.join("fl.md")).expect("fl.md");
    for command in COMMANDS {
        assert!(
            reference.contains(&format!("fl {command}")),
            "fl.md lacks `fl {command}`:\n{reference}"
        );
    }
    assert!(
        !reference.contains("fl docs"),
        "a hidden command documented"
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn fl_docs_into_a_file_is_an_error_naming_it() {
    let dir = temp_dir("docs-bad");
    std::fs::write(dir.join("taken"), b"a file").expect("write");
    let out = fl(&["docs", "taken"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: ") && err.contains("taken"), "{err}");
    assert_eq!(
        std::fs::read(dir.join("taken")).expect("read"),
        b"a file",
        "the file was changed"
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
