//! The watchdog of an async command that has a `--timeout` or a
//! `--memory-limit`: a thread of its own, so both hold even while the
//! handler never yields to the runtime (on the single-threaded models that
//! holds the whole runtime).
//!
//! - At the deadline the command is cancelled (exit 124).
//! - Resident memory is compared with the limit every 20 ms.
//!
//! Once it has cancelled the command, the command has a grace period to
//! return; after it the process ends anyway, its uncommitted temp files
//! unlinked, with the exit code of the cancellation. Under `try_run_from`
//! (captured streams) the process is never ended: the watchdog waits.
//!
//! Signals are not its business: see `signals`, which needs no thread.

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::cli::units::{format_duration, format_size};
use crate::runtime::context::{CancelReason, Context};
use crate::runtime::registry;
use crate::runtime::signals::GRACE_SECS;

/// How often resident memory is compared with `--memory-limit`.
const MEMORY_PERIOD: Duration = Duration::from_millis(20);

/// The running watchdog; [`Watchdog::stop`] (or dropping it) ends it.
pub(crate) struct Watchdog {
    done: Option<Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    /// Starts the watchdog of `ctx` if it has a deadline or a memory limit.
    pub(crate) fn start(ctx: &Context) -> Watchdog {
        let idle = Watchdog {
            done: None,
            thread: None,
        };
        let options = ctx.options();
        if options.timeout.is_none() && options.memory_limit.is_none() {
            return idle;
        }
        let (done, ended) = channel();
        let watch = Watch {
            ctx: ctx.clone(),
            ended,
            hard: ctx.stdout().is_process_stdout(),
        };
        match std::thread::Builder::new()
            .name("flash-watchdog".into())
            .spawn(move || watch.run())
        {
            Ok(thread) => Watchdog {
                done: Some(done),
                thread: Some(thread),
            },
            Err(e) => {
                tracing::warn!("--timeout and --memory-limit are not enforced: {e}");
                idle
            }
        }
    }

    /// Ends the watchdog: the command is over.
    pub(crate) fn stop(mut self) {
        self.end();
    }

    fn end(&mut self) {
        // Dropping the sender wakes the thread.
        self.done = None;
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
    /// Disconnected when the command ends.
    ended: std::sync::mpsc::Receiver<()>,
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

    /// Whether the command ended within `wait` (`None`: no limit).
    fn ended_within(&self, wait: Option<Duration>) -> bool {
        match wait {
            Some(wait) => !matches!(
                self.ended.recv_timeout(wait),
                Err(RecvTimeoutError::Timeout)
            ),
            None => {
                let _ = self.ended.recv();
                true
            }
        }
    }

    /// Waits for the deadline or the memory limit and cancels the command;
    /// `None` if it ended first.
    fn until_cancelled(&self) -> Option<Ending> {
        let options = self.ctx.options();
        // A deadline past what an `Instant` can hold (~292 billion years)
        // is no deadline.
        let deadline = options
            .timeout
            .and_then(|t| Instant::now().checked_add(t).map(|at| (at, t)));
        loop {
            let mut wait = deadline.map(|(at, _)| at.saturating_duration_since(Instant::now()));
            if options.memory_limit.is_some() {
                wait = Some(wait.map_or(MEMORY_PERIOD, |w| w.min(MEMORY_PERIOD)));
            }
            if self.ended_within(wait) {
                return None;
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

    /// Gives the cancelled command its grace period, then ends the process.
    fn grace(&self, ending: Ending) {
        let grace = Duration::from_secs(u64::from(GRACE_SECS));
        if self.ended_within(Some(grace)) {
            return;
        }
        if self.hard {
            tracing::debug!("the command did not end within its grace period: exiting");
            registry::hard_exit(ending.code, ending.message);
        }
        // Not the process's to end: wait for the command.
        self.ended_within(None);
    }
}
