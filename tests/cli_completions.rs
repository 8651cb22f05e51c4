//! Completion in real shells: the built `demo` and `complete_probe`
//! examples print their scripts (`completions SHELL`), each shell loads
//! one, and a command line is completed the way the shell itself would,
//! through the program's `__complete` callback found on `PATH`.
//!
//! - bash: the script is sourced, `COMP_WORDS`/`COMP_CWORD`/`COMP_LINE`/
//!   `COMP_POINT` are set as readline sets them, the function runs, and
//!   `COMPREPLY` is read (`compopt`, which only works under readline, is
//!   recorded instead);
//! - zsh: an interactive zsh in a pseudo-terminal (`zpty`) with the
//!   completion system loaded, the line typed and TAB pressed; every
//!   candidate given to `compadd` is recorded;
//! - fish: `complete -C LINE`;
//! - elvish: an interactive elvish (in a pseudo-terminal, through
//!   `script`) calls the arg-completer the script installed.
//!
//! A shell that is not installed fails its test with how to install it
//! (`.ci/install-shells`), unless `FLASH_SKIP_SHELLS=1`.

mod common;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{example, example_path, run};

/// The shell's path, or `None` when it is missing and may be skipped.
fn shell(name: &str) -> Option<PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("FLASH_SKIP_SHELLS").is_some_and(|v| v == "1"),
            "`{name}` is not installed: the completion tests need bash, zsh, fish, elvish \
             and `script`; run .ci/install-shells (or set FLASH_SKIP_SHELLS=1 to skip them)"
        );
        eprintln!("skipped: `{name}` is not installed and FLASH_SKIP_SHELLS=1");
    }
    found
}

/// A scratch directory holding the script of `prog` for `sh`, and two
/// files to complete paths against (`alpha.txt`, `beta.txt`).
struct Scratch {
    dir: tempfile::TempDir,
    prog: &'static str,
    script: PathBuf,
}

impl Scratch {
    fn new(prog: &'static str, sh: &str) -> Scratch {
        let dir = tempfile::tempdir().expect("a temp dir");
        let out = run(prog, ["completions", sh]);
        out.code(0).no_stderr();
        assert!(out.stdout.contains(prog), "{}", out.stdout);
        let script = dir.path().join(format!("{prog}.{sh}"));
        std::fs::write(&script, &out.stdout).expect("write the script");
        // The working directory holds the files paths complete to, alone.
        let work = dir.path().join("work");
        std::fs::create_dir_all(dir.path().join("home")).expect("a home");
        std::fs::create_dir_all(&work).expect("a work dir");
        for file in ["alpha.txt", "beta.txt"] {
            std::fs::write(work.join(file), "").expect("write a file");
        }
        Scratch { dir, prog, script }
    }

    /// A command for `program` in the scratch directory, with the
    /// examples' directory first in `PATH` (the scripts call the program
    /// by name).
    fn command(&self, program: &Path) -> Command {
        let bin = example_path(self.prog);
        let examples = bin.parent().expect("examples dir").to_owned();
        let old = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![examples];
        paths.extend(std::env::split_paths(&old));
        let path: OsString = std::env::join_paths(paths).expect("a PATH");
        // A home of its own, outside the working directory: what a shell
        // keeps there (history, state) is not among the file names.
        let home = self.dir.path().join("home");
        let mut cmd = Command::new(program);
        cmd.current_dir(self.dir.path().join("work"))
            .env("PATH", path)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_RUNTIME_DIR", &home)
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        cmd
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write a harness");
        path
    }
}

thread_local! {
    /// What the test's last shell run printed, for the message of a
    /// failed check.
    static LAST: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `cmd` to its end (at most 20 s), returning stdout.
fn output(mut cmd: Command, what: &str) -> String {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the shell starts");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("{what}: the shell did not finish in 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    LAST.set(format!("{what}:\nstdout:\n{stdout}\nstderr:\n{stderr}"));
    assert!(
        out.status.success(),
        "{what}: {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    stdout
}

/// Sorted, so shells that sort and shells that do not compare alike.
fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn strings(v: &[&str]) -> Vec<String> {
    sorted(v.iter().map(|s| s.to_string()).collect())
}

// ---------------------------------------------------------------- shells

/// What bash puts in COMPREPLY for `words` (the last one is completed), as
/// readline splits them (`--x=v` is `--x`, `=`, `v`); `<files>` stands for
/// readline's file-name completion, which `compopt -o default` asks for.
fn bash(s: &Scratch, words: &[&str]) -> Vec<String> {
    let sh = shell("bash").expect("bash");
    let harness = s.file(
        "harness.bash",
        r#"source "$1"; shift
compopt() { [[ "$*" == "-o default" ]] && echo '<files>'; }
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
fn=$(complete -p "$1")
fn=${fn#complete -F }
"${fn%% *}"
printf '%s\n' "${COMPREPLY[@]}"
"#,
    );
    let mut cmd = s.command(&sh);
    cmd.arg("--norc")
        .arg("--noprofile")
        .arg(&harness)
        .arg(&s.script);
    cmd.args(words);
    let out = output(cmd, &format!("bash {words:?}"));
    sorted(
        out.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// What zsh offers for `line` followed by TAB, the script loaded from
/// `$fpath` as `_<prog>`.
fn zsh(s: &Scratch, line: &str) -> Vec<String> {
    zsh_loaded(s, "autoload", line)
}

/// What zsh offers for `line` followed by TAB, the script loaded `how`:
/// `autoload` from `$fpath`, or `source`d.
fn zsh_loaded(s: &Scratch, how: &str, line: &str) -> Vec<String> {
    let sh = shell("zsh").expect("zsh");
    let harness = s.file(
        "harness.zsh",
        r#"zmodload zsh/zpty
script=$1 how=$2 line=$3
comptest() {
  # A pseudo-terminal of no size crashes zle.
  stty rows 24 cols 200
  autoload -Uz compinit && compinit -u -D
  if [[ $how == source ]]; then
    source $script
  else
    fpath=(${script:h} $fpath)
    autoload -Uz ${script:t}
    compdef ${script:t} ${script:t:s/_//}
  fi
  typeset -aU got=()
  compadd() {
    local -a these
    builtin compadd -O these "$@"
    got+=("${these[@]}")
    builtin compadd "$@"
  }
  bindkey '^I' complete-word
  zle -C complete-word complete-word complete-word
  complete-word() {
    unset 'compstate[vared]'
    _main_complete "$@"
    print -n '<<'; print -nlr -- "${got[@]}"; print -n '>>'
    # Not `exit`: output still unread when the terminal closes may be
    # lost. `zpty -d` ends this shell once the answer is read.
    sleep 20
  }
  # Typed only once the line editor reads: what is typed before may be
  # lost as it starts.
  zle-line-init() { print -n '<ready>' }
  zle -N zle-line-init
  vared -c tmp
}
zpty z comptest
zpty -r z ready '*<ready>' || print -r -- "not ready: ${(q)ready}" >&2
zpty -w -n z "$line"$'\t'
zpty -r z out '*>>' || print -r -- "no answer: ${(q)out}" >&2
zpty -d z
out=${out#*<<}
print -r -- "${out%>>}"
"#,
    );
    // zsh loads it as an autoloaded function file, `_<prog>` in $fpath.
    let autoload = s.dir.path().join(format!("_{}", s.prog));
    std::fs::copy(&s.script, &autoload).expect("copy the script");
    let mut cmd = s.command(&sh);
    cmd.arg("-f")
        .arg(&harness)
        .arg(&autoload)
        .arg(how)
        .arg(line);
    let out = output(cmd, &format!("zsh {line:?}"));
    sorted(
        out.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// What `complete -C LINE` gives in fish, help dropped.
fn fish(s: &Scratch, line: &str) -> Vec<String> {
    let sh = shell("fish").expect("fish");
    let mut cmd = s.command(&sh);
    cmd.arg("--no-config")
        .arg("-c")
        .arg("source $argv[1]; complete -C $argv[2]")
        .arg(&s.script)
        .arg(line);
    let out = output(cmd, &format!("fish {line:?}"));
    sorted(
        out.lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
            .collect(),
    )
}

/// What the elvish arg-completer the script installs gives for `words`:
/// the stems of its candidates.
fn elvish(s: &Scratch, words: &[&str]) -> Vec<String> {
    let sh = shell("elvish").expect("elvish");
    let script_cmd = shell("script").expect("script (util-linux)");
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "''")))
        .collect();
    let answer = s.dir.path().join("elvish.answer");
    let _ = std::fs::remove_file(&answer);
    let rc = s.file(
        "rc.elv",
        &format!(
            "try {{\n eval (slurp < '{script}')\n \
             $edit:completion:arg-completer[{prog}] {words} | each {{|c| echo $c[stem] }} > '{answer}'\n\
             }} catch e {{ echo (to-string $e) > '{answer}.error' }}\nexit\n",
            script = s.script.display(),
            prog = s.prog,
            words = quoted.join(" "),
            answer = answer.display(),
        ),
    );
    // Interactive (the `edit:` module exists only there), in a
    // pseudo-terminal.
    let mut cmd = s.command(&script_cmd);
    cmd.arg("-qec")
        .arg(format!("{} -rc {}", sh.display(), rc.display()))
        .arg("/dev/null");
    let out = output(cmd, &format!("elvish {words:?}"));
    // Written to a file: what a terminal still holds as it closes may be
    // lost.
    let Ok(answer) = std::fs::read_to_string(&answer) else {
        let error = std::fs::read_to_string(format!("{}.error", answer.display()));
        panic!("elvish {words:?}: no answer ({error:?}); its terminal:\n{out}");
    };
    // elvish's completion UI keeps the candidates that start with the
    // word (flash's answers already do; file names do not).
    let typed = words.last().copied().unwrap_or_default();
    sorted(
        answer
            .lines()
            .filter(|c| c.starts_with(typed))
            .map(str::to_owned)
            .collect(),
    )
}

// ---------------------------------------------------------------- cases

/// The same cases in every shell: `words` as the shell splits them, the
/// last being completed, and what must be offered.
struct Case {
    prog: &'static str,
    words: &'static [&'static str],
    expected: &'static [&'static str],
}

const fn case(
    prog: &'static str,
    words: &'static [&'static str],
    expected: &'static [&'static str],
) -> Case {
    Case {
        prog,
        words,
        expected,
    }
}

/// Cases every shell completes alike.
const CASES: &[Case] = &[
    // A partial command, a nested group's commands, a command by its alias.
    case("demo", &["gr"], &["greet"]),
    case("demo", &["remote", "a"], &["add"]),
    case("demo", &["remote", "r"], &["rm"]),
    case("demo", &["hi", "--lo"], &["--loud"]),
    // A partial flag; `possible` values; the built-in `completions`.
    case("demo", &["greet", "--ti"], &["--times"]),
    case("demo", &["greet", "--style", ""], &["fancy", "plain"]),
    case("demo", &["greet", "--style", "f"], &["fancy"]),
    case("demo", &["completions", "z"], &["zsh"]),
    // A global after the command name (flash's own `-v` here).
    case("demo", &["remote", "add", "--verb"], &["--verbose"]),
    // A value enum; the app's globals after the command name.
    case(
        "complete_probe",
        &["show", "--format", ""],
        &["csv", "json", "plain"],
    ),
    case("complete_probe", &["show", "-f", "j"], &["json"]),
    case("complete_probe", &["tag", "add", "--di"], &["--dir"]),
    case(
        "complete_probe",
        &["tag", "add", "--color", "a"],
        &["always", "auto"],
    ),
    case("complete_probe", &["tag", "add", "--hue", "r"], &["red"]),
    // Hidden commands and arguments are never offered.
    case("complete_probe", &["de"], &[]),
    case("complete_probe", &["show", "--inter"], &[]),
    case("complete_probe", &["t"], &["tag"]),
];

/// The root's entries, listed in full (hidden `debug` absent).
const ROOT: &[&str] = &["completions", "help", "show", "tag"];

fn line(c: &Case) -> String {
    let mut words = vec![c.prog];
    words.extend(c.words);
    words.join(" ")
}

fn words(c: &Case) -> Vec<&'static str> {
    let mut words = vec![c.prog];
    words.extend(c.words);
    words
}

fn check(shell: &str, c: &Case, got: Vec<String>) {
    assert_eq!(
        got,
        strings(c.expected),
        "{shell}: `{}<TAB>` offers the wrong candidates; the shell's run:\n{}",
        line(c),
        LAST.take()
    );
}

fn scratches(sh: &str) -> [Scratch; 2] {
    [Scratch::new("demo", sh), Scratch::new("complete_probe", sh)]
}

fn scratch<'a>(all: &'a [Scratch; 2], prog: &str) -> &'a Scratch {
    all.iter().find(|s| s.prog == prog).expect("a scratch")
}

#[test]
fn bash_completes_from_comp_words() {
    if shell("bash").is_none() {
        return;
    }
    let all = scratches("bash");
    for c in CASES {
        check("bash", c, bash(scratch(&all, c.prog), &words(c)));
    }
    let probe = scratch(&all, "complete_probe");
    assert_eq!(bash(probe, &["complete_probe", ""]), strings(ROOT));
    // readline splits `--format=j` at the `=`: the value alone comes back.
    assert_eq!(
        bash(probe, &["complete_probe", "show", "--format", "=", "j"]),
        strings(&["json"])
    );
    assert_eq!(
        bash(probe, &["complete_probe", "show", "--format", "="]),
        strings(&["csv", "json", "plain"])
    );
    // Paths are left to readline's file names.
    assert_eq!(
        bash(probe, &["complete_probe", "show", "al"]),
        strings(&["<files>"])
    );
    assert_eq!(
        bash(probe, &["complete_probe", "--dir", ""]),
        strings(&["<files>"])
    );
}

#[test]
fn zsh_completes_through_its_completion_system() {
    if shell("zsh").is_none() {
        return;
    }
    let all = scratches("zsh");
    for c in CASES {
        check("zsh", c, zsh(scratch(&all, c.prog), &line(c)));
    }
    let probe = scratch(&all, "complete_probe");
    assert_eq!(zsh(probe, "complete_probe "), strings(ROOT));
    assert_eq!(
        zsh(probe, "complete_probe show --format=j"),
        strings(&["--format=json"])
    );
    // Paths: zsh's own `_files`.
    let files = zsh(probe, "complete_probe show al");
    assert!(files.contains(&"alpha.txt".to_owned()), "{files:?}");
    assert!(!files.contains(&"beta.txt".to_owned()), "{files:?}");
    // Sourced (after `compinit`) rather than autoloaded, the same.
    assert_eq!(
        zsh_loaded(probe, "source", "complete_probe show --format "),
        strings(&["csv", "json", "plain"])
    );
    let demo = scratch(&all, "demo");
    let files = zsh(demo, "demo sizes ");
    assert!(
        files.contains(&"alpha.txt".to_owned()) && files.contains(&"beta.txt".to_owned()),
        "{files:?}"
    );
}

#[test]
fn fish_completes_with_complete_c() {
    if shell("fish").is_none() {
        return;
    }
    let all = scratches("fish");
    for c in CASES {
        check("fish", c, fish(scratch(&all, c.prog), &line(c)));
    }
    let probe = scratch(&all, "complete_probe");
    assert_eq!(fish(probe, "complete_probe "), strings(ROOT));
    assert_eq!(
        fish(probe, "complete_probe show --format=j"),
        strings(&["--format=json"])
    );
    assert_eq!(
        fish(probe, "complete_probe show al"),
        strings(&["alpha.txt"])
    );
    assert_eq!(
        fish(probe, "complete_probe --dir b"),
        strings(&["beta.txt"])
    );
    let demo = scratch(&all, "demo");
    assert_eq!(
        fish(demo, "demo sizes "),
        strings(&["alpha.txt", "beta.txt"])
    );
}

#[test]
fn fish_shows_help_beside_candidates() {
    if shell("fish").is_none() {
        return;
    }
    let s = Scratch::new("complete_probe", "fish");
    let fish_path = shell("fish").expect("fish");
    let mut cmd = s.command(&fish_path);
    cmd.arg("--no-config")
        .arg("-c")
        .arg("source $argv[1]; complete -C $argv[2]")
        .arg(&s.script)
        .arg("complete_probe show --format ");
    let out = output(cmd, "fish help");
    assert!(out.contains("json\tJSON lines\n"), "{out}");
    assert!(out.contains("plain\tOne line each\n"), "{out}");
}

#[test]
fn elvish_completes_through_its_arg_completer() {
    if shell("elvish").is_none() || shell("script").is_none() {
        return;
    }
    let all = scratches("elvish");
    for c in CASES {
        // elvish filters candidates by what is typed; so does flash.
        check("elvish", c, elvish(scratch(&all, c.prog), &words(c)));
    }
    let probe = scratch(&all, "complete_probe");
    assert_eq!(elvish(probe, &["complete_probe", ""]), strings(ROOT));
    assert_eq!(
        elvish(probe, &["complete_probe", "show", "al"]),
        strings(&["alpha.txt"])
    );
}

// ---------------------------------------------------------------- the command

#[test]
fn every_shell_has_a_script_and_another_name_is_a_usage_error() {
    for sh in ["bash", "zsh", "fish", "elvish", "powershell", "nushell"] {
        let out = run("demo", ["completions", sh]);
        out.code(0).no_stderr();
        let calls = ["demo __complete", "'demo' __complete"];
        assert!(
            calls.iter().any(|c| out.stdout.contains(c)),
            "{sh}:\n{}",
            out.stdout
        );
    }
    let out = run("demo", ["completions", "bsh"]);
    out.usage_error("demo completions <SHELL>")
        .stderr_has("invalid value 'bsh'")
        .stderr_has("a similar value exists: 'bash'");
    run("demo", ["completions"]).usage_error("demo completions <SHELL>");
    let help = run("demo", ["completions", "--help"]);
    help.code(0)
        .stdout_has("Usage: demo completions <SHELL>")
        .stdout_has("[possible values: bash, zsh, fish, elvish, powershell, nushell]");
    run("demo", ["--help"])
        .code(0)
        .stdout_has("\n  completions  Print the completion script for a shell\n");
}

#[test]
fn the_callback_never_fails() {
    for args in [
        &["__complete"][..],
        &["__complete", "x"],
        &["__complete", "9", "demo", "nope", "--what"],
        &["__complete", "1", "demo", "\u{fffd}"],
    ] {
        let out = run("demo", args);
        out.code(0).no_stderr();
    }
    let out = run("demo", ["__complete", "1", "demo", "gr"]);
    out.code(0)
        .stdout_is("greet\tGreet someone [aliases: hi]\n");
    // Only at the top: elsewhere it is an unknown name.
    run("demo", ["remote", "__complete", "1"]).usage_error("demo remote <COMMAND>");
}

#[test]
fn the_scripts_are_small() {
    // Every binary carries all six: keep them short.
    let mut total = 0;
    for sh in ["bash", "zsh", "fish", "elvish", "powershell", "nushell"] {
        let mut cmd = example("demo");
        cmd.args(["completions", sh]);
        let out = cmd.output().expect("demo runs");
        total += out.stdout.len();
    }
    assert!(total < 2600, "the six scripts take {total} bytes");
}
