//! The watchdog of an async command: a thread of its own that enforces
//! what must hold even while the handler never yields to the runtime.
//!
//! - SIGINT, SIGTERM, SIGHUP, SIGQUIT: the first cancels the command; a
//!   second ends the process at once (exit 130).
//! - `--timeout`: at the deadline the command is cancelled (exit 124).
//! - `--memory-limit`: resident memory is compared with it every 20 ms.
//!
//! Once cancelled, the command has a grace period to return; after it the
//! process ends anyway, its uncommitted temp files unlinked, with the exit
//! code of the cancellation. The runtime cannot do this itself: a handler
//! that computes without awaiting holds its thread, and on the
//! single-threaded models the whole runtime.
//!
//! Under `try_run_from` (captured streams) the process's signals are left
//! alone and the process is never ended: the command is cancelled, and the
//! watchdog waits for it.

use std::time::{Duration, Instant};

use crate::cli::units::{format_duration, format_size};
use crate::runtime::context::{CancelReason, Context};
use crate::runtime::registry;
use crate::runtime::signals::{self, Caught};

/// How long a cancelled command may take to end before the process ends.
pub(crate) const GRACE: Duration = Duration::from_secs(1);
/// How often resident memory is compared with `--memory-limit`.
const MEMORY_PERIOD: Duration = Duration::from_millis(20);
/// What the command's end writes to the wake channel (no signal is 0).
const DONE: u8 = 0;

/// The running watchdog; [`Watchdog::stop`] (or dropping it) ends it.
pub(crate) struct Watchdog {
    wake: Option<std::sync::Arc<wake::Wake>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _signals: Option<Caught>,
}

impl Watchdog {
    /// Starts the watchdog of `ctx`, if it has anything to watch, before
    /// the handler starts (so no signal arrives unhandled).
    pub(crate) fn start(ctx: &Context) -> Watchdog {
        let own_process = ctx.stdout().is_process_stdout();
        let options = ctx.options();
        let idle = Watchdog {
            wake: None,
            thread: None,
            _signals: None,
        };
        if !own_process && options.timeout.is_none() && options.memory_limit.is_none() {
            return idle;
        }
        let wake = match wake::Wake::new() {
            Ok(wake) => std::sync::Arc::new(wake),
            Err(e) => {
                tracing::warn!("signals, --timeout and --memory-limit are not enforced: {e}");
                return idle;
            }
        };
        let signals = own_process.then(|| Caught::install(wake.on_signal()));
        let watch = Watch {
            ctx: ctx.clone(),
            wake: wake.clone(),
            hard: own_process,
        };
        let thread = std::thread::Builder::new()
            .name("flash-watchdog".into())
            .spawn(move || watch.run());
        match thread {
            Ok(thread) => Watchdog {
                wake: Some(wake),
                thread: Some(thread),
                _signals: signals,
            },
            Err(e) => {
                tracing::warn!("signals, --timeout and --memory-limit are not enforced: {e}");
                idle
            }
        }
    }

    /// Ends the watchdog: the command is over.
    pub(crate) fn stop(mut self) {
        self.end();
    }

    fn end(&mut self) {
        if let Some(wake) = self.wake.take() {
            wake.send(DONE);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.end();
    }
}

struct Watch {
    ctx: Context,
    wake: std::sync::Arc<wake::Wake>,
    /// May end the process (it is the command's own).
    hard: bool,
}

/// How the process ends if the command outlives its grace period.
struct Ending {
    code: i32,
    message: String,
}

impl Watch {
    fn run(self) {
        if let Some(ending) = self.until_cancelled() {
            self.grace(ending);
        }
    }

    /// Waits for a signal, the deadline or the memory limit, and cancels
    /// the command; `None` if it ended first.
    fn until_cancelled(&self) -> Option<Ending> {
        let options = self.ctx.options();
        let deadline = options.timeout.map(|t| (Instant::now() + t, t));
        loop {
            let mut wait = deadline.map(|(at, _)| at.saturating_duration_since(Instant::now()));
            if options.memory_limit.is_some() {
                wait = Some(wait.map_or(MEMORY_PERIOD, |w| w.min(MEMORY_PERIOD)));
            }
            match self.wake.wait(wait) {
                Some(DONE) => return None,
                Some(signal) => {
                    let name = signals::name(i32::from(signal));
                    tracing::info!("received {name}: cancelling (again to exit at once)");
                    self.ctx.cancel_with(CancelReason::Signal(name));
                    return Some(Ending {
                        code: 130,
                        message: "error: cancelled\n".into(),
                    });
                }
                None => {}
            }
            if let Some((at, dur)) = deadline {
                if Instant::now() >= at {
                    tracing::info!("timed out after {}: cancelling", format_duration(dur));
                    self.ctx.cancel_with(CancelReason::Timeout(dur));
                    return Some(Ending {
                        code: 124,
                        message: format!("error: timed out after {}\n", format_duration(dur)),
                    });
                }
            }
            if let Some(ending) = options.memory_limit.and_then(|limit| self.over(limit)) {
                return Some(ending);
            }
        }
    }

    /// Cancels the command if resident memory is past `limit`.
    fn over(&self, limit: u64) -> Option<Ending> {
        let memory = crate::runtime::memory::read()?;
        if memory.current <= limit {
            return None;
        }
        let message = format!(
            "memory limit of {} exceeded: resident memory reached {}",
            format_size(limit),
            format_size(memory.current)
        );
        tracing::info!("{message}: cancelling");
        let ending = Ending {
            code: 1,
            message: format!("error: resource exhausted: {message}\n"),
        };
        self.ctx.cancel_with(CancelReason::Memory(message));
        Some(ending)
    }

    /// Gives the cancelled command [`GRACE`] to end, then ends the process.
    fn grace(&self, ending: Ending) {
        let until = Instant::now() + GRACE;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.wake.wait((!left.is_zero()).then_some(left)) {
                Some(DONE) => return,
                Some(_) if self.hard => registry::hard_exit(130, "error: interrupted\n"),
                Some(_) => {}
                None if left.is_zero() || Instant::now() >= until => break,
                None => {}
            }
        }
        if self.hard {
            tracing::debug!("the command did not end within its grace period: exiting");
            registry::hard_exit(ending.code, ending.message);
        }
        // Not the process's to end: wait for the command.
        while self.wake.wait(None) != Some(DONE) {}
    }
}

/// The channel that wakes the watchdog: a pipe on Unix, so a signal
/// handler can write to it.
mod wake {
    use std::time::Duration;

    use crate::runtime::signals::OnSignal;

    #[cfg(unix)]
    pub(super) struct Wake {
        read: std::os::fd::OwnedFd,
        write: std::os::fd::OwnedFd,
    }

    #[cfg(unix)]
    impl Wake {
        pub(super) fn new() -> std::io::Result<Wake> {
            use std::os::fd::FromRawFd;
            let mut fds = [0; 2];
            // SAFETY: `fds` has room for the two descriptors pipe(2) writes.
            if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // SAFETY: two fresh descriptors, owned from here on.
            let (read, write) = unsafe {
                (
                    std::os::fd::OwnedFd::from_raw_fd(fds[0]),
                    std::os::fd::OwnedFd::from_raw_fd(fds[1]),
                )
            };
            for fd in fds {
                // SAFETY: fcntl(2) on descriptors we own. Close-on-exec,
                // and a non-blocking write end: a signal handler never
                // blocks on a full pipe.
                unsafe {
                    libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
                }
            }
            // SAFETY: as above.
            unsafe {
                let flags = libc::fcntl(fds[1], libc::F_GETFL);
                libc::fcntl(fds[1], libc::F_SETFL, flags | libc::O_NONBLOCK);
            }
            Ok(Wake { read, write })
        }

        pub(super) fn on_signal(&self) -> OnSignal {
            use std::os::fd::AsRawFd;
            OnSignal::Wake(self.write.as_raw_fd())
        }

        pub(super) fn send(&self, byte: u8) {
            use std::os::fd::AsRawFd;
            // SAFETY: a one-byte write to a pipe we own.
            unsafe { libc::write(self.write.as_raw_fd(), (&byte as *const u8).cast(), 1) };
        }

        /// The next byte, or `None` after `timeout` (`None`: no limit).
        pub(super) fn wait(&self, timeout: Option<Duration>) -> Option<u8> {
            use std::os::fd::AsRawFd;
            let fd = self.read.as_raw_fd();
            let ms = timeout.map_or(-1, |t| {
                // Rounded up: a wake-up before the deadline would only loop.
                let ms = t.as_nanos().div_ceil(1_000_000);
                libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
            });
            let mut poll = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            let ready = unsafe { libc::poll(&mut poll, 1, ms) };
            if ready <= 0 {
                return None;
            }
            let mut byte = 0u8;
            // SAFETY: a one-byte read into a local.
            let n = unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) };
            (n == 1).then_some(byte)
        }
    }

    #[cfg(not(unix))]
    pub(super) struct Wake {
        tx: std::sync::mpsc::Sender<u8>,
        rx: std::sync::Mutex<std::sync::mpsc::Receiver<u8>>,
    }

    #[cfg(not(unix))]
    impl Wake {
        pub(super) fn new() -> std::io::Result<Wake> {
            let (tx, rx) = std::sync::mpsc::channel();
            Ok(Wake {
                tx,
                rx: std::sync::Mutex::new(rx),
            })
        }

        pub(super) fn on_signal(&self) -> OnSignal {
            OnSignal::Exit
        }

        pub(super) fn send(&self, byte: u8) {
            let _ = self.tx.send(byte);
        }

        pub(super) fn wait(&self, timeout: Option<Duration>) -> Option<u8> {
            let rx = self.rx.lock().unwrap_or_else(|p| p.into_inner());
            match timeout {
                Some(t) => rx.recv_timeout(t).ok(),
                None => rx.recv().ok(),
            }
        }
    }
}
