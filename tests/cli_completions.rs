//! Completion as a user meets it: `COMPLETE=<shell> prog` loaded the way a
//! dotfile loads it, a partial command line typed into the real shell in
//! a pseudo-terminal, TAB, then Enter, and what the program received
//! (the `complete_probe` example prints its argv). A sandbox directory
//! holds hostile file names (`$(touch PWNED)`, quotes, spaces, `:`, `;`,
//! a newline, `--force`), and the probe offers hostile values: nothing is
//! ever run (no `PWNED` appears), every candidate arrives as one word.
//!
//! - bash: readline inserts; a key bound with `bind -x` prints the line
//!   after TAB, so what readline inserted is checked too;
//! - zsh: its completion system (`compinit`), a zle widget prints the line;
//! - fish: interactively, and `complete -C` for candidates and their help;
//! - elvish and nushell: interactively (TAB, accept, Enter);
//! - every shell's protocol (`COMPLETE=<shell> prog -- WORDS`) is checked
//!   directly too, PowerShell's only that way (no pwsh installs here).
//!
//! A shell that is not installed fails its test with how to install it
//! (`.ci/install-shells`), unless `FLASH_SKIP_SHELLS=1`. Waits are for
//! output with a deadline (`tests/common/pty.rs` says why it is long),
//! never sleeps.

mod common;
#[path = "common/pty.rs"]
mod pty;

#[allow(dead_code)]
#[path = "../examples/complete_probe.rs"]
mod complete_probe;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{example, example_path, run, run_command, Run};
use pty::{drive, Keys};

// ---------------------------------------------------------------- setup

/// Whether a missing tool may be skipped rather than fail.
fn may_skip() -> bool {
    std::env::var_os("FLASH_SKIP_SHELLS").is_some_and(|v| v == "1")
}

/// The path of `name` on `PATH`, or `None` when it is missing and may be
/// skipped; a missing one fails the test with how to install it.
fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            may_skip(),
            "`{name}` is not installed: the completion tests drive bash, zsh, fish, elvish \
             and nushell (`nu`) in a pseudo-terminal through python3; run .ci/install-shells \
             (or set FLASH_SKIP_SHELLS=1 to skip them)"
        );
        eprintln!("skipped: `{name}` is not installed and FLASH_SKIP_SHELLS=1");
    }
    found
}

/// A shell and python3 (which drives the terminal), or `None` to skip.
fn shell(name: &str) -> Option<PathBuf> {
    let shell = tool(name)?;
    tool("python3")?;
    Some(shell)
}

/// A directory of its own per test: `home/`, and `work/` (where shells
/// start) holding the names paths complete to.
struct Sandbox {
    root: tempfile::TempDir,
}

/// The files of `work/`: each but the last two unique by its first
/// letters, so that typing those and TAB inserts it.
const FILES: &[&str] = &[
    "a b.txt",
    "it's.txt",
    "q\"uote.txt",
    "x:y.txt",
    "$(touch PWNED)",
    "semi;colon",
    "new\nline.txt",
    "my dir/inner file",
    "notes/a b",
    "notes/$(touch PWNED)",
    "notes/plain",
    "dash/--force",
];

impl Sandbox {
    fn new() -> Sandbox {
        let root = tempfile::tempdir().expect("a temp dir");
        for dir in ["home", "work"] {
            std::fs::create_dir_all(root.path().join(dir)).expect("a directory");
        }
        let work = root.path().join("work");
        for file in FILES {
            let path = work.join(file);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
            std::fs::write(&path, "").expect("a file");
        }
        Sandbox { root }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        std::fs::write(&path, text).expect("write a file");
        path
    }

    /// `program` in `work/`, the examples first on `PATH` (the scripts
    /// call them by name), a home and XDG directories of the sandbox's
    /// (shells keep history and state there), a terminal type every
    /// Debian has.
    fn command(&self, program: &Path) -> Command {
        let examples = example_path("complete_probe")
            .parent()
            .expect("the examples' directory")
            .to_owned();
        // The dates the examples were built are checked once here.
        example_path("demo");
        let mut paths = vec![examples];
        paths.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path: OsString = std::env::join_paths(paths).expect("a PATH");
        let home = self.path("home");
        let mut cmd = Command::new(program);
        cmd.current_dir(self.path("work"))
            .env("PATH", path)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", &home)
            .env("TERM", "xterm")
            .env("LANG", "C.UTF-8")
            .env("INPUTRC", "/dev/null")
            .env_remove("COMPLETE")
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null());
        cmd
    }

    /// Asserts that no completion or command line ran anything from a
    /// file name or a value: no `PWNED` anywhere in `work/`.
    #[track_caller]
    fn assert_nothing_ran(&self, transcript: &str) {
        let mut stack = vec![self.path("work")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("a directory").flatten() {
                assert_ne!(
                    entry.file_name(),
                    "PWNED",
                    "something ran a file name or value; the terminal showed:\n{transcript}"
                );
                if entry.path().is_dir() {
                    stack.push(entry.path());
                }
            }
        }
    }
}

// ---------------------------------------------------------------- typing

/// A command line typed, TAB pressed (also wherever the text holds a
/// `\t`), and what the shell inserted run with Enter: the probe's argv,
/// or `None` where the line is only completed (and cleared).
#[derive(Clone, Copy)]
struct Typed {
    keys: &'static str,
    argv: Option<&'static [&'static str]>,
    /// What bash's readline holds after the last TAB (checked in bash).
    bash_line: Option<&'static str>,
}

const fn typed(
    keys: &'static str,
    argv: &'static [&'static str],
    bash_line: &'static str,
) -> Typed {
    Typed {
        keys,
        argv: Some(argv),
        bash_line: Some(bash_line),
    }
}

/// The lines every interactive shell completes alike.
const LINES: &[Typed] = &[
    // A command; a value enum, apart and after `=`; the other enum's json.
    typed("complete_probe sh", &["show"], "complete_probe show "),
    typed(
        "complete_probe show --format j",
        &["show", "--format", "json"],
        "complete_probe show --format json ",
    ),
    typed(
        "complete_probe show --format=c",
        &["show", "--format=csv"],
        "complete_probe show --format=csv ",
    ),
    typed(
        "complete_probe show --layout t",
        &["show", "--layout", "table"],
        "complete_probe show --layout table ",
    ),
    // Paths after `--output=`, a `:` in the name, typed up to past it.
    typed(
        "complete_probe show --output=x",
        &["show", "--output=x:y.txt"],
        "complete_probe show --output=x:y.txt ",
    ),
    typed(
        "complete_probe show --output=x:",
        &["show", "--output=x:y.txt"],
        "complete_probe show --output=x:y.txt ",
    ),
    // Hostile file names, bare and in an open quote.
    typed(
        "complete_probe show a",
        &["show", "a b.txt"],
        "complete_probe show a\\ b.txt ",
    ),
    typed(
        "complete_probe show 'a",
        &["show", "a b.txt"],
        "complete_probe show 'a b.txt' ",
    ),
    typed(
        "complete_probe show \"a",
        &["show", "a b.txt"],
        "complete_probe show \"a b.txt\" ",
    ),
    typed(
        "complete_probe show it",
        &["show", "it's.txt"],
        "complete_probe show it\\'s.txt ",
    ),
    typed(
        "complete_probe show se",
        &["show", "semi;colon"],
        "complete_probe show semi\\;colon ",
    ),
    typed(
        "complete_probe show q",
        &["show", "q\"uote.txt"],
        "complete_probe show q\\\"uote.txt ",
    ),
    typed(
        "complete_probe show new",
        &["show", "new\nline.txt"],
        "complete_probe show new$'\\n'line.txt ",
    ),
    typed(
        "complete_probe show '$",
        &["show", "$(touch PWNED)"],
        "complete_probe show '$(touch PWNED)' ",
    ),
    // A directory takes no space: typing goes on into it.
    typed(
        "complete_probe show my\ti",
        &["show", "my dir/inner file"],
        "complete_probe show my\\ dir/inner\\ file ",
    ),
    // `value_hint = dir`: only directories, for an option and a global.
    typed(
        "complete_probe show --into m",
        &["show", "--into", "my dir/"],
        "complete_probe show --into my\\ dir/",
    ),
    typed(
        "complete_probe show --into=n",
        &["show", "--into=notes/"],
        "complete_probe show --into=notes/",
    ),
    typed(
        "complete_probe --dir no\t show --format p",
        &["--dir", "notes/", "show", "--format", "plain"],
        "complete_probe --dir notes/ show --format plain ",
    ),
    // Hostile possible values.
    typed(
        "complete_probe show --tag '$",
        &["show", "--tag", "$(touch PWNED)"],
        "complete_probe show --tag '$(touch PWNED)' ",
    ),
    typed(
        "complete_probe show --tag '`",
        &["show", "--tag", "`touch PWNED`"],
        "complete_probe show --tag '`touch PWNED`' ",
    ),
    typed(
        "complete_probe show --tag se",
        &["show", "--tag", "semi;colon"],
        "complete_probe show --tag semi\\;colon ",
    ),
    typed(
        "complete_probe show --tag k",
        &["show", "--tag", "k=v"],
        "complete_probe show --tag k=v ",
    ),
    typed(
        "complete_probe show --tag ne",
        &["show", "--tag", "new\nline"],
        "complete_probe show --tag new$'\\n'line ",
    ),
    typed(
        "complete_probe show --tag b",
        &["show", "--tag", "back\\slash"],
        "complete_probe show --tag back\\\\slash ",
    ),
    typed(
        "complete_probe show --tag=x",
        &["show", "--tag=x:y"],
        "complete_probe show --tag=x:y ",
    ),
    // A completer backed by state that a global typed on the line chose.
    typed(
        "complete_probe --dir notes open pl",
        &["--dir", "notes", "open", "plain"],
        "complete_probe --dir notes open plain ",
    ),
    typed(
        "complete_probe --dir notes open '$",
        &["--dir", "notes", "open", "$(touch PWNED)"],
        "complete_probe --dir notes open '$(touch PWNED)' ",
    ),
    // `-5` is the positional: what follows it is completed.
    typed(
        "complete_probe seek -5 s",
        &["seek", "-5", "start"],
        "complete_probe seek -5 start ",
    ),
    // A global before the command name, then the command.
    typed(
        "complete_probe --col\tn\tsh",
        &["--color", "never", "show"],
        "complete_probe --color never show ",
    ),
    // A completer that panics offers nothing: the line stays as typed.
    Typed {
        keys: "complete_probe open --broken x",
        argv: None,
        bash_line: Some("complete_probe open --broken x"),
    },
];

/// In `dash/`, whose only file is `--force`: it completes as a path.
/// (From `.`: fish shows no candidate starting with `.` before a `.` is
/// typed; the protocol test checks the empty word.)
const IN_DASH: Typed = typed(
    "complete_probe show .",
    &["show", "./--force"],
    "complete_probe show ./--force ",
);

/// `argv` as the probe prints it.
fn argv_line(argv: &[&str]) -> String {
    let argv: Vec<OsString> = argv.iter().map(OsString::from).collect();
    format!("argv: {argv:?}")
}

/// How a shell is driven: its command, how its prompt shows, and the
/// keys that print the line (if it has such a binding here).
struct Driver {
    name: &'static str,
    command: Command,
    /// The key that prints `<line>…</line>`, if bound.
    show_line: Option<&'static str>,
    /// What accepts a candidate chosen from a menu before Enter runs the
    /// line (elvish's completion mode).
    accept: &'static str,
}

/// Types `lines` into the shell (then `cd dash` and the `--force` case)
/// and checks what each run received and, in bash, what readline
/// inserted.
fn type_lines(sandbox: &Sandbox, driver: Driver, lines: &[Typed]) {
    let name = driver.name;
    // What each `expect` is, in order, and what it must match (if said).
    let mut checks: Vec<(String, Option<String>)> = vec![("the first prompt".into(), None)];
    let mut keys = Keys::new().expect("<ready>");
    let all = lines.iter().map(|t| (t, false)).chain([(&IN_DASH, true)]);
    for (line, in_dash) in all {
        let what = |check: &str| format!("{name}: `{}` + TAB: {check}", line.keys);
        if in_dash {
            keys = keys.send("cd dash\r").expect("<ready>");
            checks.push(("the prompt after `cd dash`".into(), None));
        }
        keys = keys.send(line.keys).send("\t");
        if let Some(show) = driver.show_line {
            // The line, then the prompt drawn again: the shell ran the
            // binding with the terminal in its ordinary mode, where a key
            // typed meanwhile would be read by the terminal (Ctrl-U erases
            // its input); keys go on once the line editor is back.
            keys = keys
                .send(show)
                .expect("<line>(.*?)</line>")
                .expect("<ready>");
            let shown = line.bash_line.filter(|_| name == "bash");
            checks.push((what("the line"), shown.map(str::to_owned)));
            checks.push((what("the prompt drawn again"), None));
        }
        match line.argv {
            Some(argv) => {
                keys = keys
                    .send(driver.accept)
                    .send("\r")
                    .expect(r"(argv: \[[^\r\n]*\]|error: [^\r\n]*)")
                    .expect("<ready>");
                checks.push((what("what the program received"), Some(argv_line(argv))));
                checks.push((what("the next prompt"), None));
            }
            // Ctrl-U: the line is cleared, not run.
            None => keys = keys.send("\x15"),
        }
    }
    let screen = drive(&driver.command, &keys);
    let matches = screen.matches(name);
    for ((what, expected), got) in checks.iter().zip(matches) {
        if let Some(expected) = expected {
            assert_eq!(
                got.replace('\r', ""),
                *expected,
                "{what}; the terminal showed:\n{}",
                screen.transcript
            );
        }
    }
    sandbox.assert_nothing_ran(&screen.transcript);
    for quiet in ["panicked", "the completer broke", "RUST_BACKTRACE"] {
        assert!(
            !screen.transcript.contains(quiet),
            "{name}: a completion printed {quiet:?}:\n{}",
            screen.transcript
        );
    }
}

// ---------------------------------------------------------------- shells

#[test]
fn bash_readline_inserts_candidates_as_one_word_each() {
    let Some(bash) = shell("bash") else { return };
    let sandbox = Sandbox::new();
    let rc = sandbox.write(
        "bashrc",
        r#"PS1='<ready>'
HISTFILE=/dev/null
bind 'set bell-style none'
bind 'set enable-bracketed-paste off'
bind -x '"\C-x\C-l": printf "<line>%s</line>\n" "$READLINE_LINE"'
source <(COMPLETE=bash complete_probe)
"#,
    );
    let mut command = sandbox.command(&bash);
    command.arg("--noprofile").arg("--rcfile").arg(rc).arg("-i");
    let driver = Driver {
        name: "bash",
        command,
        show_line: Some("\x18\x0c"),
        accept: "",
    };
    type_lines(&sandbox, driver, LINES);
}

#[test]
fn bash_completes_runtime_options_before_the_command_name() {
    let Some(bash) = shell("bash") else { return };
    let sandbox = Sandbox::new();
    // Set as a user might: `:` and `=` no word breaks for readline.
    let rc = sandbox.write(
        "bashrc",
        r#"PS1='<ready>'
HISTFILE=/dev/null
COMP_WORDBREAKS=${COMP_WORDBREAKS//[:=]}
bind 'set bell-style none'
bind 'set enable-bracketed-paste off'
bind -x '"\C-x\C-l": printf "<line>%s</line>\n" "$READLINE_LINE"'
source <(COMPLETE=bash demo)
source <(COMPLETE=bash complete_probe)
"#,
    );
    let mut command = sandbox.command(&bash);
    command.arg("--noprofile").arg("--rcfile").arg(rc).arg("-i");
    let lines = [
        Typed {
            keys: "demo --ti",
            argv: None,
            bash_line: Some("demo --timeout "),
        },
        Typed {
            keys: "demo --timeout 5s siz",
            argv: None,
            bash_line: Some("demo --timeout 5s sizes "),
        },
        typed(
            "complete_probe show --output=x:",
            &["show", "--output=x:y.txt"],
            "complete_probe show --output=x:y.txt ",
        ),
    ];
    let driver = Driver {
        name: "bash",
        command,
        show_line: Some("\x18\x0c"),
        accept: "",
    };
    type_lines(&sandbox, driver, &lines);
}

/// zsh's rc: the completion system, a prompt to wait for, and a widget
/// that prints the line.
fn zshrc(sandbox: &Sandbox, load: &str) -> PathBuf {
    let dir = sandbox.path("zdotdir");
    sandbox.write(
        "zdotdir/.zshrc",
        &format!(
            r#"PS1='<ready>'
unsetopt prompt_sp
HISTFILE=/dev/null
{load}
show-line() {{ zle -I; print -r -- "<line>$BUFFER</line>" }}
zle -N show-line
bindkey '^X^L' show-line
"#
        ),
    );
    dir
}

#[test]
fn zsh_completion_system_inserts_candidates_as_one_word_each() {
    let Some(zsh) = shell("zsh") else { return };
    let sandbox = Sandbox::new();
    let dir = zshrc(
        &sandbox,
        "autoload -Uz compinit && compinit -u -D\nsource <(COMPLETE=zsh complete_probe)",
    );
    let mut command = sandbox.command(&zsh);
    command.env("ZDOTDIR", dir).arg("-i");
    let driver = Driver {
        name: "zsh",
        command,
        show_line: Some("\x18\x0c"),
        accept: "",
    };
    type_lines(&sandbox, driver, LINES);
}

#[test]
fn zsh_loads_the_script_from_fpath_too() {
    let Some(zsh) = shell("zsh") else { return };
    let sandbox = Sandbox::new();
    // Saved as `_complete_probe` in `$fpath`: compinit finds it by its
    // `#compdef` line, and its first call completes.
    let script = run_env_complete("complete_probe", "zsh", &[]);
    sandbox.write("functions/_complete_probe", &script.stdout);
    let dir = zshrc(
        &sandbox,
        &format!(
            "fpath=({} $fpath)\nautoload -Uz compinit && compinit -u -D",
            sandbox.path("functions").display()
        ),
    );
    let mut command = sandbox.command(&zsh);
    command.env("ZDOTDIR", dir).arg("-i");
    let driver = Driver {
        name: "zsh",
        command,
        show_line: Some("\x18\x0c"),
        accept: "",
    };
    type_lines(&sandbox, driver, &LINES[..3]);
}

#[test]
fn fish_inserts_candidates_as_one_word_each() {
    let Some(fish) = shell("fish") else { return };
    let sandbox = Sandbox::new();
    let mut command = sandbox.command(&fish);
    command.arg("--no-config").arg("-C").arg(
        r#"function fish_prompt; printf '<ready>'; end
COMPLETE=fish complete_probe | source
bind \cx\cl 'echo; echo "<line>"(commandline)"</line>"; commandline -f repaint'"#,
    );
    let driver = Driver {
        name: "fish",
        command,
        show_line: Some("\x18\x0c"),
        accept: "",
    };
    type_lines(&sandbox, driver, LINES);
}

#[test]
fn elvish_inserts_candidates_as_one_word_each() {
    let Some(elvish) = shell("elvish") else {
        return;
    };
    let sandbox = Sandbox::new();
    let rc = sandbox.write(
        "rc.elv",
        "set edit:prompt = { put '<ready>' }\nset edit:rprompt = { put '' }\n\
         eval (env COMPLETE=elvish complete_probe | slurp)\n",
    );
    let mut command = sandbox.command(&elvish);
    command.arg("-rc").arg(rc);
    // TAB opens elvish's completion mode (or inserts a lone candidate);
    // Enter accepts, Enter runs. A TAB mid-line would need the mode left
    // first: those lines are for the other shells.
    let lines: Vec<Typed> = LINES
        .iter()
        .filter(|t| !t.keys.contains('\t') && t.argv.is_some())
        .copied()
        .collect();
    let driver = Driver {
        name: "elvish",
        command,
        show_line: None,
        accept: "\r",
    };
    type_lines(&sandbox, driver, &lines);
}

#[test]
fn nushell_inserts_candidates_as_one_word_each() {
    let Some(nu) = shell("nu") else { return };
    let sandbox = Sandbox::new();
    // `source` takes a file known when the config is parsed.
    let script = run_env_complete("complete_probe", "nushell", &[]);
    let script_path = sandbox.write("probe.nu", &script.stdout);
    let config = sandbox.write(
        "config.nu",
        &format!(
            "$env.config.show_banner = false\n\
             $env.PROMPT_COMMAND = {{|| '<ready>' }}\n\
             $env.PROMPT_COMMAND_RIGHT = {{|| '' }}\n\
             $env.PROMPT_INDICATOR = ''\n\
             source '{}'\n",
            script_path.display()
        ),
    );
    let mut command = sandbox.command(&nu);
    command
        .arg("--no-std-lib")
        .arg("--config")
        .arg(config)
        .arg("--env-config")
        .arg("/dev/null");
    let driver = Driver {
        name: "nushell",
        command,
        show_line: None,
        accept: "",
    };
    let lines: Vec<Typed> = LINES.iter().filter(|t| t.argv.is_some()).copied().collect();
    type_lines(&sandbox, driver, &lines);
}

/// What `complete -C LINE` gives in fish: `(value, help)` pairs.
fn fish_complete(sandbox: &Sandbox, fish: &Path, line: &str) -> Vec<(String, String)> {
    let mut cmd = sandbox.command(fish);
    cmd.arg("--no-config")
        .arg("-c")
        .arg("COMPLETE=fish complete_probe | source; COMPLETE=fish demo | source; complete -C $argv[1]")
        .arg(line);
    let out = run_command(cmd);
    out.code(0);
    out.stdout
        .lines()
        .map(|l| {
            let (value, help) = l.split_once('\t').unwrap_or((l, ""));
            (value.to_owned(), help.to_owned())
        })
        .collect()
}

#[test]
fn fish_lists_candidates_with_their_own_help() {
    let Some(fish) = shell("fish") else { return };
    let sandbox = Sandbox::new();
    let pairs = |line: &str| fish_complete(&sandbox, &fish, line);
    let format = pairs("complete_probe show --format ");
    assert!(
        format.contains(&("json".into(), "JSON lines".into())),
        "{format:?}"
    );
    let layout = pairs("complete_probe show --layout ");
    assert!(
        layout.contains(&("json".into(), "One JSON document per page".into())),
        "{layout:?}"
    );
    // The values complete as one token each, paths after `=` too.
    let values: Vec<String> = pairs("complete_probe show --tag ")
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert!(values.contains(&"$(touch PWNED)".to_owned()), "{values:?}");
    assert!(values.contains(&"a b".to_owned()), "{values:?}");
    let paths: Vec<String> = pairs("complete_probe show --output=x")
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(paths, ["--output=x:y.txt"]);
    let commands: Vec<String> = pairs("complete_probe ")
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(
        commands,
        ["show", "open", "seek", "tag", "completions", "help"]
    );
    let runtime: Vec<String> = pairs("demo --ti").into_iter().map(|(v, _)| v).collect();
    assert_eq!(runtime, ["--timeout"]);
    sandbox.assert_nothing_ran("");
}

// ---------------------------------------------------------------- protocol

/// Runs `COMPLETE=<shell> prog ARGS…`.
fn run_env_complete(prog: &str, shell: &str, args: &[&str]) -> Run {
    run_complete_in(None, prog, shell, args, &[])
}

/// Runs `COMPLETE=<shell> prog ARGS…` in a sandbox's `work/` (if any),
/// with `vars` besides.
fn run_complete_in(
    sandbox: Option<&Sandbox>,
    prog: &str,
    shell: &str,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Run {
    let mut cmd = example(prog);
    cmd.env("COMPLETE", shell).args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    if let Some(sandbox) = sandbox {
        cmd.current_dir(sandbox.path("work"));
    }
    run_command(cmd)
}

/// The records a raw-value shell (fish, zsh, elvish) gets for `words`:
/// `(value, help)` pairs.
fn records(sandbox: &Sandbox, words: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["--", "complete_probe"];
    args.extend(words);
    let out = run_complete_in(Some(sandbox), "complete_probe", "fish", &args, &[]);
    out.code(0).no_stderr();
    out.stdout
        .split_terminator('\0')
        .map(|r| {
            let (value, help) = r.rsplit_once('\t').expect("value<TAB>help");
            (value.to_owned(), help.to_owned())
        })
        .collect()
}

fn values(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    records(sandbox, words)
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

#[test]
fn complete_prints_the_registration_that_completions_prints() {
    let bin = example_path("complete_probe");
    let path = bin.to_string_lossy();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell", "nushell"] {
        let registered = run_env_complete("complete_probe", shell, &[]);
        registered.code(0).no_stderr();
        let script = &registered.stdout;
        // The script calls the program back through the variable, by the
        // path it was run as, and never through a command or flag.
        assert!(script.contains("COMPLETE"), "{shell}:\n{script}");
        assert!(script.contains(&*path), "{shell}: calls {path}:\n{script}");
        assert!(
            !script.contains("__complete") && !script.contains(" completions"),
            "{shell}:\n{script}"
        );
        // `completions <SHELL>` and `app.completion` name the program.
        let by_name = script.replace(&*path, "complete_probe");
        let printed = run("complete_probe", ["completions", shell]);
        printed.code(0).no_stderr().stdout_is(&by_name);
        assert_eq!(
            complete_probe::app().completion(shell).as_deref(),
            Some(&*by_name)
        );
        // As clap_complete: `--` with nothing after it, and a path.
        run_env_complete("complete_probe", shell, &["--"]).stdout_is(script);
        run_env_complete("complete_probe", &format!("/usr/bin/{shell}"), &[]).stdout_is(script);
    }
    let pwsh = run_env_complete("complete_probe", "pwsh", &[]);
    pwsh.code(0)
        .stdout_is(&run_env_complete("complete_probe", "powershell", &[]).stdout);
    let nu = run_env_complete("complete_probe", "nu", &[]);
    nu.code(0)
        .stdout_is(&run_env_complete("complete_probe", "nushell", &[]).stdout);
    assert_eq!(complete_probe::app().completion("tcsh"), None);
}

#[test]
fn complete_set_empty_or_0_is_an_ordinary_run_and_another_shell_an_error() {
    for off in ["", "0"] {
        run_env_complete("complete_probe", off, &["seek", "3"])
            .code(0)
            .stdout_has("argv: [\"seek\", \"3\"]");
    }
    let out = run_env_complete("complete_probe", "tcsh", &[]);
    out.code(2).no_stdout().stderr_has("unknown shell 'tcsh'");
}

#[test]
fn completions_command_names_its_shells() {
    let out = run("demo", ["completions", "bsh"]);
    out.code(2)
        .no_stdout()
        .stderr_has("invalid value 'bsh'")
        .stderr_has("a similar value exists: 'bash'");
    run("demo", ["completions"])
        .code(2)
        .no_stdout()
        .stderr_has("<SHELL>");
    run("demo", ["completions", "--help"])
        .code(0)
        .stdout_has("Usage: demo completions ")
        .stdout_has(" <SHELL>")
        .stdout_has("[possible values: bash, zsh, fish, elvish, powershell, nushell]");
    run("demo", ["--help"])
        .code(0)
        .stdout_has("\n  completions  Print the completion script for a shell\n");
}

#[test]
fn shared_variant_names_keep_their_own_help() {
    let sandbox = Sandbox::new();
    let format = records(&sandbox, &["show", "--format", ""]);
    assert_eq!(
        format,
        [
            ("plain".into(), "One line each".into()),
            ("json".into(), "JSON lines".into()),
            ("csv".into(), "Comma-separated values".into()),
        ]
    );
    let layout = records(&sandbox, &["show", "--layout", ""]);
    assert_eq!(
        layout,
        [
            ("json".into(), "One JSON document per page".into()),
            ("table".into(), "An aligned table".into()),
        ]
    );
    let attached = records(&sandbox, &["show", "-l", "j"]);
    assert_eq!(
        attached,
        [("json".into(), "One JSON document per page".into())]
    );
    let after_eq = records(&sandbox, &["show", "--format=j"]);
    assert_eq!(after_eq, [("--format=json".into(), "JSON lines".into())]);
    // Help is the command's own, no `[aliases: …]` suffix.
    let commands = records(&sandbox, &["sh"]);
    assert_eq!(
        commands,
        [("show".into(), "Print files in a format".into())]
    );
}

#[test]
fn a_negative_number_is_the_positional_where_the_parser_takes_it() {
    let sandbox = Sandbox::new();
    assert_eq!(values(&sandbox, &["seek", "-5", ""]), ["start", "end"]);
    assert_eq!(values(&sandbox, &["seek", "-5", "e"]), ["end"]);
    // The parser agrees.
    run("complete_probe", ["seek", "-5", "end"])
        .code(0)
        .stdout_has("seek -5 Some(\"end\")");
    // A value the parser would take for an option is not offered apart
    // from its option; attached, it is.
    assert!(!values(&sandbox, &["show", "--tag", ""]).contains(&"-dash".to_owned()));
    assert_eq!(values(&sandbox, &["show", "--tag=-"]), ["--tag=-dash"]);
}

/// `-` alone is where an option starts (the parser would read it as a
/// value, but a word being typed is a prefix), as clap_complete offers.
#[test]
fn a_lone_dash_offers_the_options() {
    let sandbox = Sandbox::new();
    let offered = values(&sandbox, &["show", "-"]);
    for option in ["--tag", "--format", "-h", "--help"] {
        assert!(
            offered.contains(&option.to_owned()),
            "{option}: {offered:?}"
        );
    }
    assert!(offered.iter().all(|v| v.starts_with('-')), "{offered:?}");
}

/// A program whose commands are all sync has no runtime option to offer,
/// anywhere.
#[test]
fn a_sync_program_is_offered_no_runtime_option() {
    let out = run_env_complete("grep", "fish", &["--", "grep", "--"]);
    out.code(0).no_stderr();
    assert!(out.stdout.contains("--count\t"), "{}", out.stdout);
    for runtime in [
        "--timeout",
        "--metrics",
        "--max-concurrency",
        "--memory-limit",
    ] {
        assert!(!out.stdout.contains(runtime), "{runtime}: {}", out.stdout);
    }
}

#[test]
fn completers_read_state_from_the_line_and_a_panic_offers_nothing() {
    let sandbox = Sandbox::new();
    assert_eq!(
        records(&sandbox, &["--dir", "notes", "open", ""]),
        [
            ("$(touch PWNED)".into(), "a note".into()),
            ("a b".into(), "a note".into()),
            ("plain".into(), "a note".into()),
        ]
    );
    assert_eq!(
        values(&sandbox, &["--dir", "my dir", "open", "i"]),
        ["inner file"]
    );
    // Globals after the command name reach the state too.
    assert_eq!(
        values(&sandbox, &["open", "--dir", "notes", "p"]),
        ["plain"]
    );
    // A provider that fails (no such directory) and a completer that
    // panics: nothing offered, nothing printed, exit 0.
    for words in [
        &["--dir", "nowhere", "open", ""][..],
        &["open", "--broken", ""],
    ] {
        let mut args = vec!["--", "complete_probe"];
        args.extend(words);
        for shell in ["bash", "zsh", "fish", "elvish", "powershell", "nushell"] {
            let out = run_complete_in(Some(&sandbox), "complete_probe", shell, &args, &[]);
            out.code(0).no_stdout().no_stderr();
        }
    }
    sandbox.assert_nothing_ran("");
}

#[test]
fn value_hint_dir_offers_directories_only() {
    let sandbox = Sandbox::new();
    assert_eq!(
        values(&sandbox, &["show", "--into", ""]),
        ["dash/", "my dir/", "notes/"]
    );
    assert_eq!(values(&sandbox, &["--dir", "n"]), ["notes/"]);
    assert_eq!(
        values(&sandbox, &["show", "--into", "a"]),
        Vec::<String>::new()
    );
    // Files where a path is asked for, a leading `-` made a path.
    let files = values(&sandbox, &["show", ""]);
    for path in ["a b.txt", "my dir/", "new\nline.txt", "$(touch PWNED)"] {
        assert!(files.contains(&path.to_owned()), "{path:?} in {files:?}");
    }
    // In `dash/`, `--force` completes as a path, not an option; typed
    // after `--`, as typed.
    assert_eq!(values(&sandbox, &["show", "dash/"]), ["dash/--force"]);
    let mut cmd = example("complete_probe");
    cmd.current_dir(sandbox.path("work/dash"))
        .env("COMPLETE", "fish")
        .args(["--", "complete_probe", "show", ""]);
    run_command(cmd).code(0).stdout_is("./--force\t\0");
    let mut cmd = example("complete_probe");
    cmd.current_dir(sandbox.path("work/dash"))
        .env("COMPLETE", "fish")
        .args(["--", "complete_probe", "show", "--", "--f"]);
    run_command(cmd).code(0).stdout_is("--force\t\0");
}

#[test]
fn runtime_options_and_globals_are_offered_before_the_command_name() {
    let sandbox = Sandbox::new();
    let mut args = vec!["--", "demo", "--ti"];
    let out = run_complete_in(Some(&sandbox), "demo", "fish", &args, &[]);
    out.code(0).stdout_has("--timeout\t");
    args = vec!["--", "demo", "--timeout", "5s", "si"];
    run_complete_in(Some(&sandbox), "demo", "fish", &args, &[])
        .code(0)
        .stdout_has("sizes\t");
    assert_eq!(values(&sandbox, &["--co"]), ["--color"]);
    assert_eq!(values(&sandbox, &["--color", "never", "se"]), ["seek"]);
    // Hidden commands and options are never offered.
    assert!(values(&sandbox, &["de"]).is_empty());
    assert!(values(&sandbox, &["show", "--inter"]).is_empty());
}

/// bash's answer for a line typed up to the cursor.
fn bash_answer(sandbox: &Sandbox, line: &str, breaks: Option<&str>) -> Vec<String> {
    let mut vars = vec![("_FLASH_COMPLETE_LINE", line)];
    if let Some(breaks) = breaks {
        vars.push(("_FLASH_COMPLETE_WORDBREAKS", breaks));
    }
    let out = run_complete_in(
        Some(sandbox),
        "complete_probe",
        "bash",
        &["--", "complete_probe"],
        &vars,
    );
    out.code(0).no_stderr();
    out.stdout.lines().map(str::to_owned).collect()
}

#[test]
fn bash_gets_what_readline_replaces_quoted() {
    let sandbox = Sandbox::new();
    let answer = |line: &str| bash_answer(&sandbox, line, None);
    // Readline replaces from its own word start: after `=` and `:`.
    assert_eq!(answer("complete_probe show --output=x"), ["x:y.txt"]);
    assert_eq!(answer("complete_probe show --output=x:"), ["y.txt"]);
    assert_eq!(
        bash_answer(
            &sandbox,
            "complete_probe show --output=x:",
            Some(" \t\n\"'><;|&(")
        ),
        ["--output=x:y.txt"]
    );
    // After an open quote, inside it; bare, escaped.
    assert_eq!(answer("complete_probe show 'my"), ["my dir/"]);
    assert_eq!(answer("complete_probe show 'i"), ["it'\\''s.txt"]);
    assert_eq!(answer("complete_probe show \"$"), ["\\$(touch PWNED)"]);
    assert_eq!(answer("complete_probe show $"), ["\\$\\(touch\\ PWNED\\)"]);
    assert_eq!(answer("complete_probe show new"), ["new$'\\n'line.txt"]);
    // Words before the cursor are read as bash reads them.
    assert_eq!(
        answer("complete_probe --dir 'my dir' open i"),
        ["inner\\ file"]
    );
    // Two candidates whose quotings differ right after their common
    // part: readline stops at that part, never inside a quoting.
    std::fs::write(sandbox.path("work/notes/a!b"), "").expect("a file");
    let answer = answer("complete_probe --dir notes open a");
    assert_eq!(answer, ["a\\ b", "a\\!b", "a"]);
}

#[test]
fn nushell_and_powershell_get_quoted_values() {
    let sandbox = Sandbox::new();
    let lines = |shell: &str, words: &[&str]| -> Vec<String> {
        let mut args = vec!["--", "complete_probe"];
        args.extend(words);
        let out = run_complete_in(Some(&sandbox), "complete_probe", shell, &args, &[]);
        out.code(0).no_stderr();
        out.stdout
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_owned())
            .collect()
    };
    // nu adds no space after a value: flash does, but after a directory.
    let nu: Vec<String> = lines("nushell", &["show", "--tag", ""])
        .into_iter()
        .map(|v| v.strip_suffix(' ').expect("a space after it").to_owned())
        .collect();
    for expected in [
        "'a b'",
        "'$(touch PWNED)'",
        "\"it's\"",
        "x:y",
        "\"new\\nline\"",
        "'back\\slash'",
    ] {
        assert!(nu.contains(&expected.to_owned()), "{expected} in {nu:?}");
    }
    // nu hands over the words as typed: an open quote is read.
    assert_eq!(lines("nushell", &["show", "'my"]), ["'my dir/'"]);
    let ps = lines("powershell", &["show", "--tag", ""]);
    for expected in [
        "'a b'",
        "'$(touch PWNED)'",
        "'it''s'",
        "x:y",
        "\"new`nline\"",
    ] {
        assert!(ps.contains(&expected.to_owned()), "{expected} in {ps:?}");
    }
    assert_eq!(lines("powershell", &["show", "'my"]), ["'my dir/'"]);
}

#[test]
fn the_callback_never_fails() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell", "nushell"] {
        for words in [
            &["--", "x"][..],
            &["--", "complete_probe", "nope", "--what", ""],
            &["--", "complete_probe", "show", "--format", "--", ""],
            &["--", "complete_probe", "\u{fffd}", "'", "\"", "\\"],
        ] {
            let out = run_complete_in(Some(&sandbox), "complete_probe", shell, words, &[]);
            out.code(0).no_stderr();
        }
        let index = run_complete_in(
            Some(&sandbox),
            "complete_probe",
            shell,
            &["--", "complete_probe", "sh", "ignored"],
            &[
                ("_FLASH_COMPLETE_INDEX", "1"),
                ("_FLASH_COMPLETE_LINE", "complete_probe sh"),
            ],
        );
        index.code(0).no_stderr().stdout_has("show");
    }
}

#[test]
fn the_scripts_are_small() {
    // Every binary carries all six: keep them short.
    let total: usize = ["bash", "zsh", "fish", "elvish", "powershell", "nushell"]
        .iter()
        .map(|shell| {
            complete_probe::app()
                .completion(shell)
                .expect("a script")
                .len()
        })
        .sum();
    assert!(total < 4800, "the six scripts take {total} bytes");
}
