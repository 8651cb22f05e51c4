//! The signals of a running command, caught with plain `sigaction`
//! handlers for as long as it runs; what was there before comes back when
//! it ends (unless the command itself changed it meanwhile).
//!
//! - SIGINT, SIGTERM, SIGHUP and SIGQUIT cancel the command. A sync
//!   command has no runtime to deliver a cancellation to: its handler
//!   unlinks the uncommitted temp files and exits at once. An async
//!   command's handler notes the first signal and arms the grace timer; a
//!   task of the command's runtime ([`relay`]) sees the note and cancels
//!   the command. If the command has not ended when the timer rings (its
//!   handler never yields, so the runtime never got to cancel it), or if
//!   a second signal comes, the handler unlinks the temp files and ends
//!   the process.
//! - Every other signal whose default action ends the process (SIGALRM,
//!   SIGUSR1, SIGUSR2, SIGPIPE where it is not ignored, SIGVTALRM,
//!   SIGPROF, SIGXCPU, SIGIO, SIGPWR, SIGSYS, SIGTRAP, SIGABRT, the
//!   real-time signals) still ends it, by that very signal, but with the
//!   temp files unlinked first. Only where it has its default action: a
//!   signal the app handles or ignores is left to the app. These handlers
//!   are installed when the command makes its first temp file
//!   ([`cover_fatal_signals`]), not before: until then the default action
//!   already does all there is to do, and a command that makes none pays
//!   no ~100 `sigaction` calls at start and end.
//! - SIGXFSZ, where it has its default action, is ignored: a file-size
//!   limit (`ulimit -f`) is then the write error `EFBIG`, reported as any
//!   other (exit 1, no temp file left), not a kill.
//!
//! The grace timer is not `alarm(2)`/`setitimer(ITIMER_REAL)`: that timer
//! and its SIGALRM belong to the app (a stray SIGALRM must not cancel a
//! command, and an app's own interval timer must keep ticking). On Linux
//! the first signal's handler creates a POSIX timer of its own
//! (`timer_create`, raw system calls, async-signal-safe) that sends that
//! same signal, marked `SI_TIMER` with our cookie, so the handler tells it
//! from the user's second signal; nothing is started unless a signal
//! comes. Elsewhere a thread waits for the handler's word on a pipe.
//! Everything a handler does is async-signal-safe.
//!
//! Every exit on a cancelling signal is with 128 + the signal's number, as
//! a shell reports a process the signal ended: 130 for SIGINT, 143 for
//! SIGTERM, 129 for SIGHUP, 131 for SIGQUIT.
//!
//! The handlers, and the statics they read, are process-wide by nature:
//! a process has one disposition per signal. They are installed only
//! while a command runs on the process's own streams (`App::run`), never
//! under `try_run_from`.

#[cfg(unix)]
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::Duration;

/// How long a cancelled async command may take to end before the process
/// ends anyway, in whole seconds.
pub(crate) const GRACE_SECS: u32 = 1;

/// How often [`relay`] looks for a signal.
const RELAY_PERIOD: Duration = Duration::from_millis(20);

/// What a signal does while a command runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum OnSignal {
    /// Unlink the temp files and exit (sync commands).
    Exit,
    /// Note it for [`relay`], with the grace timer (async commands).
    Note,
}

/// The signals caught, and how to restore what was there before.
pub(crate) struct Caught {
    /// Each signal, the action before ours, and ours.
    #[cfg(unix)]
    old: Vec<(libc::c_int, libc::sigaction, libc::sighandler_t)>,
    /// The grace thread, where there is no POSIX timer.
    #[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
    grace: Option<grace::Thread>,
}

/// The signals that cancel a command.
#[cfg(unix)]
pub(crate) const CANCEL_SIGNALS: [libc::c_int; 4] =
    [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

/// The signals besides those whose default action ends the process, and
/// that may be sent to it (not the faults of its own code, SIGSEGV,
/// SIGBUS, SIGILL and SIGFPE, whose handlers are Rust's). The real-time
/// signals are added at run time (their range is libc's).
#[cfg(unix)]
const FATAL_SIGNALS: &[libc::c_int] = &[
    libc::SIGALRM,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGPIPE,
    libc::SIGVTALRM,
    libc::SIGPROF,
    libc::SIGXCPU,
    libc::SIGIO,
    libc::SIGSYS,
    libc::SIGTRAP,
    libc::SIGABRT,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGPWR,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    libc::SIGSTKFLT,
];

/// Process-wide (read by the signal handler): the first cancelling signal
/// of the running async command (0: none).
#[cfg(unix)]
static FIRST: AtomicI32 = AtomicI32::new(0);
/// The async command has ended: a late grace timer does nothing.
#[cfg(unix)]
static ENDED: AtomicBool = AtomicBool::new(false);

/// Calls `cancel` with the signal once one was noted (async commands, own
/// process; the command's context is cancelled by it). The runtime cannot
/// be woken from a signal handler without tokio's signal driver (twice
/// this task's start-up cost, for every command), so this looks every
/// 20 ms. It takes a closure, not the context, so that this module stays
/// below the context and the scope (which asks [`cover_fatal_signals`]).
pub(crate) async fn relay(cancel: impl FnOnce(i32)) {
    loop {
        tokio::time::sleep(RELAY_PERIOD).await;
        #[cfg(unix)]
        {
            let signal = FIRST.load(Ordering::SeqCst);
            if signal != 0 {
                let name = crate::cli::error::signal_name(signal);
                tracing::info!("received {name}: cancelling (again to exit at once)");
                cancel(signal);
                return;
            }
        }
        #[cfg(not(unix))]
        let _ = &cancel;
    }
}

impl Caught {
    /// Catches the signals of a running command, the cancelling ones with
    /// `on`.
    pub(crate) fn install(on: OnSignal) -> Caught {
        #[cfg(unix)]
        {
            let cancel: libc::sighandler_t = match on {
                OnSignal::Exit => on_signal_exit as *const () as libc::sighandler_t,
                OnSignal::Note => {
                    FIRST.store(0, Ordering::SeqCst);
                    ENDED.store(false, Ordering::SeqCst);
                    on_signal_note as *const () as libc::sighandler_t
                }
            };
            let mut old = Vec::with_capacity(CANCEL_SIGNALS.len() + 1);
            for sig in CANCEL_SIGNALS {
                if let Some(prev) = set(sig, cancel, Always) {
                    old.push((sig, prev, cancel));
                }
            }
            if let Some(prev) = set(libc::SIGXFSZ, libc::SIG_IGN, IfDefault) {
                old.push((libc::SIGXFSZ, prev, libc::SIG_IGN));
            }
            // The other fatal signals once there is a temp file to unlink.
            fatal::want(true);
            Caught {
                old,
                #[cfg(not(any(target_os = "linux", target_os = "android")))]
                grace: matches!(on, OnSignal::Note)
                    .then(grace::Thread::start)
                    .flatten(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = on;
            Caught {}
        }
    }
}

/// Whether [`set`] replaces any action or only the default one.
#[cfg(unix)]
#[derive(PartialEq)]
enum Replace {
    Always,
    IfDefault,
}
#[cfg(unix)]
use Replace::{Always, IfDefault};

/// Sets `handler` (or `SIG_IGN`) for `sig`; the action it replaced, or
/// `None` where nothing was changed (`IfDefault` and the app has its own
/// action, or `sigaction` refused: SIGKILL, or a number libc reserves).
#[cfg(unix)]
fn set(sig: libc::c_int, handler: libc::sighandler_t, replace: Replace) -> Option<libc::sigaction> {
    let mut action = zeroed_action();
    action.sa_sigaction = handler;
    // Interrupted system calls restart: a signal the handler defers must
    // not surface as EINTR in the command's code. SA_SIGINFO: the handlers
    // take the signal's origin (the grace timer tells itself apart by it).
    action.sa_flags = libc::SA_RESTART;
    if handler != libc::SIG_IGN {
        action.sa_flags |= libc::SA_SIGINFO;
    }
    // An all-zero mask is the empty set on Linux; elsewhere ask libc (on
    // Linux that is one import fewer to resolve at every start).
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    // SAFETY: a valid sigset_t to initialise.
    unsafe {
        libc::sigemptyset(&mut action.sa_mask);
    }
    let mut prev = zeroed_action();
    // SAFETY: a valid, fully initialised sigaction; the handlers only call
    // async-signal-safe functions.
    if unsafe { libc::sigaction(sig, &action, &mut prev) } != 0 {
        return None;
    }
    if replace == IfDefault && prev.sa_sigaction != libc::SIG_DFL {
        // The app's own action: put it back at once.
        // SAFETY: the action sigaction(2) just gave back.
        unsafe { libc::sigaction(sig, &prev, std::ptr::null_mut()) };
        return None;
    }
    Some(prev)
}

/// The real-time signals, whose default action ends the process.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn realtime() -> std::ops::RangeInclusive<libc::c_int> {
    libc::SIGRTMIN()..=libc::SIGRTMAX()
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
fn realtime() -> std::ops::RangeInclusive<libc::c_int> {
    #[allow(clippy::reversed_empty_ranges)]
    {
        1..=0
    }
}

impl Drop for Caught {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            // Ended first: a grace timer that rings before it is deleted
            // below finds the command over.
            ENDED.store(true, Ordering::SeqCst);
            #[cfg(any(target_os = "linux", target_os = "android"))]
            timer::disarm();
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            drop(self.grace.take());
            restore(&self.old);
            fatal::want(false);
        }
    }
}

/// Puts back the actions `set` replaced, each unless the command set its
/// own meanwhile.
#[cfg(unix)]
fn restore(old: &[(libc::c_int, libc::sigaction, libc::sighandler_t)]) {
    for (sig, prev, ours) in old {
        let mut current = zeroed_action();
        // SAFETY: restores the action sigaction(2) gave back.
        unsafe { libc::sigaction(*sig, prev, &mut current) };
        if current.sa_sigaction != *ours {
            // The command set its own meanwhile: that one stays.
            // SAFETY: the action sigaction(2) just gave back.
            unsafe { libc::sigaction(*sig, &current, std::ptr::null_mut()) };
        }
    }
}

/// Makes sure the fatal signals other than the cancelling ones unlink the
/// temp files before they end the process, while a command runs on the
/// process's own streams. Called before a temp file is created: a signal
/// that comes later finds the handler, and one that came earlier ended
/// the process before there was a file. A no-op once done, and outside a
/// command's run (an embedded run does not take the process's signals).
pub(crate) fn cover_fatal_signals() {
    #[cfg(unix)]
    fatal::cover();
}

/// The fatal signals' handlers, installed on demand while a command runs.
#[cfg(unix)]
mod fatal {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    use super::{on_fatal_signal, realtime, restore, set, IfDefault, FATAL_SIGNALS};

    /// A command runs on the process's streams: its temp files are covered.
    static WANTED: AtomicBool = AtomicBool::new(false);
    /// The handlers are in place (the fast path of [`cover`]).
    static ON: AtomicBool = AtomicBool::new(false);
    /// What the handlers replaced, for [`want`]`(false)` to put back.
    static OLD: Mutex<Vec<(libc::c_int, libc::sigaction, libc::sighandler_t)>> =
        Mutex::new(Vec::new());

    /// A command starts (`true`) or ends (`false`); at its end the
    /// handlers installed meanwhile are removed.
    pub(super) fn want(wanted: bool) {
        WANTED.store(wanted, Ordering::SeqCst);
        if !wanted {
            let mut old = OLD.lock().unwrap_or_else(|e| e.into_inner());
            restore(&old);
            old.clear();
            ON.store(false, Ordering::SeqCst);
        }
    }

    pub(super) fn cover() {
        if ON.load(Ordering::SeqCst) || !WANTED.load(Ordering::SeqCst) {
            return;
        }
        let mut old = OLD.lock().unwrap_or_else(|e| e.into_inner());
        if ON.load(Ordering::SeqCst) || !WANTED.load(Ordering::SeqCst) {
            return;
        }
        let handler = on_fatal_signal as *const () as libc::sighandler_t;
        for sig in FATAL_SIGNALS.iter().copied().chain(realtime()) {
            if let Some(prev) = set(sig, handler, IfDefault) {
                old.push((sig, prev, handler));
            }
        }
        ON.store(true, Ordering::SeqCst);
    }
}

#[cfg(unix)]
fn zeroed_action() -> libc::sigaction {
    // SAFETY: sigaction is a plain C struct for which all-zero is valid
    // (SIG_DFL, empty flags).
    unsafe { std::mem::zeroed() }
}

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
extern "C" fn on_signal_exit(sig: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    crate::runtime::registry::exit_from_signal(exits::of(&exits::CANCELLED, sig));
}

#[cfg(unix)]
extern "C" fn on_signal_note(sig: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    use crate::runtime::registry::exit_from_signal;
    let errno = errno::save();
    if timer::rang(info) {
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
        timer::arm(sig);
    } else {
        exit_from_signal(exits::of(&exits::INTERRUPTED, sig));
    }
    errno::restore(errno);
}

/// A signal whose default action ends the process: its temp files are
/// unlinked, then the signal ends it as it would have.
#[cfg(unix)]
extern "C" fn on_fatal_signal(sig: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    use crate::runtime::registry::{exit_from_signal, Exit};
    /// One exit per signal number (a handler cannot allocate one).
    static KILLED: [Exit; 65] = {
        let mut all = [const { Exit::new(1, b"") }; 65];
        let mut sig = 1;
        while sig < 65 {
            all[sig] = Exit::killed_by(sig as i32);
            sig += 1;
        }
        all
    };
    let errno = errno::save();
    if let Some(exit) = usize::try_from(sig).ok().and_then(|s| KILLED.get(s)) {
        exit_from_signal(exit);
    }
    errno::restore(errno);
}

/// The grace timer on Linux: a POSIX timer made by the first signal's
/// handler, with raw system calls (glibc's `timer_create` is not on the
/// async-signal-safe list; the system call is one), sending that signal
/// once, marked with [`timer::COOKIE`].
#[cfg(any(target_os = "linux", target_os = "android"))]
mod timer {
    use std::sync::atomic::{AtomicI32, Ordering};

    use super::GRACE_SECS;

    /// The kernel's id of the armed timer (-1: none).
    static ARMED: AtomicI32 = AtomicI32::new(-1);
    /// What the timer's signal carries: flash's grace timer, not another.
    const COOKIE: usize = 0x666c_6173;

    /// Arms the grace timer to send `sig` in [`GRACE_SECS`].
    pub(super) fn arm(sig: libc::c_int) {
        // SAFETY: all-zero is a valid sigevent; the fields that matter
        // are set below.
        let mut event: libc::sigevent = unsafe { std::mem::zeroed() };
        event.sigev_notify = libc::SIGEV_SIGNAL;
        event.sigev_signo = sig;
        event.sigev_value = libc::sigval {
            sival_ptr: COOKIE as *mut libc::c_void,
        };
        let mut id: libc::c_int = -1;
        // SAFETY: timer_create(2) with a valid sigevent and a place for the
        // kernel's timer id (an int).
        let made = unsafe {
            libc::syscall(
                libc::SYS_timer_create,
                libc::CLOCK_MONOTONIC,
                &event as *const libc::sigevent,
                &mut id as *mut libc::c_int,
            )
        };
        if made != 0 {
            // No timer: the command still ends on a second signal.
            return;
        }
        ARMED.store(id, Ordering::SeqCst);
        let at = libc::itimerspec {
            it_interval: libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: libc::timespec {
                tv_sec: libc::time_t::from(GRACE_SECS),
                tv_nsec: 0,
            },
        };
        // SAFETY: timer_settime(2) on the timer just made.
        unsafe {
            libc::syscall(
                libc::SYS_timer_settime,
                id,
                0,
                &at as *const libc::itimerspec,
                std::ptr::null_mut::<libc::itimerspec>(),
            )
        };
        // The command ended while this was made: it is not needed.
        if super::ENDED.load(Ordering::SeqCst) {
            disarm();
        }
    }

    /// Deletes the grace timer, if one is armed (whoever takes its id).
    pub(super) fn disarm() {
        let id = ARMED.swap(-1, Ordering::SeqCst);
        if id >= 0 {
            // SAFETY: timer_delete(2) of our own timer.
            unsafe { libc::syscall(libc::SYS_timer_delete, id) };
        }
    }

    /// Whether the signal `info` describes is the grace timer's.
    pub(super) fn rang(info: *const libc::siginfo_t) -> bool {
        if info.is_null() {
            return false;
        }
        // SAFETY: the kernel passes a valid siginfo to SA_SIGINFO handlers;
        // `si_value` is meaningful for SI_TIMER, checked first.
        unsafe {
            (*info).si_code == libc::SI_TIMER && (*info).si_value().sival_ptr as usize == COOKIE
        }
    }
}

/// The grace timer where there is no POSIX timer to make from a handler:
/// a thread, started with the command, that the first signal's handler
/// wakes by writing to a pipe (`write(2)` is async-signal-safe).
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
mod timer {
    use std::sync::atomic::{AtomicI32, Ordering};

    /// The pipe's write end (-1: no grace thread).
    pub(super) static WAKE: AtomicI32 = AtomicI32::new(-1);

    pub(super) fn arm(_sig: libc::c_int) {
        let fd = WAKE.load(Ordering::SeqCst);
        if fd >= 0 {
            // SAFETY: write(2) of one byte from a static buffer.
            unsafe { libc::write(fd, b"!".as_ptr().cast(), 1) };
        }
    }

    pub(super) fn rang(_info: *const libc::siginfo_t) -> bool {
        false
    }
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
mod grace {
    use std::sync::atomic::Ordering;
    use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
    use std::time::Duration;

    use super::timer::WAKE;
    use super::{ENDED, GRACE_SECS};

    /// The grace thread of one async command.
    pub(super) struct Thread {
        write: libc::c_int,
        done: Option<Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    }

    impl Thread {
        pub(super) fn start() -> Option<Thread> {
            let mut fds = [-1; 2];
            // SAFETY: pipe(2) fills two descriptors.
            if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
                return None;
            }
            let [read, write] = fds;
            let (done, ended) = channel::<()>();
            let thread = std::thread::Builder::new()
                .name("flash-grace".into())
                .spawn(move || {
                    let mut byte = 0u8;
                    // SAFETY: a one-byte read into a local.
                    let n = unsafe { libc::read(read, (&mut byte as *mut u8).cast(), 1) };
                    // SAFETY: our own descriptor, closed once.
                    unsafe { libc::close(read) };
                    if n != 1 {
                        return;
                    }
                    let grace = Duration::from_secs(u64::from(GRACE_SECS));
                    if let Err(RecvTimeoutError::Timeout) = ended.recv_timeout(grace) {
                        if !ENDED.load(Ordering::SeqCst) {
                            let first = FIRST.load(Ordering::SeqCst);
                            let exit = exits::of(&exits::CANCELLED, first);
                            crate::runtime::registry::hard_exit(exit.code(), exit.message());
                        }
                    }
                })
                .ok();
            if thread.is_none() {
                // SAFETY: our own descriptors.
                unsafe {
                    libc::close(read);
                    libc::close(write);
                }
                return None;
            }
            WAKE.store(write, Ordering::SeqCst);
            Some(Thread {
                write,
                done: Some(done),
                thread,
            })
        }
    }

    impl Drop for Thread {
        fn drop(&mut self) {
            WAKE.store(-1, Ordering::SeqCst);
            // The end of the pipe and of the channel wake the thread.
            // SAFETY: our own descriptor, closed once.
            unsafe { libc::close(self.write) };
            self.done = None;
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
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
