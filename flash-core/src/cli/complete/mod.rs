//! Completion: what the shell offers for the word under the cursor, from
//! the same tables and through the same parser as a run (the parser is fed
//! the words before the cursor and asked what may come next), so what the
//! shell offers is what the parser accepts.
//!
//! Every app, whatever its shape, answers the convention clap_complete's
//! `CompleteEnv` established:
//!
//! - `COMPLETE=<shell> prog` prints the script that registers `prog`'s
//!   completion in that shell;
//! - the script calls the program back as `COMPLETE=<shell> prog -- WORDS…`
//!   (with what the shell says of the cursor in variables of its own, see
//!   [`shells`]), and the program prints the candidates in the form that
//!   shell reads, quoted for it.
//!
//! No command or flag name of the app is taken: the variable, not argv,
//! says it is completion. In apps with commands, `completions <SHELL>`
//! prints the same scripts.

mod engine;
pub(crate) mod shells;

use std::ffi::OsString;
use std::io::Write;

pub(crate) use crate::cli::builtins::shells;
use crate::cli::output::Output;
use crate::cli::spec::AppSpec;
use crate::cli::text::concat;

pub(crate) use engine::invocation;
pub(crate) use shells::script;

/// The variable that turns a run into completion.
pub(crate) const VAR: &str = "COMPLETE";

/// Answers `COMPLETE=<shell> prog …` when the variable is set (and not
/// empty or `0`): the registration script, or the candidates for the
/// words after `--`. `None` when it is not a completion run.
#[cold]
#[inline(never)]
pub(crate) fn from_env(app: &'static AppSpec) -> Option<u8> {
    let shell = std::env::var_os(VAR).filter(|v| !v.is_empty() && v != "0")?;
    // (`engine::invocation` takes the variable out of the environment
    // before a completer of the app's runs: the programs it runs must
    // not complete.)
    let Some(shell) = shells::shell_named(&shell.to_string_lossy()) else {
        let message = concat(&[
            "error: unknown shell '",
            &shell.to_string_lossy(),
            "' in ",
            VAR,
            "; expected one of ",
            &shells().collect::<Vec<_>>().join(", "),
            "\n",
        ]);
        let _ = Output::stderr().write_all(message.as_bytes());
        return Some(2);
    };
    let mut args = std::env::args_os();
    let program = args.next().unwrap_or_default();
    // As clap_complete: the words after `--` are completed; with none,
    // the script is printed.
    let words: Vec<OsString> = args.skip_while(|a| a != "--").skip(1).collect();
    let text = if words.is_empty() {
        shells::registration(shell, app.name, &completer_path(&program))
    } else {
        shells::answer(shell, app, words, &shells::Request::from_env())
    };
    let mut out = Output::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    Some(0)
}

/// How the script calls the program back: the path it was run by, made
/// absolute when it names a directory (`./target/debug/notes`), as
/// clap_complete does.
fn completer_path(program: &std::ffi::OsStr) -> String {
    let path = std::path::Path::new(program);
    let path = if path.components().count() > 1 {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    path.to_string_lossy().into_owned()
}
