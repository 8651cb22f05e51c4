//! What can cancel a command from outside its code: SIGINT/SIGTERM, the
//! `--timeout` deadline and the `--memory-limit` watch, installed by
//! `run_async`; and, for sync commands, a plain `sigaction` handler that
//! unlinks temp files and exits 130 (no runtime, no thread).

use std::io::Write;
use std::time::Duration;

use crate::runtime::tracker::AbortOnDrop;

use crate::cli::units::format_size;
use crate::runtime::context::{CancelReason, Context};
use crate::runtime::race::{race, Either};

/// How often resident memory is compared with `--memory-limit`.
const MEMORY_PERIOD: Duration = Duration::from_millis(20);

/// The running watchers; dropping this stops them.
pub(crate) struct Watchers {
    _tasks: Vec<AbortOnDrop<()>>,
}

/// Starts the watchers of `ctx`. Must run inside the runtime, before the
/// handler starts, so no signal can arrive unhandled once the handler runs.
pub(crate) fn start(ctx: &Context) -> Watchers {
    let mut tasks = Vec::new();
    // Captured streams mean an embedded run (`try_run_from`, tests): the
    // process's signals are not this command's to take.
    let own_process = ctx.stdout().is_process_stdout();
    if let Some(task) = own_process.then(|| signals(ctx)).flatten() {
        tasks.push(task);
    }
    if let Some(dur) = ctx.options().timeout {
        let ctx = ctx.clone();
        tasks.push(AbortOnDrop(tokio::spawn(async move {
            tokio::time::sleep(dur).await;
            tracing::info!(
                "timed out after {}: cancelling",
                crate::cli::units::format_duration(dur)
            );
            ctx.cancel_with(CancelReason::Timeout(dur));
        })));
    }
    if let Some(limit) = ctx.options().memory_limit {
        let ctx = ctx.clone();
        tasks.push(AbortOnDrop(tokio::spawn(async move {
            let mut tick = tokio::time::interval(MEMORY_PERIOD);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(memory) = crate::runtime::memory::read() else {
                    tracing::warn!(
                        "--memory-limit is not enforced: this OS does not report memory use"
                    );
                    return;
                };
                if memory.current > limit {
                    let msg = format!(
                        "memory limit of {} exceeded: resident memory reached {}",
                        format_size(limit),
                        format_size(memory.current)
                    );
                    tracing::info!("{msg}: cancelling");
                    ctx.cancel_with(CancelReason::Memory(msg));
                    return;
                }
            }
        })));
    }
    Watchers { _tasks: tasks }
}

/// First SIGINT/SIGTERM: cancel the command. Second: exit 130 at once, after
/// unlinking every uncommitted temp file.
#[cfg(unix)]
fn signals(ctx: &Context) -> Option<AbortOnDrop<()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let (mut int, mut term) = match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(int), Ok(term)) => (int, term),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!("cannot handle Ctrl-C: {e}");
            return None;
        }
    };
    let ctx = ctx.clone();
    Some(AbortOnDrop(tokio::spawn(async move {
        let name = match race(int.recv(), term.recv()).await {
            Either::Left(_) => "SIGINT",
            Either::Right(_) => "SIGTERM",
        };
        tracing::info!("received {name}: cancelling (again to exit at once)");
        ctx.cancel_with(CancelReason::Signal(name));
        race(int.recv(), term.recv()).await;
        hard_exit();
    })))
}

#[cfg(not(unix))]
fn signals(ctx: &Context) -> Option<AbortOnDrop<()>> {
    let ctx = ctx.clone();
    Some(AbortOnDrop(tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        ctx.cancel_with(CancelReason::Signal("Ctrl-C"));
        if tokio::signal::ctrl_c().await.is_ok() {
            hard_exit();
        }
    })))
}

/// Exits 130 without waiting for the command: destructors will not run, so
/// temp files are unlinked here, and the registry stays locked until the
/// process is gone so no new one appears.
fn hard_exit() -> ! {
    let _held = crate::runtime::scope::unlink_all_and_hold();
    let _ = writeln!(std::io::stderr(), "error: interrupted");
    std::process::exit(130)
}

/// Ctrl-C handling for sync commands, which have no runtime to deliver a
/// cancellation to: SIGINT/SIGTERM unlink the uncommitted temp files and exit
/// 130 at once. The previous handlers come back when this is dropped.
pub(crate) struct BlockingSignals {
    #[cfg(unix)]
    old: [(libc::c_int, libc::sigaction); 2],
}

impl BlockingSignals {
    pub(crate) fn install() -> Self {
        #[cfg(unix)]
        {
            let mut old = [
                (libc::SIGINT, zeroed_action()),
                (libc::SIGTERM, zeroed_action()),
            ];
            for (sig, prev) in &mut old {
                let mut action = zeroed_action();
                action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                // SAFETY: a valid, fully initialised sigaction; the handler
                // only calls async-signal-safe functions (see on_signal).
                unsafe {
                    libc::sigemptyset(&mut action.sa_mask);
                    libc::sigaction(*sig, &action, prev);
                }
            }
            BlockingSignals { old }
        }
        #[cfg(not(unix))]
        {
            BlockingSignals {}
        }
    }
}

impl Drop for BlockingSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        for (sig, prev) in &self.old {
            // SAFETY: restores the action sigaction(2) gave back.
            unsafe { libc::sigaction(*sig, prev, std::ptr::null_mut()) };
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
extern "C" fn on_signal(_sig: libc::c_int) {
    crate::runtime::scope::exit_from_signal();
}
