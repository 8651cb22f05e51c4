//! Ending the process by a signal, from inside that signal's handler: what
//! the prompt's echo restorer and the runtime's temp-file cleanup both do
//! last, so the parent sees the death it would have seen without them.

/// Ends the process by `sig` with its default action: the handler that
/// called this is replaced by the default, the signal unblocked (a handler
/// runs with its own signal blocked) and sent to the process. Returns only
/// if that did not end it (a signal whose default is to be ignored).
/// Async-signal-safe: `sigaction`, the signal mask and `raise`.
///
/// # Safety
///
/// Call it only where replacing `sig`'s handler by the default is meant:
/// from that handler, as the last thing it does.
#[cfg(unix)]
pub(crate) unsafe fn die_by(sig: libc::c_int) {
    // SAFETY: all-zero is SIG_DFL with no flags and an empty mask; the
    // action is valid and the set is initialised before use.
    unsafe {
        let mut dfl: libc::sigaction = std::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        libc::sigaction(sig, &dfl, std::ptr::null_mut());
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, sig);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(sig);
    }
}
