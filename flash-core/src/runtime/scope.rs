//! Resource scopes: temp files renamed into place on commit, files and
//! cleanup callbacks, released in reverse order on every exit path.
//!
//! Every uncommitted temp file is also in the process's signal-safe
//! registry, so an exit that runs no destructors (a second Ctrl-C, a
//! command past its deadline, a sync command's signal handler) still
//! unlinks it.

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::cli::error::{Error, Result};
use crate::runtime::destination::Destination;
use crate::runtime::registry::{self, Busy, Slot};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A temp file as the registry, its scope and its `TempFile` share it.
#[derive(Debug)]
struct Temp {
    slot: Slot,
    path: PathBuf,
    /// Committed or discarded: its slot is no longer its own (another
    /// temp file may be in it by now).
    settled: AtomicBool,
}

impl Temp {
    /// Takes the file out of the registry, once: `true` if this call did
    /// and the file is still there to rename or remove.
    fn settle(&self, busy: &Busy) -> bool {
        !self.settled.swap(true, Ordering::SeqCst) && registry::claim(&self.slot, busy)
    }

    /// Unlinks the file if it is still uncommitted.
    fn discard(&self) {
        let busy = Busy::enter();
        if self.settle(&busy) {
            let _ = std::fs::remove_file(&self.path);
            tracing::debug!(path = %self.path.display(), "removed uncommitted temp file");
        }
    }
}

enum Entry {
    /// A temp file.
    Temp(Arc<Temp>),
    /// A file the scope keeps open until it is released.
    Opened(Arc<File>),
    Cleanup(Box<dyn FnOnce() + Send>),
}

/// The resources of one command; see `Context::scope`.
///
/// Whatever is registered here is released in reverse order when the command
/// ends, whether it succeeded, failed, panicked, timed out or was cancelled.
#[derive(Default)]
pub struct Scope {
    entries: Mutex<Vec<Entry>>,
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scope")
            .field("entries", &self.lock().len())
            .finish()
    }
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Adds `entry`. Temp files already committed or discarded are
    /// dropped from the list whenever it is full (before it would grow), so
    /// a command that writes millions of files one after another holds
    /// only those still open, at an amortised constant cost per entry;
    /// the others keep their order (released last-in, first-out).
    fn push(&self, entry: Entry) {
        let mut entries = self.lock();
        if entries.len() == entries.capacity() {
            entries.retain(|e| !matches!(e, Entry::Temp(t) if t.settled.load(Ordering::SeqCst)));
        }
        entries.push(entry);
    }

    /// Creates a temp file beside `dest` (a hidden `.NAME.flash-XXXXXXXX.tmp`),
    /// which [`TempFile::commit`] renames onto `dest`. Until then `dest` is
    /// untouched, and the temp file is removed if the command ends first.
    ///
    /// `dest` is opened for writing first, and what it is decides the rest
    /// (see [`TempFile::in_place`]): a regular file, or a symlink to one, is
    /// replaced as above (the link is kept, the file it names replaced);
    /// anything else, a device (`/dev/null`), a FIFO, a terminal, or a
    /// descriptor of the process named as a path (`/dev/stdout`), is
    /// written in place, as `cp` writes it: no temp file, no rename. A
    /// symlink is followed only where `open(2)` follows it
    /// (`fs.protected_symlinks` holds), and what `open` refuses is refused:
    /// a file its user may not write, a dangling symlink, a directory.
    ///
    /// ```
    /// # fn main() -> flash::Result<()> {
    /// # let dir = std::env::temp_dir().join(format!("flash-doc-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir)?;
    /// use std::io::Write;
    /// // In a command: `ctx.scope()`.
    /// let scope = flash::Scope::new();
    /// let dest = dir.join("out.txt");
    /// let mut tmp = scope.temp_file(&dest)?;
    /// tmp.file().write_all(b"all or nothing")?;
    /// tmp.commit()?;
    /// assert_eq!(std::fs::read_to_string(&dest)?, "all or nothing");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok(()) }
    /// ```
    pub fn temp_file(&self, dest: &Path) -> Result<TempFile> {
        match Destination::open(dest)? {
            Destination::New => self.temp_beside(dest, dest),
            Destination::Regular { real, .. } => self.temp_beside(&real, dest),
            Destination::InPlace { file, .. } => Ok(TempFile::writing_in_place(file, dest)),
        }
    }

    /// A temp file beside `real`, which `commit` renames onto it; errors
    /// name `dest`, the path as the caller gave it.
    pub(crate) fn temp_beside(&self, real: &Path, dest: &Path) -> Result<TempFile> {
        let name = real.file_name().ok_or_else(|| {
            Error::validation(format!("`{}` does not name a file", dest.display()))
        })?;
        let dir = match real.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        // Absolute: the signal-time unlink must find the file even after
        // the handler changed its working directory.
        let dir = std::path::absolute(dir).map_err(|e| Error::fs(dest, e))?;
        // A fatal signal from now on unlinks the file before it ends the
        // process.
        crate::runtime::signals::cover_fatal_signals();
        let hasher = std::collections::hash_map::RandomState::new();
        for _ in 0..16 {
            let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
            let mut h = hasher.build_hasher();
            h.write_u64(id);
            h.write_u32(std::process::id());
            let mut file_name = std::ffi::OsString::from(".");
            file_name.push(name);
            file_name.push(format!(".flash-{:08x}.tmp", h.finish() as u32));
            let path = dir.join(file_name);
            // Created and registered in one critical section: an exit on a
            // signal either sees the file or runs before it exists.
            let busy = Busy::enter();
            // Private from its creation (0600): what is written is the
            // caller's until `commit` gives it its final mode.
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(file) => {
                    let Some(slot) = registry::register(&path, &busy) else {
                        let _ = std::fs::remove_file(&path);
                        return Err(Error::msg(format!(
                            "more than {} temp files at once",
                            registry::SLOTS
                        )));
                    };
                    drop(busy);
                    let entry = Arc::new(Temp {
                        slot,
                        path,
                        settled: AtomicBool::new(false),
                    });
                    self.push(Entry::Temp(entry.clone()));
                    return Ok(TempFile {
                        entry: Some(entry),
                        file: Some(file),
                        dest: dest.to_path_buf(),
                        real: real.to_path_buf(),
                        permissions: None,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                // The user's path, not the temp file's: that is the
                // name they gave and know.
                Err(e) => return Err(Error::fs(dest, e)),
            }
        }
        Err(Error::msg(format!(
            "could not find a free temp file name beside `{}`",
            dest.display()
        )))
    }

    /// Opens `path` for reading and keeps it open until the scope is
    /// released (or every returned handle is dropped, if later).
    pub fn open(&self, path: &Path) -> Result<Arc<File>> {
        let file = Arc::new(File::open(path).map_err(|e| Error::fs(path, e))?);
        self.push(Entry::Opened(file.clone()));
        Ok(file)
    }

    /// Runs `f` when the scope is released (reverse order of registration).
    pub fn on_cleanup(&self, f: impl FnOnce() + Send + 'static) {
        self.push(Entry::Cleanup(Box::new(f)));
    }

    /// Releases everything registered so far, newest first: uncommitted temp
    /// files are unlinked, cleanup callbacks run (a panicking one does not
    /// stop the others). The scope can be used again afterwards.
    pub fn release(&self) {
        let entries = std::mem::take(&mut *self.lock());
        for entry in entries.into_iter().rev() {
            match entry {
                Entry::Temp(temp) => temp.discard(),
                Entry::Opened(file) => drop(file),
                Entry::Cleanup(f) => {
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err() {
                        tracing::warn!("a scope cleanup callback panicked");
                    }
                }
            }
        }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        self.release();
    }
}

/// A file written beside its destination and renamed onto it by
/// [`TempFile::commit`]; removed if dropped uncommitted. Or, where the
/// destination is not a regular file, the destination itself, written in
/// place (see [`TempFile::in_place`]).
#[derive(Debug)]
pub struct TempFile {
    /// Shared with the scope's entry; `None` when written in place.
    entry: Option<Arc<Temp>>,
    file: Option<File>,
    /// The destination as the caller named it (for errors).
    dest: PathBuf,
    /// The file `commit` replaces: `dest`, or the file its symlink names.
    real: PathBuf,
    /// The mode `commit` gives it, if the caller chose one.
    permissions: Option<std::fs::Permissions>,
}

impl TempFile {
    /// The destination itself, open for writing in place.
    fn writing_in_place(file: File, dest: &Path) -> TempFile {
        TempFile {
            entry: None,
            file: Some(file),
            dest: dest.to_path_buf(),
            real: dest.to_path_buf(),
            permissions: None,
        }
    }

    /// The open file, to write the content.
    pub fn file(&mut self) -> &mut File {
        self.file
            .as_mut()
            .expect("the file is only taken by commit, which consumes self")
    }

    /// Where the temp file is now (the destination, when written in
    /// place).
    pub fn path(&self) -> &Path {
        match &self.entry {
            Some(entry) => &entry.path,
            None => &self.dest,
        }
    }

    /// Where [`TempFile::commit`] puts it.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Whether the destination is written in place: it is not a regular
    /// file (a device, a FIFO, a terminal, a socket) or it is a descriptor
    /// of the process named as a path (`/dev/stdout`). What is written
    /// then reaches it at once, `commit` only flushes, and a failure
    /// leaves what was written so far, as with `cp` or a shell's `>`.
    pub fn in_place(&self) -> bool {
        self.entry.is_none()
    }

    /// The mode the file gets when committed. The temp file itself is
    /// private (0600) until then; without this, it gets the destination's
    /// mode if the destination exists, else what a new file gets (0666
    /// less the umask). A destination written in place keeps its own.
    pub fn set_permissions(&mut self, permissions: std::fs::Permissions) {
        self.permissions = Some(permissions);
    }

    /// Flushes the content to the OS and atomically renames it onto the
    /// destination: other processes see either the old destination or the
    /// complete new file, never a partial one.
    ///
    /// It does not wait for the data to reach the disk (no fsync), like
    /// `cp`, `rage`, `rsync` and `tempfile`'s `persist`: durability is the
    /// caller's choice. Call `tmp.file().sync_data()` first when a power
    /// loss right after the command must not lose the new content.
    pub fn commit(mut self) -> Result<()> {
        let mut file = self
            .file
            .take()
            .expect("the file is only taken by commit, which consumes self");
        // No `sync_data` here, on purpose. The contract is atomicity towards
        // other processes and towards our own failure paths (error, Ctrl-C,
        // timeout: the temp file is removed and the destination untouched),
        // which the rename alone gives. An fdatasync would add the disk's
        // write time to every command (measured: +0.16 s on a 512 MiB copy,
        // +75% over `cp`, whose cost is only the page-cache copy) for a
        // crash guarantee none of the tools `fl` stands in for give. On a
        // crash, ext4 (default `auto_da_alloc`) and btrfs write out a file
        // renamed over an existing one before the rename is committed, so
        // the old content is not replaced by an empty file there.
        file.flush().map_err(|e| Error::fs(&self.dest, e))?;
        let Some(entry) = self.entry.clone() else {
            // Written in place: nothing to rename, and its mode is its own.
            return Ok(());
        };
        // Its final mode, set only now, just before it gets its name.
        let permissions = match self.permissions.take() {
            Some(permissions) => Some(permissions),
            None => default_permissions(&self.real),
        };
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)
                .map_err(|e| Error::fs(&self.dest, e))?;
        }
        drop(file);
        // Claimed and renamed in one critical section: a signal meanwhile
        // ends the process after the rename, not between the two.
        let busy = Busy::enter();
        if !entry.settle(&busy) {
            return Err(Error::Cancelled);
        }
        let renamed = std::fs::rename(&entry.path, &self.real);
        if renamed.is_err() {
            let _ = std::fs::remove_file(&entry.path);
        }
        drop(busy);
        renamed.map_err(|e| Error::fs(&self.dest, e))
    }
}

/// The mode a committed file gets by default: the destination's, if it
/// exists (replacing a file keeps its mode, as editors do), else what
/// `File::create` would give it.
fn default_permissions(dest: &Path) -> Option<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(dest) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o666 & !umask()))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The process's umask: from `/proc/self/status` where Linux has it (a
/// read, no change), else by setting and restoring it.
#[cfg(unix)]
pub(crate) fn umask() -> u32 {
    let from_proc = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        });
    from_proc.unwrap_or_else(|| {
        // SAFETY: umask cannot fail; the old mask is put back at once.
        unsafe {
            let old = libc::umask(0o022);
            libc::umask(old);
            old as u32
        }
    })
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.file = None;
        if let Some(entry) = &self.entry {
            entry.discard();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::Arc;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("flash-scope-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A command writing file after file holds only the open ones: the
    /// settled temp files leave the list (a long `cp -r` stays flat), and
    /// what is left is still released in reverse order.
    #[test]
    fn settled_temp_files_leave_the_scope() {
        let d = dir("settled");
        let scope = Scope::new();
        let open = scope.temp_file(&d.join("open")).expect("temp file");
        for i in 0..10_000 {
            let mut tmp = scope
                .temp_file(&d.join(format!("f{}", i % 10)))
                .expect("temp file");
            tmp.file().write_all(b"x").expect("write");
            if i % 2 == 0 {
                tmp.commit().expect("commit");
            }
        }
        assert!(scope.lock().len() < 64, "{} entries", scope.lock().len());
        scope.release();
        drop(open);
        let left = names(&d);
        assert_eq!(
            left,
            ["f0", "f2", "f4", "f6", "f8"],
            "only the committed files are left"
        );
        std::fs::remove_dir_all(&d).expect("cleanup");
    }

    #[test]
    fn commit_renames_and_drop_removes() {
        let dir = dir("commit");
        let scope = Scope::new();
        let dest = dir.join("a.txt");
        let mut tmp = scope.temp_file(&dest).expect("temp");
        assert!(tmp
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".a.txt.flash-"));
        tmp.file().write_all(b"hi").expect("write");
        assert!(!dest.exists());
        tmp.commit().expect("commit");
        assert_eq!(std::fs::read_to_string(&dest).expect("read"), "hi");

        let tmp = scope.temp_file(&dir.join("b.txt")).expect("temp");
        let path = tmp.path().to_path_buf();
        assert!(path.exists());
        drop(tmp);
        assert!(!path.exists());
        assert_eq!(names(&dir), ["a.txt"]);
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn release_unlinks_and_runs_cleanups_in_reverse() {
        let dir = dir("release");
        let scope = Scope::new();
        let order = Arc::new(Mutex::new(Vec::new()));
        let o = order.clone();
        scope.on_cleanup(move || o.lock().unwrap().push(1));
        let tmp = scope.temp_file(&dir.join("c.txt")).expect("temp");
        let o = order.clone();
        scope.on_cleanup(move || o.lock().unwrap().push(2));
        scope.on_cleanup(|| panic!("a bad callback"));
        // Leaked past its owner: the scope still removes it.
        std::mem::forget(tmp);
        scope.release();
        assert_eq!(*order.lock().unwrap(), [2, 1]);
        assert!(names(&dir).is_empty());
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }

    #[test]
    fn commit_after_release_fails_and_leaves_dest_alone() {
        let dir = dir("late");
        let scope = Scope::new();
        let dest = dir.join("d.txt");
        let tmp = scope.temp_file(&dest).expect("temp");
        scope.release();
        assert!(tmp.commit().is_err());
        assert!(!dest.exists());
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
