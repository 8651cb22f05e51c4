//! The CPU pool of a command: one thread per core, owned by the command's
//! runtime and shared by `Context::spawn_cpu` and the ops (hashing,
//! encryption), so CPU work never runs on more threads than there are
//! cores, and never on a second, global pool.
//!
//! It is a `rayon` pool built for the command, not rayon's global one:
//! rayon is the field's work-stealing pool, and code run on it that uses
//! rayon itself (`par_iter`, `join`, blake3's `update_rayon`) stays on it.

use std::sync::OnceLock;

use crate::cli::error::{Error, Result};

/// The number of cores (asked once: it reads cgroup files).
pub(crate) fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A pool of [`cores`] threads named `flash-cpu`.
#[derive(Debug)]
pub(crate) struct CpuPool {
    pool: rayon::ThreadPool,
}

impl CpuPool {
    pub(crate) fn new() -> Result<Self> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores())
            .thread_name(|i| format!("flash-cpu-{i}"))
            .build()
            .map_err(|e| Error::context("could not start the CPU pool", e))?;
        Ok(CpuPool { pool })
    }

    /// Runs `job` on a pool thread, without waiting for it.
    pub(crate) fn spawn(&self, job: impl FnOnce() + Send + 'static) {
        self.pool.spawn(job);
    }

    /// The number of threads.
    pub(crate) fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }
}
