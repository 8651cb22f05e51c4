//! The process's uncommitted temp files, as a signal handler can read them.
//!
//! A fixed table of atomic slots, each null or a NUL-terminated path: a
//! signal handler takes every path with one atomic swap each and unlinks
//! it, without locking or allocating (both unsafe in a handler). Whoever
//! swaps a path out of its slot owns it, so a temp file is unlinked by the
//! handler or by its owner (discarded, committed), never both, and never
//! read after it is freed.
//!
//! Creating, committing and discarding a temp file is a short critical
//! section (a [`Busy`] guard): a signal that arrives meanwhile only marks
//! the exit as pending, and the section's end performs it, so no file is
//! created after the table was emptied, and none is left half renamed.

use std::ffi::{c_char, CString};
use std::path::Path;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};

/// How many temp files may be uncommitted at once in a process.
pub(crate) const SLOTS: usize = 1024;

static TABLE: [AtomicPtr<c_char>; SLOTS] = [const { AtomicPtr::new(null_mut()) }; SLOTS];
/// Critical sections under way.
static BUSY: AtomicUsize = AtomicUsize::new(0);
/// The thread ending the process (0: none yet): one thread unlinks and
/// ends it; another that would too waits for it instead, lest it end the
/// process while the first is still unlinking a path it took.
static ENDING: AtomicUsize = AtomicUsize::new(0);
/// The exit under way, if any (null: none). The first one asked for wins.
static PENDING: AtomicPtr<Exit> = AtomicPtr::new(null_mut());

/// How the process ends: its exit code and its last words on stderr, or
/// the signal that ends it.
pub(crate) struct Exit {
    code: i32,
    message: &'static [u8],
    /// Ended by this signal's default action (0: by `code`).
    signal: i32,
}

impl Exit {
    /// An exit for a signal handler to take (in a `static`: a handler
    /// cannot allocate one).
    pub(crate) const fn new(code: i32, message: &'static [u8]) -> Exit {
        Exit {
            code,
            message,
            signal: 0,
        }
    }

    /// The end a fatal signal `signal` would have brought without us: the
    /// process is ended by that signal itself (its status says so, a
    /// shell prints `Alarm clock`), once the temp files are unlinked.
    pub(crate) const fn killed_by(signal: i32) -> Exit {
        Exit {
            code: 128 + signal,
            message: b"",
            signal,
        }
    }

    /// Its exit code.
    #[cfg_attr(target_os = "linux", allow(dead_code))]
    pub(crate) fn code(&self) -> i32 {
        self.code
    }

    /// Its last words on stderr.
    #[cfg_attr(target_os = "linux", allow(dead_code))]
    pub(crate) fn message(&self) -> &'static [u8] {
        self.message
    }
}

/// Marks `exit` as the one under way unless another is; returns the one
/// that is.
fn pend(exit: *mut Exit) -> &'static Exit {
    let current = match PENDING.compare_exchange(null_mut(), exit, SeqCst, SeqCst) {
        Ok(_) => exit,
        Err(current) => current,
    };
    // SAFETY: only pointers to `'static` exits are ever stored.
    unsafe { &*current }
}

/// The exit under way, if any.
fn pending() -> Option<&'static Exit> {
    let current = PENDING.load(SeqCst);
    // SAFETY: null or a pointer to a `'static` exit.
    (!current.is_null()).then(|| unsafe { &*current })
}

/// A slot of the table that holds a temp file's path.
#[derive(Debug)]
pub(crate) struct Slot(usize);

/// A critical section: while one runs, a signal defers the exit to its end.
pub(crate) struct Busy(());

impl Busy {
    /// Enters a critical section; does not return if an exit is pending.
    pub(crate) fn enter() -> Busy {
        BUSY.fetch_add(1, SeqCst);
        // Checked after counting ourselves in: a signal handler either sees
        // this section and leaves the exit to it, or set `PENDING` first.
        if pending().is_some() {
            leave();
        }
        Busy(())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        leave();
    }
}

/// Leaves a critical section. With an exit pending, the last section out
/// performs it, once no other is half-way through creating or renaming a
/// file (its file would be missed); the others wait for it, so that no
/// new file is made meanwhile.
fn leave() {
    let last = BUSY.fetch_sub(1, SeqCst) == 1;
    let Some(exit) = pending() else {
        return;
    };
    if last {
        exit_now(exit);
    }
    loop {
        sys::nap();
    }
}

/// Notes `path` as an uncommitted temp file (inside a [`Busy`] section);
/// `None` when every slot is taken.
pub(crate) fn register(path: &Path, _busy: &Busy) -> Option<Slot> {
    let c_path = CString::new(path.as_os_str().as_encoded_bytes())
        .ok()?
        .into_raw();
    for (i, slot) in TABLE.iter().enumerate() {
        if slot
            .compare_exchange(null_mut(), c_path, SeqCst, SeqCst)
            .is_ok()
        {
            return Some(Slot(i));
        }
    }
    // SAFETY: `c_path` came from `CString::into_raw` above and was not
    // stored anywhere.
    drop(unsafe { CString::from_raw(c_path) });
    None
}

/// Takes the path out of `slot`: `true` if it was still there (the caller
/// now owns the file), `false` if an exit path took it first.
pub(crate) fn claim(slot: &Slot, _busy: &Busy) -> bool {
    let taken = TABLE[slot.0].swap(null_mut(), SeqCst);
    if taken.is_null() {
        return false;
    }
    // SAFETY: every non-null pointer in the table came from
    // `CString::into_raw`, and the swap made this thread its only owner.
    drop(unsafe { CString::from_raw(taken) });
    true
}

/// Unlinks every registered temp file; safe in a signal handler (atomic
/// swaps and `unlink(2)` only). The paths are not freed: the process is
/// about to end.
fn unlink_all() {
    for slot in &TABLE {
        let taken = slot.swap(null_mut(), SeqCst);
        if !taken.is_null() {
            unlink(taken);
        }
    }
}

/// Unlinks every temp file, writes `message` on stderr and ends the process
/// with `code` (or by its signal), running no destructors.
fn exit_now(exit: &Exit) -> ! {
    if ENDING
        .compare_exchange(0, sys::thread_id(), SeqCst, SeqCst)
        .is_err()
    {
        // Another thread is ending the process.
        loop {
            sys::nap();
        }
    }
    let (code, message) = (exit.code, exit.message);
    unlink_all();
    #[cfg(unix)]
    // SAFETY: write(2), sigaction(2), the signal mask, kill(2) and _exit(2)
    // are async-signal-safe.
    unsafe {
        if !message.is_empty() {
            libc::write(2, message.as_ptr().cast(), message.len());
        }
        if exit.signal != 0 {
            crate::cli::signal::die_by(exit.signal);
        }
        sys::exit(code)
    }
    #[cfg(not(unix))]
    {
        use std::io::Write;
        let _ = std::io::stderr().write_all(message);
        std::process::exit(code)
    }
}

/// Unlinks the NUL-terminated path `taken` (from `CString::into_raw`,
/// owned by the caller); on Unix with `unlink(2)`, which is
/// async-signal-safe.
fn unlink(taken: *mut c_char) {
    #[cfg(unix)]
    // SAFETY: a valid NUL-terminated path, owned by the caller.
    unsafe {
        sys::unlink(taken);
    }
    #[cfg(not(unix))]
    {
        // No signal handler runs this off Unix: an ordinary removal.
        // SAFETY: as above; freed here, since nothing else owns it.
        let path = unsafe { CString::from_raw(taken) };
        if let Ok(path) = path.into_string() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The exit of a command on a signal, from the signal handler itself:
/// unlinks the temp files and ends the process as `exit` says at once, or,
/// if a critical section is under way, leaves that to its end.
pub(crate) fn exit_from_signal(exit: &'static Exit) {
    // Pending first: a section that starts after this sees it.
    let exit = pend((exit as *const Exit).cast_mut());
    // Interrupting this thread's own exit: return to it, it is under way.
    if BUSY.load(SeqCst) == 0 && ENDING.load(SeqCst) != sys::thread_id() {
        exit_now(exit);
    }
}

/// The same exit from ordinary code (a second signal, a deadline), with
/// `code` and `message`: waits for a critical section under way to end it
/// (at most a second, in case one is stuck in the file system), else ends
/// the process itself.
pub(crate) fn hard_exit(code: i32, message: impl Into<Vec<u8>>) -> ! {
    let message: &'static [u8] = Vec::leak(message.into());
    let exit = pend(Box::into_raw(Box::new(Exit::new(code, message))));
    let until = Instant::now() + Duration::from_secs(1);
    while BUSY.load(SeqCst) != 0 && Instant::now() < until {
        sys::nap();
    }
    exit_now(exit)
}

/// The few system calls the exit paths make. On Linux they go through
/// `syscall(2)`, which every Rust program already imports: each libc
/// function a binary imports is one more symbol the dynamic loader looks
/// up at every start (a trivial command's start-up is measured against a
/// bare tokio program's).
mod sys {
    /// Ends the process now, running nothing (`_exit(2)`).
    #[cfg(target_os = "linux")]
    pub(super) unsafe fn exit(code: i32) -> ! {
        // SAFETY: exit_group(2) takes a status and never returns.
        unsafe { libc::syscall(libc::SYS_exit_group, libc::c_long::from(code)) };
        unreachable!("exit_group returned")
    }

    #[cfg(all(unix, not(target_os = "linux")))]
    pub(super) unsafe fn exit(code: i32) -> ! {
        // SAFETY: _exit(2) never returns.
        unsafe { libc::_exit(code) }
    }

    /// `unlink(2)` of a NUL-terminated path.
    #[cfg(target_os = "linux")]
    pub(super) unsafe fn unlink(path: *const libc::c_char) {
        // SAFETY: the caller passes a valid NUL-terminated path.
        unsafe { libc::syscall(libc::SYS_unlinkat, libc::AT_FDCWD, path, 0) };
    }

    #[cfg(all(unix, not(target_os = "linux")))]
    pub(super) unsafe fn unlink(path: *const libc::c_char) {
        // SAFETY: as above.
        unsafe { libc::unlink(path) };
    }

    /// The calling thread's id, never 0; async-signal-safe.
    #[cfg(target_os = "linux")]
    pub(super) fn thread_id() -> usize {
        // SAFETY: gettid(2) cannot fail.
        unsafe { libc::syscall(libc::SYS_gettid) as usize }
    }

    #[cfg(all(unix, not(target_os = "linux")))]
    pub(super) fn thread_id() -> usize {
        // SAFETY: pthread_self cannot fail; it reads the thread's own
        // pointer.
        unsafe { libc::pthread_self() as usize }
    }

    #[cfg(not(unix))]
    pub(super) fn thread_id() -> usize {
        1
    }

    /// Sleeps about a millisecond.
    #[cfg(unix)]
    pub(super) fn nap() {
        // SAFETY: poll(2) on no descriptors only waits.
        unsafe { libc::poll(std::ptr::null_mut(), 0, 1) };
    }

    #[cfg(not(unix))]
    pub(super) fn nap() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_claimed_once() {
        let busy = Busy::enter();
        let slot =
            register(Path::new("/nonexistent/flash-registry-test"), &busy).expect("a free slot");
        assert!(claim(&slot, &busy));
        assert!(!claim(&slot, &busy));
    }
}
