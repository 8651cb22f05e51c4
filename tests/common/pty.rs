//! A person at a terminal: a program run in a pseudo-terminal (by
//! `pty_drive.py`, beside this file, under python3), keys typed, and the
//! screen's output awaited, never slept on.

use std::process::{Command, Stdio};

/// How long one wait for output may take, in seconds. Each wait ends as
/// soon as what it awaits is printed (a shell starts and completes in
/// well under a second here); the bound only decides how soon a broken
/// completion fails. Generous, since the two cores of CI's machine may be
/// compiling other test crates at the same time as a shell starts:
/// `FLASH_PTY_DEADLINE` to change it.
pub fn deadline() -> f64 {
    std::env::var("FLASH_PTY_DEADLINE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0)
}

/// What to type and what to wait for, in order.
#[derive(Default, Clone)]
pub struct Keys(String);

impl Keys {
    pub fn new() -> Keys {
        Keys::default()
    }

    /// Types `keys` (control characters as they are: `\t` is TAB, `\r`
    /// Enter).
    pub fn send(mut self, keys: &str) -> Keys {
        self.0.push_str(&format!("send {}\n", hex(keys.as_bytes())));
        self
    }

    /// Waits for the output to hold `regex` (bytes, `.` matches newlines);
    /// its group 1, or the whole match, is kept.
    pub fn expect(mut self, regex: &str) -> Keys {
        self.0
            .push_str(&format!("expect {}\n", hex(regex.as_bytes())));
        self
    }
}

/// What the terminal showed.
#[derive(Debug)]
pub struct Screen {
    /// What each `expect` matched, in order.
    pub matches: Vec<String>,
    /// The expression awaited in vain, if any.
    pub failed: Option<String>,
    /// Everything the program printed.
    pub transcript: String,
}

impl Screen {
    /// The matches, or a panic that shows what was awaited and the screen.
    #[track_caller]
    pub fn matches(&self, what: &str) -> &[String] {
        if let Some(failed) = &self.failed {
            panic!(
                "{what}: waited {} s for {failed:?} in vain; the terminal showed:\n{}",
                deadline(),
                self.transcript
            );
        }
        &self.matches
    }
}

/// Runs `program` (its arguments, environment and directory as set) in a
/// pseudo-terminal and types `keys`.
pub fn drive(program: &Command, keys: &Keys) -> Screen {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/pty_drive.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script)
        .arg(deadline().to_string())
        .arg(program.get_program())
        .args(program.get_args());
    for (key, value) in program.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    if let Some(dir) = program.get_current_dir() {
        cmd.current_dir(dir);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (the terminal tests drive shells through its pty module)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("a stdin");
        stdin
            .write_all(keys.0.as_bytes())
            .expect("the keys are written");
    }
    let out = child.wait_with_output().expect("python3 ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut screen = Screen {
        matches: Vec::new(),
        failed: None,
        transcript: String::new(),
    };
    for line in stdout.lines() {
        let (kind, data) = line.split_once(' ').unwrap_or((line, ""));
        let text = String::from_utf8_lossy(&unhex(data)).into_owned();
        match kind {
            "match" => screen.matches.push(text),
            "fail" => screen.failed = Some(text),
            "transcript" => screen.transcript = text,
            _ => {}
        }
    }
    assert!(
        out.status.success() && !screen.transcript.is_empty() || screen.failed.is_some(),
        "pty_drive failed: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    screen
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .filter_map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok())
        .collect()
}
