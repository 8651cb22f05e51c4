//! Prompts (`#[arg(prompt = "…")]`, `secret`), through the built
//! `prompt_probe` example on a real pseudo-terminal (util-linux `script`
//! gives the program one; the test types into it as a user would, one
//! answer after each prompt), and off a terminal.

mod common;

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{example, example_path, run_command};

/// The program on a pseudo-terminal: what it shows, and a way to type.
struct Terminal {
    child: Child,
    keys: ChildStdin,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(args: &str, env: &[(&str, &str)]) -> Terminal {
        let bin = example_path("prompt_probe");
        Terminal::spawn(&format!("{} {args}", bin.display()), env)
    }

    /// `sh -c SCRIPT` on the pseudo-terminal.
    fn start_shell(script: &str) -> Terminal {
        let quoted = script.replace('\'', "'\\''");
        Terminal::spawn(&format!("sh -c '{quoted}'"), &[])
    }

    fn spawn(line: &str, env: &[(&str, &str)]) -> Terminal {
        let mut cmd = Command::new("script");
        // -q: no banner; -e: the child's exit code; -f: flush at once;
        // -c: the command; /dev/null: no typescript file.
        cmd.args(["-qefc", line, "/dev/null"])
            .env_remove("PROBE_PASS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        // The terminal's programs start with SIGINT and SIGQUIT at their
        // defaults, as under an interactive shell, whatever this test
        // inherited: a runner started as a background job of a shell
        // without job control (`cargo test &` in a script) ignores both,
        // the ignoring is inherited through exec, and a program leaves a
        // signal it was given ignored alone (the prompt does too).
        // SAFETY: signal(2) between fork and exec, nothing else.
        unsafe {
            cmd.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                libc::signal(libc::SIGQUIT, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = cmd
            .spawn()
            .expect("util-linux `script` runs the program on a pseudo-terminal");
        let keys = child.stdin.take().expect("piped stdin");
        let mut out = child.stdout.take().expect("piped stdout");
        let screen = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                shared.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal {
            child,
            keys,
            screen,
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// Waits until the screen shows `text` (10 s at most).
    #[track_caller]
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the terminal never showed {text:?}; it shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Types `text` and Enter, at once: a secret prompt turns echo off
    /// before it shows, so what is typed as soon as it shows is neither
    /// echoed nor discarded.
    fn type_line(&mut self, text: &str) {
        self.keys.write_all(format!("{text}\r").as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Waits for the exit; its code and the whole screen.
    fn finish(self) -> (i32, String) {
        self.finish_watching(None)
    }

    /// As [`Terminal::finish`]; if it does not exit, the panic also says
    /// what the kernel says of process `pid` (its state, blocked, caught
    /// and pending signals, where it waits).
    fn finish_watching(mut self, pid: Option<&str>) -> (i32, String) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(50));
                return (status.code().unwrap_or(-1), self.screen());
            }
            if start.elapsed() > Duration::from_secs(20) {
                let state = pid.map(|pid| {
                    let read = |what: &str| {
                        std::fs::read_to_string(format!("/proc/{pid}/{what}"))
                            .unwrap_or_else(|e| format!("({e})"))
                    };
                    let status: String = read("status")
                        .lines()
                        .filter(|l| {
                            [
                                "State", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt",
                                "Threads",
                            ]
                            .iter()
                            .any(|k| l.starts_with(k))
                        })
                        .map(|l| format!("{l}\n"))
                        .collect();
                    format!("process {pid}:\n{status}wchan: {}\n", read("wchan"))
                });
                let _ = self.child.kill();
                panic!(
                    "the program did not exit; screen:\n{}\n{}",
                    self.screen(),
                    state.unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[test]
fn missing_values_are_asked_for_and_the_secret_is_not_echoed() {
    let mut t = Terminal::start("login", &[]);
    t.wait_for("User: ");
    t.type_line("alice");
    t.wait_for("Passphrase: ");
    t.type_line("hunter2-secret");
    t.wait_for("Port: ");
    t.type_line("9000");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("user=alice passphrase-length=14 port=9000"),
        "{screen}"
    );
    // What is typed at a plain prompt is echoed; the secret is not.
    assert!(screen.contains("alice"), "{screen}");
    assert!(
        !screen.contains("hunter2"),
        "the secret was echoed:\n{screen}"
    );
}

#[test]
fn an_empty_answer_takes_the_default_and_a_required_one_asks_again() {
    let mut t = Terminal::start("login", &[]);
    t.wait_for("User: ");
    t.type_line("");
    // Asked again: a required value has no empty answer.
    let start = Instant::now();
    while t.screen().matches("User: ").count() < 2 {
        assert!(start.elapsed() < Duration::from_secs(10), "{}", t.screen());
        std::thread::sleep(Duration::from_millis(10));
    }
    t.type_line("bob");
    t.wait_for("Passphrase: ");
    t.type_line("pw");
    t.wait_for("Port: ");
    t.type_line("");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("user=bob passphrase-length=2 port=8080"),
        "{screen}"
    );
}

#[test]
fn values_from_any_source_are_not_asked_for() {
    let t = Terminal::start("login carol --port 22", &[("PROBE_PASS", "from-env")]);
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("user=carol passphrase-length=8 port=22"),
        "{screen}"
    );
    assert!(
        !screen.contains("User: ") && !screen.contains("Passphrase: "),
        "{screen}"
    );
}

#[test]
fn an_answer_is_checked_like_an_argument() {
    let mut t = Terminal::start("login dave", &[("PROBE_PASS", "x")]);
    t.wait_for("Port: ");
    t.type_line("70000");
    let (code, screen) = t.finish();
    assert_eq!(code, 2, "{screen}");
    assert!(
        screen.contains("invalid value '70000' for '--port <PORT>': 70000 is not in 1..=65535"),
        "{screen}"
    );
}

#[test]
fn end_of_input_at_a_prompt_is_the_missing_argument_error() {
    let mut t = Terminal::start("login", &[]);
    t.wait_for("User: ");
    t.keys.write_all(&[4]).unwrap(); // Ctrl-D
    t.keys.flush().unwrap();
    let (code, screen) = t.finish();
    assert_eq!(code, 2, "{screen}");
    assert!(
        screen.contains("the following required arguments were not provided:"),
        "{screen}"
    );
}

#[test]
fn off_a_terminal_nothing_is_asked() {
    // stdin is /dev/null (`example` sets it): the usual usage error.
    let mut cmd = example("prompt_probe");
    cmd.arg("login");
    let out = run_command(cmd);
    out.code(2).no_stdout();
    out.stderr_has("error: the following required arguments were not provided:\n  <USER>\n  --passphrase <PASSPHRASE>\n");
    assert!(!out.stderr.contains("User: "), "{out:#?}");
}

/// A signal while a secret prompt waits (echo off) ends the program as the
/// signal would, and the terminal has its echo back: a shell on the same
/// terminal, after it, finds `echo` in `stty -a`.
#[test]
fn a_signal_at_a_secret_prompt_gives_the_terminal_its_echo_back() {
    let bin = example_path("prompt_probe");
    for (sig, number) in [("INT", 2), ("TERM", 15), ("HUP", 1), ("QUIT", 3)] {
        // The probe in the foreground (a background job of a shell
        // without job control ignores SIGINT), as an inner shell that says
        // its pid and becomes it; the outer shell goes on after it and
        // reads the terminal's settings.
        let script = format!(
            "sh -c 'echo \"pid=$$\"; exec \"$0\" login alice' '{}'; echo \"code=$?\"; stty -a",
            bin.display()
        );
        let t = Terminal::start_shell(&script);
        t.wait_for("Passphrase: ");
        let screen = t.screen();
        let pid = screen
            .split("pid=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("the probe's pid");
        let kill = Command::new("kill")
            .args([&format!("-{sig}"), pid])
            .status()
            .expect("kill");
        assert!(kill.success());
        println!("sent SIG{sig} to the probe, pid {pid}");
        let (code, screen) = t.finish_watching(Some(pid));
        assert_eq!(code, 0, "{screen}");
        assert!(
            screen.contains(&format!("code={}", 128 + number)),
            "SIG{sig}: {screen}"
        );
        let settings = screen
            .split(&format!("code={}", 128 + number))
            .nth(1)
            .unwrap_or("");
        let words: Vec<&str> = settings.split_whitespace().collect();
        assert!(
            words.contains(&"echo") && !words.contains(&"-echo"),
            "SIG{sig}: the terminal was left without echo:\n{screen}"
        );
    }
}
