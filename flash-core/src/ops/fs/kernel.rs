//! Linux system calls the file ops make directly: reflink, read-ahead
//! hint, preallocation for `cp`, and the kernel copies of `cat` to stdout.
//! Elsewhere the `cp` helpers do nothing.
use std::fs::File;
use std::io;

/// Makes `out` share `input`'s extents (`FICLONE`); false where the
/// filesystem cannot (ext4, tmpfs, across filesystems...).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn reflink(input: &File, out: &File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: both descriptors are open for the duration of the call;
    // FICLONE takes the source descriptor as its argument.
    unsafe { libc::ioctl(out.as_raw_fd(), libc::FICLONE, input.as_raw_fd()) == 0 }
}

/// Tells the kernel `input` is read once from start to end (a larger
/// read-ahead when it is not cached), as GNU cp does.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn advise_sequential(input: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: a hint on an open descriptor; failure is harmless.
    unsafe { libc::posix_fadvise(input.as_raw_fd(), 0, 0, libc::POSIX_FADV_SEQUENTIAL) };
}

/// Reserves `len` bytes of blocks for `out` without changing its size
/// (`FALLOC_FL_KEEP_SIZE`). Only running out of space is an error; a
/// filesystem that cannot preallocate is simply written as usual.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn preallocate(out: &File, len: u64) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let Ok(len) = libc::off_t::try_from(len) else {
        return Ok(());
    };
    if len == 0 {
        return Ok(());
    }
    // SAFETY: an open descriptor and a valid range.
    let r = unsafe { libc::fallocate(out.as_raw_fd(), libc::FALLOC_FL_KEEP_SIZE, 0, len) };
    if r != 0 {
        let e = io::Error::last_os_error();
        if matches!(e.raw_os_error(), Some(libc::ENOSPC | libc::EDQUOT)) {
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn reflink(_: &File, _: &File) -> bool {
    false
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn advise_sequential(_: &File) {}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn preallocate(_: &File, _: u64) -> io::Result<()> {
    Ok(())
}

/// Whether `cp` would write over the existing target in place rather than
/// replace it: a rename would break its other hard links, give it our
/// owner, or put a regular file where a device or a FIFO was.
#[cfg(unix)]
pub(crate) fn keep_in_place(existing: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    !existing.is_file() || existing.nlink() > 1 || existing.uid() != me
}

#[cfg(not(unix))]
pub(crate) fn keep_in_place(existing: &std::fs::Metadata) -> bool {
    !existing.is_file()
}

/// Gives `out` the group of the file it replaces, where the owner may
/// (one of their groups); best effort, as `cp` keeps it by writing in
/// place.
#[cfg(unix)]
pub(crate) fn keep_group(out: &File, existing: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if out.metadata().is_ok_and(|m| m.gid() != existing.gid()) {
        let _ = std::os::unix::fs::fchown(out, None, Some(existing.gid()));
    }
}

#[cfg(not(unix))]
pub(crate) fn keep_group(_: &File, _: &std::fs::Metadata) {}

/// `perms` less the process's umask: the mode `cp` gives a new file.
#[cfg(unix)]
pub(crate) fn masked(perms: std::fs::Permissions) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(perms.mode() & 0o7777 & !crate::runtime::scope::umask())
}

#[cfg(not(unix))]
pub(crate) fn masked(perms: std::fs::Permissions) -> std::fs::Permissions {
    perms
}

/// Whether an error of a copy belongs to the output side: a full disk or
/// quota, a file too large, a read-only filesystem.
pub(crate) fn output_side(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::ENOSPC | libc::EDQUOT | libc::EFBIG | libc::EROFS)
        )
    }
    #[cfg(not(unix))]
    {
        matches!(
            e.kind(),
            io::ErrorKind::StorageFull
                | io::ErrorKind::FileTooLarge
                | io::ErrorKind::ReadOnlyFilesystem
        )
    }
}

/// Why copying one input to stdout stopped.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Reading the input failed: report it, go on with the next input.
    Input(io::Error),
    /// Writing stdout failed: nothing more can be written.
    Output(io::Error),
    /// The command's token fired.
    Cancelled,
}

/// How bytes go from an input to the process's stdout (fd 1).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    /// stdout is a regular file: `copy_file_range`, as GNU cat does (the
    /// page cache copies in the kernel, or the filesystem shares extents).
    CopyRange,
    /// stdout is a pipe: `splice` hands the page-cache pages to the pipe,
    /// with no copy at all.
    Splice,
    /// Anything else (`/dev/null`, a terminal, a socket): `sendfile`.
    SendFile,
    /// The kernel refused the above: `read` and `write` through a buffer.
    ReadWrite,
}

/// Copies inputs to the process's stdout (fd 1) in the kernel.
///
/// Hand-written on `libc` rather than `std::io::copy` (which also reaches
/// `copy_file_range`/`sendfile`/`splice`) because std `fstat`s both ends on
/// every call, two more system calls per file than GNU cat's, which is
/// what `cat` of many small files costs; and its errors do not say which
/// end failed, which decides between going on and stopping.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) struct StdoutSink {
    route: Route,
    buf: Vec<u8>,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl StdoutSink {
    /// A sink on fd 1, routed by what fd 1 is.
    pub(crate) fn new() -> StdoutSink {
        let route = match fstat(libc::STDOUT_FILENO).map(|st| st.st_mode & libc::S_IFMT) {
            Ok(libc::S_IFREG) => Route::CopyRange,
            Ok(libc::S_IFIFO) => Route::Splice,
            _ => Route::SendFile,
        };
        StdoutSink {
            route,
            buf: Vec::new(),
        }
    }

    /// Copies `input` from its offset to its end to stdout, checking
    /// `token` between slices; returns the bytes copied.
    pub(crate) fn copy(
        &mut self,
        input: &File,
        token: &tokio_util::sync::CancellationToken,
    ) -> Result<u64, Failure> {
        use std::os::fd::AsRawFd;
        let fd = input.as_raw_fd();
        let mut copied = 0u64;
        loop {
            if token.is_cancelled() {
                return Err(Failure::Cancelled);
            }
            let slice = super::KERNEL_SLICE as usize;
            // SAFETY (all three): `fd` is open for the call, fd 1 is the
            // process's stdout; null offsets make the kernel use and
            // advance both file offsets, as `read`/`write` would.
            let n = match self.route {
                Route::CopyRange => unsafe {
                    libc::copy_file_range(
                        fd,
                        std::ptr::null_mut(),
                        1,
                        std::ptr::null_mut(),
                        slice,
                        0,
                    )
                },
                Route::Splice => unsafe {
                    libc::splice(fd, std::ptr::null_mut(), 1, std::ptr::null_mut(), slice, 0)
                },
                Route::SendFile => unsafe { libc::sendfile(1, fd, std::ptr::null_mut(), slice) },
                Route::ReadWrite => return Ok(copied + self.read_write(input, token)?),
            };
            match n {
                // Some kernels report EOF to `copy_file_range` on files
                // whose size they do not know (procfs): a read tells.
                0 if copied == 0 && self.route == Route::CopyRange => {
                    return self.read_write(input, token)
                }
                0 => return Ok(copied),
                n if n > 0 => copied += n as u64,
                _ => {
                    let e = io::Error::last_os_error();
                    match e.raw_os_error().unwrap_or(0) {
                        libc::EINTR => {}
                        // This input cannot go this way (a pipe or a
                        // terminal as input, the same file as stdout):
                        // read and write it, from where the copy stopped.
                        libc::EINVAL => return Ok(copied + self.read_write(input, token)?),
                        // stdout cannot take this route at all (opened with
                        // O_APPEND, a filesystem without it): stop trying.
                        libc::EXDEV | libc::ENOSYS | libc::EOPNOTSUPP | libc::EBADF => {
                            self.route = Route::ReadWrite;
                        }
                        code if is_output_error(code) => return Err(Failure::Output(e)),
                        _ => return Err(Failure::Input(e)),
                    }
                }
            }
        }
    }

    /// Copies the rest of `input` through a buffer. Refuses to copy a
    /// regular file onto itself (`cat f >> f` would never end).
    fn read_write(
        &mut self,
        mut input: &File,
        token: &tokio_util::sync::CancellationToken,
    ) -> Result<u64, Failure> {
        use std::io::{Read, Write};
        use std::os::fd::AsRawFd;
        if same_regular_file(input.as_raw_fd(), libc::STDOUT_FILENO) {
            return Err(Failure::Input(io::Error::other(
                "input file is output file",
            )));
        }
        if self.buf.is_empty() {
            self.buf = vec![0; 128 * 1024];
        }
        let mut stdout = stdout_file();
        let mut copied = 0u64;
        loop {
            if token.is_cancelled() {
                return Err(Failure::Cancelled);
            }
            let n = match input.read(&mut self.buf) {
                Ok(0) => return Ok(copied),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Failure::Input(e)),
            };
            stdout.write_all(&self.buf[..n]).map_err(Failure::Output)?;
            copied += n as u64;
        }
    }
}

/// The process's stdout (fd 1) as a `File`, for writing to it unbuffered.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn stdout_file() -> std::mem::ManuallyDrop<File> {
    // SAFETY: fd 1 stays open for the life of the process; the
    // `ManuallyDrop` never closes it.
    std::mem::ManuallyDrop::new(unsafe { <File as std::os::fd::FromRawFd>::from_raw_fd(1) })
}

/// Device and inode of stdout when it is a regular file.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn stdout_regular_file() -> Option<(u64, u64)> {
    let st = fstat(libc::STDOUT_FILENO).ok()?;
    (st.st_mode & libc::S_IFMT == libc::S_IFREG).then_some((st.st_dev, st.st_ino))
}

/// Errors of a kernel copy that belong to the output side.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn is_output_error(code: i32) -> bool {
    matches!(
        code,
        libc::EPIPE | libc::ENOSPC | libc::EDQUOT | libc::EFBIG | libc::EAGAIN | libc::EROFS
    )
}

#[cfg(unix)]
pub(crate) fn fstat(fd: i32) -> io::Result<libc::stat> {
    // SAFETY: `st` is written by fstat before it is read, on success.
    unsafe {
        let mut st = std::mem::zeroed::<libc::stat>();
        if libc::fstat(fd, &mut st) == 0 {
            Ok(st)
        } else {
            Err(io::Error::last_os_error())
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn same_regular_file(a: i32, b: i32) -> bool {
    match (fstat(a), fstat(b)) {
        (Ok(a), Ok(b)) => {
            a.st_mode & libc::S_IFMT == libc::S_IFREG
                && a.st_dev == b.st_dev
                && a.st_ino == b.st_ino
        }
        _ => false,
    }
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_copy_writes_nothing() {
        // Checked before the first system call: nothing reaches fd 1.
        let token = tokio_util::sync::CancellationToken::new();
        token.cancel();
        let input = tempfile::tempfile().expect("temp file");
        let mut sink = StdoutSink::new();
        assert!(matches!(sink.copy(&input, &token), Err(Failure::Cancelled)));
        sink.route = Route::ReadWrite;
        assert!(matches!(sink.copy(&input, &token), Err(Failure::Cancelled)));
    }

    #[test]
    fn output_errors_are_told_from_input_errors() {
        for code in [libc::EPIPE, libc::ENOSPC, libc::EDQUOT, libc::EFBIG] {
            assert!(is_output_error(code), "{code}");
        }
        for code in [libc::EIO, libc::EISDIR, libc::ENOENT] {
            assert!(!is_output_error(code), "{code}");
        }
    }
}
