//! The signals that cancel a command (SIGINT, SIGTERM, SIGHUP, SIGQUIT),
//! caught with a plain `sigaction` handler for as long as a command runs;
//! the previous handlers come back when it ends.
//!
//! Every exit on a signal is with 128 + the signal's number, as a shell
//! reports a process the signal ended: 130 for SIGINT, 143 for SIGTERM,
//! 129 for SIGHUP, 131 for SIGQUIT.
//!
//! A sync command has no runtime to deliver a cancellation to: its handler
//! unlinks the uncommitted temp files and exits at once.
//!
//! An async command's handler notes the first signal and arms a one-second
//! `alarm(2)`; a task of the command's runtime ([`relay`]) sees the note
//! and cancels the command, which then ends as for any error (its scope
//! released, the `after` hook run, `--metrics` reported). If the command
//! has not ended when the alarm rings (its handler never yields, so the
//! runtime never got to cancel it), or if a second signal comes, the
//! handler unlinks the temp files and ends the process at once. Everything
//! a handler does is async-signal-safe; no thread is started for it (a
//! thread was a tenth of a trivial command's start-up).
//!
//! The handlers, and the statics they read, are process-wide by nature:
//! a process has one disposition per signal. They are installed only
//! while a command runs on the process's own streams (`App::run`), never
//! under `try_run_from`.

#[cfg(unix)]
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

use crate::runtime::context::{CancelReason, Context};

/// How long a cancelled async command may take to end before the process
/// ends anyway, in whole seconds (what `alarm(2)` counts in).
pub(crate) const GRACE_SECS: u32 = 1;

/// How often [`relay`] looks for a signal.
const RELAY_PERIOD: Duration = Duration::from_millis(20);

/// What a signal does while a command runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum OnSignal {
    /// Unlink the temp files and exit 130 (sync commands).
    Exit,
    /// Note it for [`relay`], with the grace alarm (async commands).
    Note,
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

/// Process-wide (read by the signal handler): the first cancelling signal
/// of the running async command (0: none).
#[cfg(unix)]
static FIRST: AtomicI32 = AtomicI32::new(0);
/// Process-wide (read by the signal handler): the async command has
/// ended, so a late alarm does nothing.
#[cfg(unix)]
static ENDED: AtomicBool = AtomicBool::new(false);

/// Cancels `ctx` once a signal was noted (async commands, own process).
/// The runtime cannot be woken from a signal handler without tokio's
/// signal driver (twice this task's start-up cost, for every command), so
/// this looks every 20 ms.
pub(crate) async fn relay(ctx: Context) {
    loop {
        tokio::time::sleep(RELAY_PERIOD).await;
        #[cfg(unix)]
        {
            let signal = FIRST.load(Ordering::SeqCst);
            if signal != 0 {
                let name = crate::cli::error::signal_name(signal);
                tracing::info!("received {name}: cancelling (again to exit at once)");
                ctx.cancel_with(CancelReason::Signal(signal));
                return;
            }
        }
        #[cfg(not(unix))]
        let _ = &ctx;
    }
}

impl Caught {
    /// Catches the cancelling signals with `on`.
    pub(crate) fn install(on: OnSignal) -> Caught {
        #[cfg(unix)]
        {
            let (handler, alarm): (extern "C" fn(libc::c_int), bool) = match on {
                OnSignal::Exit => (on_signal_exit, false),
                OnSignal::Note => {
                    FIRST.store(0, Ordering::SeqCst);
                    ENDED.store(false, Ordering::SeqCst);
                    (on_signal_note, true)
                }
            };
            let mut old = Vec::with_capacity(CANCEL_SIGNALS.len() + 1);
            let alarm = alarm.then_some(libc::SIGALRM);
            for sig in CANCEL_SIGNALS.into_iter().chain(alarm) {
                let mut action = zeroed_action();
                action.sa_sigaction = handler as *const () as libc::sighandler_t;
                // Interrupted system calls restart: a signal the handler
                // defers must not surface as EINTR in the command's code.
                action.sa_flags = libc::SA_RESTART;
                let mut prev = zeroed_action();
                // An all-zero mask is the empty set on Linux; elsewhere ask
                // libc (on Linux that is one import fewer to resolve at
                // every start).
                #[cfg(not(target_os = "linux"))]
                // SAFETY: a valid sigset_t to initialise.
                unsafe {
                    libc::sigemptyset(&mut action.sa_mask);
                }
                // SAFETY: a valid, fully initialised sigaction; the handlers
                // only call async-signal-safe functions.
                let ok = unsafe { libc::sigaction(sig, &action, &mut prev) == 0 };
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
            // Ended first: an alarm that rings before it is cancelled below
            // finds the command over.
            ENDED.store(true, Ordering::SeqCst);
            if self.old.iter().any(|(sig, _)| *sig == libc::SIGALRM) {
                alarm(0);
            }
            for (sig, prev) in &self.old {
                // SAFETY: restores the action sigaction(2) gave back.
                unsafe { libc::sigaction(*sig, prev, std::ptr::null_mut()) };
            }
        }
    }
}

#[cfg(unix)]
fn zeroed_action() -> libc::sigaction {
    // SAFETY: sigaction is a plain C struct for which all-zero is valid
    // (SIG_DFL, empty flags).
    unsafe { std::mem::zeroed() }
}

/// The exits on a cancelling signal, for a handler to take (it cannot
/// make one): 128 + the signal's number, with what happened.
#[cfg(unix)]
mod exits {
    use crate::runtime::registry::Exit;

    /// A command ended by the signal (once it is cancelled, or at once).
    pub(super) static CANCELLED: [Exit; 4] = [
        Exit::new(128 + libc::SIGINT, b"error: cancelled by SIGINT\n"),
        Exit::new(128 + libc::SIGTERM, b"error: cancelled by SIGTERM\n"),
        Exit::new(128 + libc::SIGHUP, b"error: cancelled by SIGHUP\n"),
        Exit::new(128 + libc::SIGQUIT, b"error: cancelled by SIGQUIT\n"),
    ];

    /// A second signal while the command is being cancelled.
    pub(super) static INTERRUPTED: [Exit; 4] = [
        Exit::new(128 + libc::SIGINT, b"error: interrupted by SIGINT\n"),
        Exit::new(128 + libc::SIGTERM, b"error: interrupted by SIGTERM\n"),
        Exit::new(128 + libc::SIGHUP, b"error: interrupted by SIGHUP\n"),
        Exit::new(128 + libc::SIGQUIT, b"error: interrupted by SIGQUIT\n"),
    ];

    /// The exit of `table` for `sig` (SIGINT's for one not in it).
    pub(super) fn of(table: &'static [Exit; 4], sig: libc::c_int) -> &'static Exit {
        let at = super::CANCEL_SIGNALS
            .iter()
            .position(|s| *s == sig)
            .unwrap_or(0);
        &table[at]
    }
}

#[cfg(unix)]
extern "C" fn on_signal_exit(sig: libc::c_int) {
    crate::runtime::registry::exit_from_signal(exits::of(&exits::CANCELLED, sig));
}

#[cfg(unix)]
extern "C" fn on_signal_note(sig: libc::c_int) {
    use crate::runtime::registry::exit_from_signal;
    let errno = errno::save();
    if sig == libc::SIGALRM {
        // The grace period is over: the command is ended as the first
        // signal asked.
        if !ENDED.load(Ordering::SeqCst) {
            let first = FIRST.load(Ordering::SeqCst);
            exit_from_signal(exits::of(&exits::CANCELLED, first));
        }
    } else if FIRST
        .compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
    {
        alarm(GRACE_SECS);
    } else {
        exit_from_signal(exits::of(&exits::INTERRUPTED, sig));
    }
    errno::restore(errno);
}

/// Arms the process's real-time timer to send SIGALRM in `secs` seconds
/// (0 cancels it), as `alarm(2)` does; async-signal-safe.
#[cfg(unix)]
fn alarm(secs: u32) {
    // On Linux the timer is set with the system call itself: `alarm` would
    // be one more libc symbol for the loader to resolve at every start.
    #[cfg(target_os = "linux")]
    {
        let timer = libc::itimerval {
            it_interval: libc::timeval {
                tv_sec: 0,
                tv_usec: 0,
            },
            it_value: libc::timeval {
                tv_sec: secs as libc::time_t,
                tv_usec: 0,
            },
        };
        // SAFETY: a valid itimerval; the old value is not asked for.
        unsafe {
            libc::syscall(
                libc::SYS_setitimer,
                libc::ITIMER_REAL,
                &timer as *const libc::itimerval,
                std::ptr::null_mut::<libc::itimerval>(),
            )
        };
    }
    #[cfg(not(target_os = "linux"))]
    // SAFETY: alarm(2) takes seconds and is async-signal-safe.
    unsafe {
        libc::alarm(secs);
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
