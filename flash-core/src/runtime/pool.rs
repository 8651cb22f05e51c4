//! The CPU pool of a command: one thread per core, owned by the command's
//! runtime and shared by `Context::spawn_cpu` and the ops (hashing,
//! encryption), so CPU work never runs on more threads than there are
//! cores, and never on a second, global pool.
//!
//! With the `ops` feature it is a `rayon` pool built for the command (not
//! rayon's global one): the ops parallelise with rayon (`par_iter`,
//! blake3's `update_rayon`), and rayon code run on the pool stays on it.
//! Without `ops` nothing uses rayon, and a plain pool of threads over one
//! queue does the same job without its six crates in every build.

use std::sync::OnceLock;

use crate::cli::error::{Error, Result};

/// The number of cores (asked once: it reads cgroup files).
pub(crate) fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn thread_name(i: usize) -> String {
    format!("flash-cpu-{i}")
}

/// A pool of [`cores`] threads named `flash-cpu-N`.
#[derive(Debug)]
pub(crate) struct CpuPool {
    #[cfg(feature = "ops")]
    pool: rayon::ThreadPool,
    #[cfg(not(feature = "ops"))]
    pool: plain::Pool,
}

impl CpuPool {
    /// A pool whose threads log through `log`, the run's dispatcher (if
    /// it has one).
    pub(crate) fn new(log: Option<tracing::Dispatch>) -> Result<Self> {
        let start = move || {
            if let Some(log) = &log {
                crate::runtime::logging::on_thread(log);
            }
        };
        #[cfg(feature = "ops")]
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores())
            .thread_name(thread_name)
            .start_handler(move |_| start())
            .exit_handler(|_| crate::runtime::logging::off_thread())
            .build()
            .map_err(|e| Error::context("could not start the CPU pool", e))?;
        #[cfg(not(feature = "ops"))]
        let pool = plain::Pool::new(cores(), start)
            .map_err(|e| Error::context("could not start the CPU pool", e))?;
        Ok(CpuPool { pool })
    }

    /// Runs `job` on a pool thread, without waiting for it.
    pub(crate) fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        self.pool.spawn(job);
    }

    /// The number of threads.
    pub(crate) fn threads(&self) -> usize {
        #[cfg(feature = "ops")]
        return self.pool.current_num_threads();
        #[cfg(not(feature = "ops"))]
        return self.pool.threads();
    }
}

/// Threads over one queue of jobs; they end when the pool is dropped and
/// the queue is empty.
#[cfg(not(feature = "ops"))]
mod plain {
    use std::collections::VecDeque;
    use std::sync::{Arc, Condvar, Mutex, MutexGuard};

    type Job = Box<dyn FnOnce() + Send>;

    #[derive(Default)]
    struct Queue {
        jobs: VecDeque<Job>,
        closed: bool,
    }

    #[derive(Default)]
    struct Shared {
        queue: Mutex<Queue>,
        ready: Condvar,
    }

    impl Shared {
        fn lock(&self) -> MutexGuard<'_, Queue> {
            // Jobs run outside the lock: a panic cannot leave it half-changed.
            self.queue.lock().unwrap_or_else(|p| p.into_inner())
        }
    }

    pub(super) struct Pool {
        shared: Arc<Shared>,
        threads: usize,
    }

    impl std::fmt::Debug for Pool {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Pool")
                .field("threads", &self.threads)
                .finish()
        }
    }

    impl Pool {
        pub(super) fn new(
            threads: usize,
            start: impl Fn() + Clone + Send + 'static,
        ) -> std::io::Result<Self> {
            let shared = Arc::new(Shared::default());
            for i in 0..threads {
                let shared = shared.clone();
                let start = start.clone();
                std::thread::Builder::new()
                    .name(super::thread_name(i))
                    .spawn(move || {
                        start();
                        work(&shared)
                    })?;
            }
            Ok(Pool { shared, threads })
        }

        pub(super) fn spawn(&self, job: impl FnOnce() + Send + 'static) {
            self.shared.lock().jobs.push_back(Box::new(job));
            self.shared.ready.notify_one();
        }

        pub(super) fn threads(&self) -> usize {
            self.threads
        }
    }

    impl Drop for Pool {
        fn drop(&mut self) {
            self.shared.lock().closed = true;
            self.shared.ready.notify_all();
        }
    }

    fn work(shared: &Shared) {
        loop {
            let job = {
                let mut queue = shared.lock();
                loop {
                    if let Some(job) = queue.jobs.pop_front() {
                        break job;
                    }
                    if queue.closed {
                        return;
                    }
                    queue = shared.ready.wait(queue).unwrap_or_else(|p| p.into_inner());
                }
            };
            // A job catches its own panics (`spawn_cpu` does); one that
            // does not must not take the thread with it.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        }
    }
}
