//! Config files (`app! { config: true }`), through the built
//! `config_probe` example: where the file is found, what it sets, its
//! place under the command line and the environment, and every way a file
//! can be wrong (a usage error naming file, line, column and key).

mod common;

use std::path::{Path, PathBuf};

use common::{example, run_command, Run};

const USAGE: &str = "probe tag add [OPTIONS] <NAME>";

/// A scratch directory with `config.toml` holding `text`.
fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).expect("write the config file");
    (dir, path)
}

/// Runs the probe with no config file of the user's in reach (`HOME` and
/// `XDG_CONFIG_HOME` point into an empty directory) plus `env`.
fn probe(args: &[&str], env: &[(&str, &str)]) -> Run {
    let home = tempfile::tempdir().expect("a temp dir");
    let mut cmd = example("config_probe");
    cmd.args(args)
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("PROBE_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    run_command(cmd)
}

fn with_file(path: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--config", path.to_str().expect("UTF-8 temp path")];
    all.extend_from_slice(args);
    probe(&all, &[])
}

#[test]
fn a_file_sets_globals_and_every_kind_of_option_of_the_command() {
    let (_dir, path) = file(
        "dir = \"from-file\"\n\
         [tag.add]\n\
         limit = 7\n\
         loud = true\n\
         label = [\"a\", \"b\"]\n\
         extra = 2\n\
         secret-level = 3\n",
    );
    with_file(&path, &["tag", "add", "x"]).code(0).stdout_is(
        "dir=from-file name=x limit=7 loud=true label=[\"a\", \"b\"] extra=2 secret=Some(3)\n",
    );
}

#[test]
fn command_line_beats_environment_beats_file_beats_default() {
    let (_dir, path) = file("dir = \"file\"\n[tag.add]\nlimit = 7\nlabel = [\"f\"]\n");
    let p = path.to_str().unwrap();
    // The file over the defaults.
    with_file(&path, &["tag", "add", "x"])
        .code(0)
        .stdout_has("dir=file ")
        .stdout_has("limit=7 ");
    // The environment over the file.
    probe(&["--config", p, "tag", "add", "x"], &[("PROBE_DIR", "env")])
        .code(0)
        .stdout_has("dir=env ");
    // The command line over both; a list given on the command line
    // replaces the file's.
    probe(
        &[
            "tag", "add", "x", "--dir", "cli", "--limit", "2", "--label", "c", "--config", p,
        ],
        &[("PROBE_DIR", "env")],
    )
    .code(0)
    .stdout_has("dir=cli ")
    .stdout_has("limit=2 ")
    .stdout_has("label=[\"c\"]");
    // An environment variable set but empty counts as unset: the file wins.
    probe(&["--config", p, "tag", "add", "x"], &[("PROBE_DIR", "")])
        .code(0)
        .stdout_has("dir=file ");
}

#[test]
fn the_default_file_is_under_xdg_config_home_else_home() {
    let xdg = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(xdg.path().join("probe")).unwrap();
    std::fs::write(xdg.path().join("probe/config.toml"), "dir = \"xdg\"\n").unwrap();
    probe(
        &["tag", "add", "x"],
        &[("XDG_CONFIG_HOME", xdg.path().to_str().unwrap())],
    )
    .code(0)
    .stdout_has("dir=xdg ");

    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".config/probe")).unwrap();
    std::fs::write(
        home.path().join(".config/probe/config.toml"),
        "dir = \"home\"\n",
    )
    .unwrap();
    let mut cmd = example("config_probe");
    cmd.args(["tag", "add", "x"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", "") // set but empty: unset
        .env_remove("PROBE_DIR");
    run_command(cmd).code(0).stdout_has("dir=home ");
}

#[test]
fn no_default_file_is_no_config_but_a_missing_given_file_is_an_error() {
    probe(&["tag", "add", "x"], &[])
        .code(0)
        .stdout_has("dir=.notes name=x limit=1 ");
    probe(
        &["tag", "add", "x", "--config", "/nonexistent/flash.toml"],
        &[],
    )
    .usage_error(USAGE)
    .stderr_has("error: cannot read config file '/nonexistent/flash.toml': No such file");
}

#[test]
fn an_unknown_key_names_file_line_column_and_offers_the_near_one() {
    let (_dir, path) = file("dir = \"d\"\n\n[tag.add]\nlimt = 3\n");
    let p = path.display();
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has(&format!(
            "error: {p}:4:1: unknown key 'limt' in [tag.add]\n"
        ))
        .stderr_has("tip: a similar key exists: 'limit'");
    // A misspelt global, and a misspelt command table.
    let (_dir, path) = file("dri = \"d\"\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has(&format!(
            "{}:1:1: unknown key 'dri' in the top level",
            path.display()
        ))
        .stderr_has("tip: a similar key exists: 'dir'");
    let (_dir, path) = file("[tag.ad]\nlimit = 3\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has(&format!(
            "{}:1:6: unknown key 'ad' in [tag]",
            path.display()
        ))
        .stderr_has("tip: a similar key exists: 'add'");
}

#[test]
fn the_whole_file_is_checked_not_only_the_running_commands_table() {
    let (_dir, path) = file("[tag.remove]\nforce = true\nforse = true\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has(&format!(
            "{}:3:1: unknown key 'forse' in [tag.remove]",
            path.display()
        ));
    // And another command's valid table does not leak into this one.
    let (_dir, path) = file("[tag.remove]\nforce = true\n");
    with_file(&path, &["tag", "remove", "x"])
        .code(0)
        .stdout_is("remove x force=true\n");
    with_file(&path, &["tag", "add", "x"])
        .code(0)
        .stdout_has("loud=false");
}

#[test]
fn a_value_of_the_wrong_type_names_where_it_is() {
    let (_dir, path) = file("[tag.add]\nloud = \"yes\"\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has(&format!(
            "error: {}:2:8: 'loud' in [tag.add] must be true or false, not string",
            path.display()
        ));
    let (_dir, path) = file("[tag.add]\nlimit = [1, 2]\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has("'limit' in [tag.add] must be one value, not array");
    let (_dir, path) = file("[tag.add]\nextra = -1\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has("'extra' in [tag.add] must be a count from 0 to 255");
}

#[test]
fn a_value_the_type_or_range_rejects_names_the_key_and_its_place() {
    let (_dir, path) = file("[tag.add]\nlimit = \"many\"\n");
    with_file(&path, &["tag", "add", "x"])
        .value_error()
        .stderr_has(&format!(
            "error: invalid value 'many' for '--limit <LIMIT>': invalid digit found in string ({}:2:1, key 'limit' in [tag.add])",
            path.display()
        ));
    let (_dir, path) = file("[tag.add]\nlimit = 70\n");
    with_file(&path, &["tag", "add", "x"])
        .value_error()
        .stderr_has("invalid value '70' for '--limit <LIMIT>': 70 is not in 1..=10 (");
}

#[test]
fn a_file_that_is_not_toml_names_line_and_column() {
    let (_dir, path) = file("dir = \"d\"\n[tag.add\nlimit = 70\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has(&format!("error: {}:2:9: invalid TOML: ", path.display()));
    let (_dir, path) = file("dir = \"a\"\ndir = \"b\"\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has(&format!("error: {}:2:1: invalid TOML: ", path.display()));
}

#[test]
fn config_is_a_global_option_given_once_anywhere_and_shown_in_help() {
    let (_dir, path) = file("dir = \"d\"\n");
    let p = path.to_str().unwrap();
    probe(&["tag", "add", "--config", p, "x"], &[])
        .code(0)
        .stdout_has("dir=d ");
    probe(&["--config", p, "tag", "add", "--config", p, "x"], &[])
        .usage_error(USAGE)
        .stderr_has("error: the argument '--config <FILE>' cannot be used multiple times");
    let help = probe(&["tag", "add", "--help"], &[]);
    help.code(0).stdout_has("--config <FILE>");
    // The row wraps at 100 columns: its default is on a line of its own.
    assert!(
        help.stdout
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("[default: $XDG_CONFIG_HOME/probe/config.toml]"),
        "{help:#?}"
    );
    // Help and a bad file: help does not read the file.
    let (_dir, bad) = file("not toml at all [");
    probe(
        &["--config", bad.to_str().unwrap(), "tag", "add", "--help"],
        &[],
    )
    .code(0);
}

/// Runs `cmd`, failing (not hanging) if it has not ended within a minute:
/// what these cases guard against is a wait without end.
fn run_within_a_minute(mut cmd: std::process::Command) -> Run {
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example binary runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("try_wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the probe did not end: it waits on its config file");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("wait");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout_bytes: out.stdout,
    }
}

/// `--config` is read only from a regular file of at most a few MiB: a
/// FIFO nobody writes, `/dev/zero` and a directory are usage errors at
/// once (never a wait or a read without end), and so is a file too large.
#[cfg(unix)]
#[test]
fn only_a_regular_file_of_a_few_mib_is_read() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let big = dir.path().join("big.toml");
    let mut text = String::from("dir = \"d\"\n");
    while text.len() <= 5 << 20 {
        text.push_str("# padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&big, text).expect("write");
    for (path, why) in [
        (fifo.to_str().unwrap(), "not a regular file"),
        ("/dev/zero", "not a regular file"),
        (dir.path().to_str().unwrap(), "it is a directory"),
        (big.to_str().unwrap(), "larger than 4 MiB"),
    ] {
        let mut cmd = example("config_probe");
        cmd.args(["--config", path, "tag", "add", "x"])
            .env("HOME", dir.path())
            .env_remove("XDG_CONFIG_HOME");
        run_within_a_minute(cmd)
            .usage_error(USAGE)
            .stderr_has(&format!("error: cannot read config file '{path}': {why}"));
    }
}

/// A default file that is there but cannot be read (a directory where the
/// file should be, a file its user may not read) is an error naming it,
/// exit 1, for a command the file could set; help, version and
/// completions read no config and go on.
#[cfg(unix)]
#[test]
fn an_unreadable_default_file_is_an_error_naming_it_for_commands_that_read_it() {
    let xdg = tempfile::tempdir().expect("a temp dir");
    let file = xdg.path().join("probe/config.toml");
    std::fs::create_dir_all(&file).expect("a directory where the file goes");
    let run = |args: &[&str]| {
        let mut cmd = example("config_probe");
        cmd.args(args)
            .env("XDG_CONFIG_HOME", xdg.path())
            .env_remove("PROBE_DIR");
        run_within_a_minute(cmd)
    };
    let out = run(&["tag", "add", "x"]);
    out.code(1).no_stdout().stderr_is(&format!(
        "error: cannot read config file '{}': it is a directory\n",
        file.display()
    ));
    run(&["--help"]).code(0);
    run(&["tag", "add", "--help"]).code(0);
    run(&["--version"]).code(0);
    run(&["completions", "bash"]).code(0);
    // No permission to read it (root reads it anyway: skipped there).
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        println!("root reads any file: the permission case is skipped");
        return;
    }
    std::fs::remove_dir(&file).expect("rmdir");
    std::fs::write(&file, "dir = \"d\"\n").expect("write");
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o000))
        .expect("chmod");
    run(&["tag", "add", "x"])
        .code(1)
        .stderr_has("Permission denied");
}

/// A command's (or a group's) name given a value, not a table, says it
/// must be a table (it was an unknown key offered as its own near name).
#[test]
fn a_command_given_a_value_must_be_a_table() {
    let (_dir, path) = file("tag = 1\n");
    let out = with_file(&path, &["tag", "add", "x"]);
    out.usage_error(USAGE).stderr_has(&format!(
        "error: {}:1:7: 'tag' names a command; it must be a table ([tag]), not integer",
        path.display()
    ));
    assert!(!out.stderr.contains("similar key"), "{out:#?}");
    let (_dir, path) = file("[tag]\nadd = \"x\"\n");
    with_file(&path, &["tag", "add", "x"])
        .usage_error(USAGE)
        .stderr_has("'add' names a command; it must be a table ([tag.add]), not string");
}
