//! clap's console sessions, read as trycmd reads its `.md` files.
//!
//! The rules (trycmd 0.15, `schema.rs`, `parse_trycmd`):
//! - cases live in fenced code blocks whose info string is empty, `console`
//!   or `trycmd` (not with an `ignore` attribute); everything else is text;
//! - `$ ` starts a command, `> ` continues it; the command is split as a
//!   shell would (`shlex`), leading `NAME=value` words set the environment
//!   and the next word names the binary;
//! - an optional `? <status>` line right after it gives the exit status:
//!   a code, `success` (the default), `failed`, `interrupted` or `skipped`;
//! - the lines after it, up to the next `$ ` or the closing fence, are the
//!   expected stdout and stderr together, without their last newline (it is
//!   there for layout, so a case can expect output without one).

use std::fmt;

/// The exit status a case expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Exit code 0.
    Success,
    /// Any exit code but 0 (not a signal).
    Failed,
    /// Ended by a signal.
    Interrupted,
    /// Not run.
    Skipped,
    /// This exit code.
    Code(i32),
}

impl Status {
    fn parse(text: &str) -> Result<Self, String> {
        Ok(match text {
            "success" => Status::Success,
            "failed" => Status::Failed,
            "interrupted" => Status::Interrupted,
            "skipped" => Status::Skipped,
            _ => Status::Code(
                text.parse()
                    .map_err(|_| format!("expected an exit code, got `{text}`"))?,
            ),
        })
    }

    /// Whether a process that exited with `code` (or was ended by a
    /// signal, `None`) has this status.
    pub fn accepts(self, code: Option<i32>) -> bool {
        match (self, code) {
            (Status::Success, Some(0)) => true,
            (Status::Failed, Some(c)) => c != 0,
            (Status::Interrupted, None) => true,
            (Status::Code(want), Some(c)) => want == c,
            _ => false,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Success => f.write_str("success"),
            Status::Failed => f.write_str("failed"),
            Status::Interrupted => f.write_str("interrupted"),
            Status::Skipped => f.write_str("skipped"),
            Status::Code(c) => write!(f, "{c}"),
        }
    }
}

/// One `$ ` command of a session and what it must print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The session file, relative to clap's `examples/`.
    pub file: String,
    /// The line of the `$ `, from 1.
    pub line: usize,
    /// The command as written after `$ ` (continuation lines joined by a
    /// space).
    pub command: String,
    /// `NAME=value` words before the binary.
    pub env: Vec<(String, String)>,
    /// The binary, as the session names it.
    pub bin: String,
    /// Its arguments, split as a shell would.
    pub args: Vec<String>,
    /// The exit status expected.
    pub status: Status,
    /// stdout and stderr together, with trycmd's wildcards.
    pub expected: String,
}

/// Every case of a session file's text. `file` names it in the cases and
/// errors.
pub fn parse(file: &str, text: &str) -> Result<Vec<Case>, String> {
    let text = text.replace("\r\n", "\n");
    let mut lines = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .peekable();
    let mut cases = Vec::new();
    while let Some(fence) = next_session_block(&mut lines) {
        loop {
            let Some((line_num, line)) = lines.next() else {
                return Ok(cases);
            };
            if line.starts_with(&fence) {
                break;
            }
            let Some(raw) = line.strip_prefix("$ ") else {
                return Err(format!(
                    "{file}:{line_num}: expected `$ `, got `{}`",
                    line.trim_end()
                ));
            };
            let mut command = raw.trim().to_owned();
            while let Some(more) = lines.peek().and_then(|(_, l)| l.strip_prefix("> ")) {
                command.push(' ');
                command.push_str(more.trim());
                lines.next();
            }
            let mut status = Status::Success;
            if let Some(raw) = lines.peek().and_then(|(_, l)| l.strip_prefix("? ")) {
                status =
                    Status::parse(raw.trim()).map_err(|e| format!("{file}:{line_num}: {e}"))?;
                lines.next();
            }
            let mut expected = String::new();
            let mut block_done = false;
            while let Some((_, out)) = lines.peek() {
                if out.starts_with("$ ") {
                    break;
                }
                if out.starts_with(&fence) {
                    block_done = true;
                    lines.next();
                    break;
                }
                expected.push_str(out);
                lines.next();
            }
            if expected.ends_with('\n') {
                expected.pop();
            }
            cases.push(case(file, line_num, command, status, expected)?);
            if block_done {
                break;
            }
        }
    }
    Ok(cases)
}

/// Skips to the next block that holds sessions and returns its fence
/// (three or more backticks), or `None` at the end of the file.
fn next_session_block<'a>(lines: &mut impl Iterator<Item = (usize, &'a str)>) -> Option<String> {
    while let Some((_, line)) = lines.next() {
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks < 3 {
            continue;
        }
        let fence = &line[..ticks];
        let info = line[ticks..].trim();
        let mut words = info.split(',');
        let lang = words.next().unwrap_or("");
        let sessions = info.is_empty()
            || (matches!(lang, "console" | "trycmd") && !words.any(|w| w == "ignore"));
        if sessions {
            return Some(fence.to_owned());
        }
        // Another language: skip to its closing fence.
        for (_, line) in lines.by_ref() {
            if line.starts_with(fence) {
                break;
            }
        }
    }
    None
}

fn case(
    file: &str,
    line: usize,
    command: String,
    status: Status,
    expected: String,
) -> Result<Case, String> {
    let mut words = shlex::Shlex::new(&command).collect::<Vec<_>>().into_iter();
    let mut env = Vec::new();
    let bin = loop {
        let Some(word) = words.next() else {
            return Err(format!("{file}:{line}: no binary in `{command}`"));
        };
        match word.split_once('=') {
            Some((key, value)) => env.push((key.to_owned(), value.to_owned())),
            None => break word,
        }
    };
    Ok(Case {
        file: file.to_owned(),
        line,
        command,
        env,
        bin,
        args: words.collect(),
        status,
        expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Case {
        let mut cases = parse("t.md", text).unwrap();
        assert_eq!(cases.len(), 1, "{cases:#?}");
        cases.remove(0)
    }

    #[test]
    fn a_console_block_holds_commands_and_their_output() {
        let text = "Intro `$ not a case`\n\n```console\n$ demo --name Me\nHello Me!\n\n$ demo -x\n? failed\nerror: bad\n\n```\nAfter.\n";
        let cases = parse("demo.md", text).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!((cases[0].line, cases[0].bin.as_str()), (4, "demo"));
        assert_eq!(cases[0].args, ["--name", "Me"]);
        assert_eq!(cases[0].status, Status::Success);
        assert_eq!(cases[0].expected, "Hello Me!\n");
        assert_eq!((cases[1].line, cases[1].status), (7, Status::Failed));
        assert_eq!(cases[1].expected, "error: bad\n");
    }

    #[test]
    fn the_last_newline_is_layout() {
        // No blank line before the fence: no newline expected at all.
        let case = one("```console\n$ hostname\nwww\n```\n");
        assert_eq!(case.expected, "www");
        // A status and nothing else: nothing expected.
        let case = one("```console\n$ busybox true\n? 0\n\n```\n");
        assert_eq!((case.status, case.expected.as_str()), (Status::Code(0), ""));
    }

    #[test]
    fn words_are_split_as_a_shell_splits_them() {
        let case = one("```console\n$ RUST_LOG=x git-derive stash -m \"Proto type\" 'a b'\n> --more \"x y\"\n```\n");
        assert_eq!(case.env, [("RUST_LOG".to_owned(), "x".to_owned())]);
        assert_eq!(case.bin, "git-derive");
        assert_eq!(
            case.args,
            ["stash", "-m", "Proto type", "a b", "--more", "x y"]
        );
    }

    #[test]
    fn other_blocks_and_ignored_ones_are_skipped() {
        let text = "```rust\n$ not a case\n```\n```console,ignore\n$ nor this\n```\n````\n$ app\nout\n````\n";
        let case = one(text);
        assert_eq!((case.bin.as_str(), case.expected.as_str()), ("app", "out"));
    }

    #[test]
    fn a_block_must_start_with_a_command() {
        let err = parse("x.md", "```console\nhello\n```\n").unwrap_err();
        assert!(err.starts_with("x.md:2: expected `$ `"), "{err}");
        let err = parse("x.md", "```console\n$ app\n? maybe\n```\n").unwrap_err();
        assert!(err.contains("expected an exit code, got `maybe`"), "{err}");
    }

    #[test]
    fn statuses_accept_what_trycmd_accepts() {
        assert!(Status::Success.accepts(Some(0)));
        assert!(!Status::Success.accepts(Some(2)));
        assert!(Status::Failed.accepts(Some(2)) && Status::Failed.accepts(Some(101)));
        assert!(!Status::Failed.accepts(Some(0)) && !Status::Failed.accepts(None));
        assert!(Status::Code(2).accepts(Some(2)) && !Status::Code(2).accepts(Some(1)));
        assert!(Status::Interrupted.accepts(None));
    }
}
