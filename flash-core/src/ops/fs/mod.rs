//! File operations: many files read concurrently and written in order, and
//! copies made in the kernel where the OS allows, atomically.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::cli::error::{Error, Result};
use crate::ops::progress::Progress;
use crate::runtime::context::Context;
use crate::runtime::destination::Destination;
use crate::runtime::scope::TempFile;

mod concat;
pub(crate) mod kernel;
#[cfg(any(target_os = "linux", target_os = "android"))]
mod relay;

pub use concat::{concat_files, Concatenated, SMALL_FILE};

/// Bytes moved per kernel copy call between cancellation checks: about a
/// millisecond from the page cache, and still well under the runtime's
/// 500 ms wait for a cancelled handler when writes are throttled to the
/// disk's speed (measured: 16 MiB slices took over 100 ms on this VM with
/// other copies running). The calls it adds (64 per 256 MiB) cost nothing
/// measurable next to the copy.
const KERNEL_SLICE: u64 = 4 * 1024 * 1024;

/// Where `cp SRC DST` puts `src`: inside `dst` when it is a directory.
pub fn copy_target(src: &Path, dst: &Path) -> Result<PathBuf> {
    if dst.is_dir() {
        let name = src.file_name().ok_or_else(|| {
            Error::validation(format!("`{}` does not name a file", src.display()))
        })?;
        Ok(dst.join(name))
    } else {
        Ok(dst.to_path_buf())
    }
}

/// Copies the regular file `src` to `dst` with `cp` semantics (an existing
/// `dst` is replaced; a directory `dst` receives `src` under its own name)
/// and returns the bytes copied.
///
/// The data never passes through user space where the OS allows it: on
/// Linux std's `File`-to-`File` copy uses `copy_file_range` (reflinks on
/// filesystems that support them), then `sendfile`; elsewhere the source is
/// memory-mapped and written out in one pass.
///
/// The target is opened for writing first, as `cp` opens it, so a symlink
/// is followed only where `open(2)` follows it (`fs.protected_symlinks`
/// holds: a link planted in a sticky directory is refused, as GNU cp
/// refuses it) and a file its user may not write is refused. Then:
/// - a regular file (or a new one) gets the copy through a temp file
///   beside it, renamed onto it only when complete, so an error, a signal
///   or a timeout never leaves a partial file; a symlink `dst` keeps its
///   link, and the file it names is replaced; a dangling one is refused;
/// - where a rename would change what `cp` keeps, the target is written in
///   place instead, as `cp` writes it (and an interruption then leaves it
///   partial, as it leaves `cp`'s): a target that is not a regular file
///   (`/dev/null`, a FIFO, a terminal, `/dev/stdout`), one with other hard
///   links or owned by another user (its links and owner stay), and one
///   in a directory where no temp file can be created.
///
/// A replaced target keeps its mode (and its group, where the owner may
/// set it); a new one gets the source's mode less the umask, as with `cp`.
/// What a rename does not keep, it does not: ACLs, extended attributes.
pub async fn copy_file(ctx: &Context, src: &Path, dst: &Path) -> Result<u64> {
    let shown = copy_target(src, dst)?;
    let input = File::open(src).map_err(|e| Error::fs(src, e))?;
    let meta = input.metadata().map_err(|e| Error::fs(src, e))?;
    if !meta.is_file() {
        return Err(Error::validation(format!(
            "`{}` is not a regular file",
            src.display()
        )));
    }
    let destination = open_target(&shown)?;
    if let Destination::Regular { meta: existing, .. }
    | Destination::InPlace { meta: existing, .. } = &destination
    {
        if same_file(&meta, existing) {
            return Err(Error::validation(format!(
                "`{}` and `{}` are the same file",
                src.display(),
                shown.display()
            )));
        }
    }
    let job = CopyJob {
        ctx,
        src,
        shown: &shown,
        input,
        len: meta.len(),
    };
    match destination {
        Destination::New => {
            let temp = ctx.scope().temp_beside(&shown, &shown)?;
            job.through(temp, &meta, None).await
        }
        Destination::InPlace { file, .. } => job.run(file, Fresh::No).await,
        Destination::Regular {
            real,
            file,
            meta: existing,
        } => {
            if kernel::keep_in_place(&existing) {
                return job.in_place(file).await;
            }
            match ctx.scope().temp_beside(&real, &shown) {
                Ok(temp) => job.through(temp, &meta, Some(&existing)).await,
                // No temp file beside it, but the file itself is open for
                // writing: cp writes it in place, and so does this.
                Err(Error::Io { source, .. })
                    if source.kind() == io::ErrorKind::PermissionDenied =>
                {
                    job.in_place(file).await
                }
                Err(e) => Err(e),
            }
        }
    }
}

/// Opens the target of a copy (see [`Destination::open`]); a directory
/// gets cp's words.
fn open_target(target: &Path) -> Result<Destination> {
    match Destination::open(target) {
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::IsADirectory => {
            Err(Error::validation(format!(
                "cannot overwrite directory `{}` with a file",
                target.display()
            )))
        }
        other => other,
    }
}

/// Whether the output of a copy starts empty, at offset 0, and is the
/// copy's to size (a temp file, a truncated target): then it may share
/// the source's extents and be cut to the bytes copied. Not so for a
/// target written as it is (a FIFO, a descriptor appended to).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fresh {
    Yes,
    No,
}

/// One file to copy, and where errors are reported.
struct CopyJob<'a> {
    ctx: &'a Context,
    src: &'a Path,
    /// The target as the user named it.
    shown: &'a Path,
    input: File,
    len: u64,
}

impl CopyJob<'_> {
    /// Copies into `temp` and renames it onto the target.
    async fn through(
        self,
        mut temp: TempFile,
        meta: &std::fs::Metadata,
        existing: Option<&std::fs::Metadata>,
    ) -> Result<u64> {
        let out = temp
            .file()
            .try_clone()
            .map_err(|e| Error::fs(self.shown, e))?;
        // Like cp: a new file gets the source's mode less the umask, an
        // existing one keeps its own (and its group, where we may set it).
        match existing {
            Some(existing) => {
                temp.set_permissions(existing.permissions());
                kernel::keep_group(&out, existing);
            }
            None => temp.set_permissions(kernel::masked(meta.permissions())),
        }
        let ctx = self.ctx;
        let n = self.run(out, Fresh::Yes).await?;
        ctx.check_cancelled()?;
        temp.commit()?;
        Ok(n)
    }

    /// Copies over the existing regular file `out`, in place, as `cp`
    /// does: truncated, then written.
    async fn in_place(self, out: File) -> Result<u64> {
        out.set_len(0).map_err(|e| Error::fs(self.shown, e))?;
        self.run(out, Fresh::Yes).await
    }

    /// The copy itself, on a blocking task.
    async fn run(self, out: File, fresh: Fresh) -> Result<u64> {
        let progress = Progress::new(self.ctx, self.len, "copying");
        let token = self.ctx.token();
        let (src, shown) = (self.src.to_path_buf(), self.shown.to_path_buf());
        let input = self.input;
        self.ctx
            .spawn_blocking(move || {
                let n = copy_blocking(&input, &out, fresh, &token, &progress)
                    .map_err(|e| blame(e, &src, &shown));
                progress.finish();
                n
            })
            .await?
            .join()
            .await
    }
}

/// Gives a path-less I/O error of a copy the path of the side that failed:
/// the target's for a full disk, a quota or a read-only filesystem, else
/// the source's.
fn blame(e: Error, src: &Path, target: &Path) -> Error {
    match e {
        Error::Io { path: None, source } => {
            let path = if kernel::output_side(&source) {
                target
            } else {
                src
            };
            Error::fs(path, source)
        }
        other => other,
    }
}

#[cfg(unix)]
pub(crate) fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
pub(crate) fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

fn copy_blocking(
    input: &File,
    out: &File,
    fresh: Fresh,
    token: &tokio_util::sync::CancellationToken,
    progress: &Progress,
) -> Result<u64> {
    if cfg!(any(target_os = "linux", target_os = "android")) {
        let len = input.metadata()?.len();
        // As GNU cp does: share the extents where the filesystem can
        // (btrfs, XFS, bcachefs...), an instant copy. Only into a file of
        // the copy's own: a clone replaces the whole of its target.
        if fresh == Fresh::Yes && kernel::reflink(input, out) {
            progress.inc(len);
            return Ok(len);
        }
        kernel::advise_sequential(input);
        // Reserve the blocks up front (an early ENOSPC, and a cheaper copy:
        // measured ~17% less time on ext4 for 512 MiB, as the page cache
        // writes no longer reserve delayed-allocation space page by page).
        // The size is kept, so a source that shrinks meanwhile still gives
        // an exact copy.
        if fresh == Fresh::Yes {
            kernel::preallocate(out, len)?;
        }
        let mut out = out;
        let mut copied = 0u64;
        loop {
            if token.is_cancelled() {
                return Err(Error::Cancelled);
            }
            // `Take<&File>` to `&File` stays on std's kernel-copy path.
            let n = io::copy(&mut input.take(KERNEL_SLICE), &mut out)?;
            if n == 0 {
                if copied < len && fresh == Fresh::Yes {
                    // The source shrank: free the blocks reserved past the end.
                    out.set_len(copied)?;
                }
                return Ok(copied);
            }
            copied += n;
            progress.inc(n);
        }
    } else {
        copy_mmap(input, out, token, progress)
    }
}

/// The fallback where no kernel copy exists: map the source and write the
/// mapping out, so the data is copied once, straight from the page cache.
fn copy_mmap(
    input: &File,
    mut out: &File,
    token: &tokio_util::sync::CancellationToken,
    progress: &Progress,
) -> Result<u64> {
    if input.metadata()?.len() == 0 {
        return Ok(0);
    }
    // SAFETY: the map is only read; a source truncated by another process
    // during the copy can raise SIGBUS, the accepted risk of mmap copies.
    let map = unsafe { memmap2::Mmap::map(input)? };
    for slice in map.chunks(KERNEL_SLICE as usize) {
        if token.is_cancelled() {
            return Err(Error::Cancelled);
        }
        out.write_all(slice)?;
        progress.inc(slice.len() as u64);
    }
    Ok(map.len() as u64)
}

/// `cp SRC... DST`: copies every source to `dst` (which must be a directory
/// when there are several sources), one after the other. Returns the bytes
/// copied.
pub async fn copy_files(ctx: &Context, srcs: &[PathBuf], dst: &Path) -> Result<u64> {
    if srcs.len() > 1 && !dst.is_dir() {
        return Err(Error::validation(format!(
            "target `{}` is not a directory",
            dst.display()
        )));
    }
    let mut total = 0;
    for src in srcs {
        ctx.check_cancelled()?;
        total += copy_file(ctx, src, dst).await?;
    }
    Ok(total)
}

/// The process's standard input as a `File` (unbuffered reads, and
/// `fstat`): a new descriptor for fd 0, so it is never closed under the
/// process.
///
/// A standard input on `/dev/null` is an ordinary, empty input however it
/// was opened (`< /dev/null`, Python's `subprocess.DEVNULL`, which opens
/// it read-write, `nohup`, a service manager). One closed when the process
/// started (`fl wc <&-`) reads as empty too: Rust's start-up reopens it on
/// `/dev/null`, read-write, and nothing tells the two apart afterwards.
#[cfg(unix)]
pub fn stdin_file() -> Result<File> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned()?;
    Ok(File::from(fd))
}

/// Opens an input to read: `-` is standard input (a new descriptor for it,
/// so it can be named twice and is never closed under the process).
pub(crate) fn open_input(path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    if path.as_os_str() == "-" {
        use std::os::fd::AsFd;
        return io::stdin().as_fd().try_clone_to_owned().map(File::from);
    }
    File::open(path)
}

/// Reads many files concurrently (at most `max_concurrency` at once) and
/// returns their contents in the order of `paths`. For files that fit in
/// memory; see [`concat_files`] to stream any size.
pub async fn read_files(ctx: &Context, paths: &[PathBuf]) -> Result<Vec<Vec<u8>>> {
    // Every read is spawned at once: the context's slots bound how many run.
    let mut reads = Vec::with_capacity(paths.len());
    for path in paths {
        let path = path.clone();
        reads.push(
            ctx.spawn_blocking(move || std::fs::read(&path).map_err(|e| Error::fs(&path, e)))
                .await?,
        );
    }
    let mut out = Vec::with_capacity(reads.len());
    for read in reads {
        out.push(read.join().await?);
    }
    Ok(out)
}
