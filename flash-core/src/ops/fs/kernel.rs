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
        // SAFETY: fd 1 stays open for the life of the process; the
        // `ManuallyDrop` never closes it.
        let mut stdout = std::mem::ManuallyDrop::new(unsafe {
            <File as std::os::fd::FromRawFd>::from_raw_fd(1)
        });
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

/// Errors of a kernel copy that belong to the output side.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn is_output_error(code: i32) -> bool {
    matches!(
        code,
        libc::EPIPE | libc::ENOSPC | libc::EDQUOT | libc::EFBIG | libc::EAGAIN | libc::EROFS
    )
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn fstat(fd: i32) -> io::Result<libc::stat> {
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
