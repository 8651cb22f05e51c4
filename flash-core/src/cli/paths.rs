//! File names, completed by the program itself rather than by each
//! shell's own file completion: one behaviour in every shell, and it
//! works where a shell's would not (`--file=PATH`, names with quotes,
//! spaces, `:`, newlines or a leading `-`), since the shell only ever
//! inserts a candidate it is handed, quoted for it.
//!
//! Reached only through the [`ValueHint`](crate::cli::arg::ValueHint)s
//! that complete paths: an app none of whose arguments does links none of
//! this (nor the libc functions that read directories).

use std::path::{Path, PathBuf};

/// Which paths a value completes to (`#[arg(value_hint = …)]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paths {
    /// Any path.
    Any,
    /// A file (directories too, to walk into).
    File,
    /// A directory.
    Dir,
    /// A program file.
    Executable,
    /// A command name on `PATH` (or a path to a program, once typed).
    Command,
}

/// Offers the paths `typed` may complete to, as `hint` asks: directories
/// end in `/` (to walk into), files are offered unless only directories
/// are wanted; hidden names only when `typed` names one.
pub(crate) fn offer(typed: &str, hint: Paths, out: &mut Vec<String>) {
    if hint == Paths::Command && !typed.contains('/') {
        return commands(typed, out);
    }
    let (dir, start) = match typed.rfind('/') {
        Some(at) => typed.split_at(at + 1),
        None => ("", typed),
    };
    let Some(read) = read_dir(dir) else {
        return;
    };
    let mut found: Vec<String> = Vec::new();
    for entry in read.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with('.') && !start.starts_with('.') {
            continue;
        }
        // `--force` on its own would be read as an option: `./--force` is
        // the file, offered for `.` and `./` too. (Where `-…` was typed
        // the parser takes it as a value already, after `--`: it stays as
        // typed.)
        let dashed = dir.is_empty() && name.starts_with('-') && !start.starts_with('-');
        let value = [if dashed { "./" } else { dir }, &name].concat();
        if !(name.starts_with(start) || dashed && value.starts_with(typed)) {
            continue;
        }
        // Follow links: a link to a directory is walked into.
        let is_dir = entry.path().is_dir();
        let wanted = match hint {
            _ if is_dir => true,
            Paths::Dir => false,
            Paths::Executable | Paths::Command => is_executable(&entry.path()),
            _ => true,
        };
        if wanted {
            let slash = if is_dir { "/" } else { "" };
            found.push([value.as_str(), slash].concat());
        }
    }
    found.sort();
    out.extend(found);
}

/// The directory a typed path's last part is in: `~/` is the home
/// directory, as the shell would read it.
fn read_dir(dir: &str) -> Option<std::fs::ReadDir> {
    let path: PathBuf = if dir.is_empty() {
        PathBuf::from(".")
    } else if let Some(rest) = dir.strip_prefix("~/") {
        PathBuf::from(std::env::var_os("HOME")?).join(rest)
    } else {
        PathBuf::from(dir)
    };
    std::fs::read_dir(path).ok()
}

/// The programs on `PATH` whose names start with `typed`.
fn commands(typed: &str, out: &mut Vec<String>) {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for dir in std::env::split_paths(&path) {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if name.starts_with(typed) && !names.contains(&name) && is_executable(&entry.path()) {
                names.push(name);
            }
        }
    }
    names.sort();
    out.extend(names);
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}
