//! The signals that cancel a command (SIGINT, SIGTERM, SIGHUP, SIGQUIT),
//! caught with a plain `sigaction` handler for as long as a command runs;
//! the previous handlers come back when it ends.
//!
//! A sync command has no runtime to deliver a cancellation to: its handler
//! unlinks the uncommitted temp files and exits 130 at once. An async
//! command's handler only wakes its watchdog thread (see `watchdog`).

#[cfg(unix)]
use std::sync::atomic::{AtomicI32, Ordering};

/// What a signal does while a command runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum OnSignal {
    /// Unlink the temp files and exit 130 (sync commands).
    Exit,
    /// Write the signal's number to this pipe (async commands).
    #[cfg(unix)]
    Wake(i32),
}

/// The signals caught, and how to restore what was there before.
pub(crate) struct Caught {
    #[cfg(unix)]
    old: Vec<(libc::c_int, libc::sigaction)>,
}

/// The signals that cancel a command.
#[cfg(unix)]
pub(crate) const CANCEL_SIGNALS: [libc::c_int; 4] =
    [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

/// Where the wake handler writes (-1: nowhere).
#[cfg(unix)]
static WAKE_FD: AtomicI32 = AtomicI32::new(-1);

/// The name of a cancelling signal.
pub(crate) fn name(signal: i32) -> &'static str {
    #[cfg(unix)]
    match signal {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        libc::SIGQUIT => "SIGQUIT",
        _ => "a signal",
    }
    #[cfg(not(unix))]
    {
        let _ = signal;
        "Ctrl-C"
    }
}

impl Caught {
    /// Catches the cancelling signals with `on`.
    pub(crate) fn install(on: OnSignal) -> Caught {
        #[cfg(unix)]
        {
            let handler: extern "C" fn(libc::c_int) = match on {
                OnSignal::Exit => on_signal_exit,
                OnSignal::Wake(fd) => {
                    WAKE_FD.store(fd, Ordering::SeqCst);
                    on_signal_wake
                }
            };
            let mut old = Vec::with_capacity(CANCEL_SIGNALS.len());
            for sig in CANCEL_SIGNALS {
                let mut action = zeroed_action();
                action.sa_sigaction = handler as *const () as libc::sighandler_t;
                // Interrupted system calls restart: a signal the handler
                // defers must not surface as EINTR in the command's code.
                action.sa_flags = libc::SA_RESTART;
                let mut prev = zeroed_action();
                // SAFETY: a valid, fully initialised sigaction; the handlers
                // only call async-signal-safe functions.
                let ok = unsafe {
                    libc::sigemptyset(&mut action.sa_mask);
                    libc::sigaction(sig, &action, &mut prev) == 0
                };
                if ok {
                    old.push((sig, prev));
                }
            }
            Caught { old }
        }
        #[cfg(not(unix))]
        {
            let _ = on;
            Caught {}
        }
    }
}

impl Drop for Caught {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            for (sig, prev) in &self.old {
                // SAFETY: restores the action sigaction(2) gave back.
                unsafe { libc::sigaction(*sig, prev, std::ptr::null_mut()) };
            }
            WAKE_FD.store(-1, Ordering::SeqCst);
        }
    }
}

#[cfg(unix)]
fn zeroed_action() -> libc::sigaction {
    // SAFETY: sigaction is a plain C struct for which all-zero is valid
    // (SIG_DFL, empty flags).
    unsafe { std::mem::zeroed() }
}

#[cfg(unix)]
extern "C" fn on_signal_exit(_sig: libc::c_int) {
    crate::runtime::registry::exit_from_signal();
}

#[cfg(unix)]
extern "C" fn on_signal_wake(sig: libc::c_int) {
    let fd = WAKE_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        let byte = sig as u8;
        let errno = errno::save();
        // SAFETY: write(2) is async-signal-safe; a full pipe drops the
        // byte (the fd is non-blocking), which a pending wake-up covers.
        unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
        errno::restore(errno);
    }
}

/// The interrupted code's `errno`, kept across the handler's own calls.
#[cfg(unix)]
mod errno {
    #[cfg(target_os = "linux")]
    fn location() -> Option<*mut libc::c_int> {
        // SAFETY: returns the calling thread's errno; always valid.
        Some(unsafe { libc::__errno_location() })
    }

    #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
    fn location() -> Option<*mut libc::c_int> {
        // SAFETY: as above.
        Some(unsafe { libc::__error() })
    }

    #[cfg(not(any(
        target_os = "linux",
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd"
    )))]
    fn location() -> Option<*mut libc::c_int> {
        None
    }

    pub(super) fn save() -> libc::c_int {
        // SAFETY: the thread's own errno.
        location().map_or(0, |p| unsafe { *p })
    }

    pub(super) fn restore(value: libc::c_int) {
        if let Some(p) = location() {
            // SAFETY: the thread's own errno.
            unsafe { *p = value };
        }
    }
}
