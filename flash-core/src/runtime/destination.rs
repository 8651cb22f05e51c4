//! Where an output file goes, decided the way `open(2)` decides it.
//!
//! An output is all-or-nothing only where that does not change what the
//! destination is: a regular file is written beside itself and renamed
//! into place; a device (`/dev/null`), a FIFO, a terminal, a socket, or a
//! descriptor of the process named as a path (`/dev/stdout`,
//! `/proc/self/fd/1`) is written in place, as `cp` and a shell's `>` write
//! it. The destination is opened first, for writing, and only then is
//! anything decided: symlinks are followed as that `open` follows them, so
//! the kernel's own checks (`fs.protected_symlinks` in sticky directories,
//! permissions) hold, and what it refuses is refused. No `canonicalize`
//! and no rename over a path the kernel would not have let us open.

use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use crate::cli::error::{Error, Result};

/// What an output path is, once opened.
#[derive(Debug)]
// The scope reads what it is; `fl cp`'s copy (feature `ops`) reads more.
#[cfg_attr(not(feature = "ops"), allow(dead_code))]
pub(crate) enum Destination {
    /// Nothing there yet: a new file at the path given.
    New,
    /// A regular file, to be replaced by a file renamed onto `real` (the
    /// path itself, or the file its symlink led `open` to).
    Regular {
        /// Where the file is: a temp file goes beside it.
        real: PathBuf,
        /// The file, open for writing (to write it in place instead).
        file: File,
        /// Its metadata, from the open descriptor.
        meta: Metadata,
    },
    /// Written in place: not a regular file, or a descriptor of this
    /// process named as a path.
    InPlace {
        /// The destination, open for writing.
        file: File,
        /// Its metadata, from the open descriptor.
        meta: Metadata,
    },
}

impl Destination {
    /// Opens `dest` for writing, without creating or truncating it, and
    /// says what it is. `dest` naming a directory is an error (`Is a
    /// directory`), a dangling symlink is refused (as GNU cp refuses it),
    /// and so is whatever `open` refuses, with `dest` in the message.
    pub(crate) fn open(dest: &Path) -> Result<Destination> {
        if let Some(file) = own_descriptor(dest)? {
            let meta = file.metadata().map_err(|e| Error::fs(dest, e))?;
            return Ok(Destination::InPlace { file, meta });
        }
        let file = match open_for_writing(dest) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let dangling = std::fs::symlink_metadata(dest).is_ok_and(|m| m.is_symlink());
                if dangling {
                    return Err(Error::validation(format!(
                        "not writing through dangling symlink `{}`",
                        dest.display()
                    )));
                }
                return Ok(Destination::New);
            }
            Err(e) => return Err(Error::fs(dest, e)),
        };
        let meta = file.metadata().map_err(|e| Error::fs(dest, e))?;
        if !meta.is_file() {
            return Ok(Destination::InPlace { file, meta });
        }
        let real = real_path(dest, &file, &meta)?;
        Ok(Destination::Regular { real, file, meta })
    }
}

/// `open(dest, O_WRONLY | O_NOCTTY | O_CLOEXEC)`: no creation, no
/// truncation, and a terminal opened this way never becomes the process's
/// controlling terminal. A FIFO blocks until it has a reader, as it does
/// for `cp` and a shell's `>`.
fn open_for_writing(dest: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOCTTY);
    options.open(dest)
}

/// The file a regular `dest` is: `dest` itself, or where its symlink led
/// `open` (the link is kept; the file it names is replaced). Checked to be
/// the file that was opened, so a link changed meanwhile is not followed
/// somewhere else.
fn real_path(dest: &Path, file: &File, meta: &Metadata) -> Result<PathBuf> {
    let is_link = std::fs::symlink_metadata(dest).is_ok_and(|m| m.is_symlink());
    if !is_link {
        return Ok(dest.to_path_buf());
    }
    let real = opened_path(file).or_else(|_| std::fs::canonicalize(dest));
    match real {
        Ok(real) if std::fs::metadata(&real).is_ok_and(|m| same_file(&m, meta)) => Ok(real),
        Ok(_) => Err(Error::fs(
            dest,
            io::Error::other("the symlink changed while it was opened"),
        )),
        Err(e) => Err(Error::fs(dest, e)),
    }
}

/// The path of the open file `file`, as the kernel has it.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn opened_path(file: &File) -> io::Result<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn opened_path(_: &File) -> io::Result<PathBuf> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

/// A descriptor of this process that `dest` names (`/dev/stdout`,
/// `/dev/fd/N`, `/proc/self/fd/N`, or a symlink to one), duplicated: the
/// output then goes where that descriptor goes, with its offset and append
/// mode, as a shell's `>/dev/stdout` does. Opening such a path anew would
/// fail for a socket, and truncate or replace a file the caller appends to.
#[cfg(unix)]
fn own_descriptor(dest: &Path) -> Result<Option<File>> {
    let Some(fd) = names_descriptor(dest) else {
        return Ok(None);
    };
    // SAFETY: fcntl(F_DUPFD_CLOEXEC) on a descriptor number; an error is -1.
    let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return Err(Error::fs(dest, io::Error::last_os_error()));
    }
    // SAFETY: `dup` is a new descriptor that nothing else owns.
    Ok(Some(unsafe {
        <File as std::os::fd::FromRawFd>::from_raw_fd(dup)
    }))
}

#[cfg(not(unix))]
fn own_descriptor(_: &Path) -> Result<Option<File>> {
    Ok(None)
}

/// The descriptor number `path` names, following symlinks (as text, at
/// most 40 of them, the kernel's limit) to `/dev/stdout`, `/dev/stderr`,
/// `/dev/fd/N`, `/proc/self/fd/N`, `/proc/thread-self/fd/N` or
/// `/proc/PID/fd/N` of this process.
#[cfg(unix)]
fn names_descriptor(path: &Path) -> Option<i32> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        if let Some(fd) = descriptor_path(&path) {
            return Some(fd);
        }
        let target = std::fs::read_link(&path).ok()?;
        path = match path.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    None
}

/// The descriptor `path` names by its text alone, if it names one.
#[cfg(unix)]
fn descriptor_path(path: &Path) -> Option<i32> {
    let text = path.to_str()?;
    match text {
        "/dev/stdout" => return Some(1),
        "/dev/stderr" => return Some(2),
        _ => {}
    }
    let (dir, name) = text.rsplit_once('/')?;
    let fd: i32 = name.parse().ok().filter(|&fd| fd >= 0)?;
    let own = match dir {
        "/dev/fd" | "/proc/self/fd" | "/proc/thread-self/fd" => true,
        _ => dir
            .strip_prefix("/proc/")
            .and_then(|rest| rest.strip_suffix("/fd"))
            .and_then(|pid| pid.parse::<u32>().ok())
            .is_some_and(|pid| pid == std::process::id()),
    };
    own.then_some(fd)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn descriptor_paths_are_this_process_only() {
        let me = format!("/proc/{}/fd/4", std::process::id());
        for (path, want) in [
            ("/dev/stdout", Some(1)),
            ("/dev/stderr", Some(2)),
            ("/dev/fd/3", Some(3)),
            ("/proc/self/fd/1", Some(1)),
            ("/proc/thread-self/fd/0", Some(0)),
            (me.as_str(), Some(4)),
            ("/proc/1/fd/1", None),
            ("/dev/fd/x", None),
            ("/tmp/fd/1", None),
            ("fd/1", None),
        ] {
            assert_eq!(descriptor_path(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn what_a_path_is_decides_how_it_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("file", &link).expect("symlink");
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("nowhere", &dangling).expect("symlink");
        assert!(matches!(
            Destination::open(&dir.path().join("new")),
            Ok(Destination::New)
        ));
        match Destination::open(&file) {
            Ok(Destination::Regular { real, .. }) => assert_eq!(real, file),
            other => panic!("{other:?}"),
        }
        match Destination::open(&link) {
            Ok(Destination::Regular { real, .. }) => {
                assert_eq!(real, std::fs::canonicalize(&file).expect("canonical"))
            }
            other => panic!("{other:?}"),
        }
        assert!(Destination::open(&dangling)
            .expect_err("dangling")
            .to_string()
            .contains("dangling symlink"));
        assert!(Destination::open(dir.path()).is_err());
        assert!(matches!(
            Destination::open(Path::new("/dev/null")),
            Ok(Destination::InPlace { .. })
        ));
        assert!(matches!(
            Destination::open(Path::new("/dev/stderr")),
            Ok(Destination::InPlace { .. })
        ));
        assert_eq!(std::fs::read(&file).expect("read"), b"x", "truncated");
    }
}
