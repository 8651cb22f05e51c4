//! Task and memory metrics of one command: what `--metrics` prints and
//! `Context::metrics()` returns.
//!
//! Task figures are counted by flash itself (every task goes through
//! `Context::spawn`/`spawn_cpu`); memory comes from the kernel; work stealing
//! comes from tokio's runtime metrics, which exist only in binaries built with
//! `--cfg tokio_unstable`. A figure that cannot be had is `None` and printed as
//! "not available", never estimated.

use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

use crate::cli::units::{format_duration, format_size};

/// Eight sub-buckets per power of two: a quantile read from the histogram is
/// at most 12.5% above the true value. A log-linear histogram of atomics keeps
/// recording lock-free and the memory fixed whatever the task count.
const SUB: u32 = 8;
const BUCKETS: usize = (64 - 3 + 1) * SUB as usize;

fn bucket_of(ns: u64) -> usize {
    if ns < SUB as u64 {
        return ns as usize;
    }
    let top = 63 - ns.leading_zeros(); // >= 3
    let sub = (ns >> (top - 3)) & (SUB as u64 - 1);
    ((top - 2) * SUB) as usize + sub as usize
}

/// The largest value that falls in bucket `idx`.
fn bucket_upper(idx: usize) -> u64 {
    if idx < SUB as usize {
        return idx as u64;
    }
    let top = (idx / SUB as usize) as u32 + 2;
    let sub = (idx % SUB as usize) as u64;
    let upper = u128::from(SUB as u64 + sub + 1) << (top - 3);
    u64::try_from(upper - 1).unwrap_or(u64::MAX)
}

/// Live counters, shared by the context and every task.
pub(crate) struct Metrics {
    spawned: AtomicU64,
    completed: AtomicU64,
    cancelled: AtomicU64,
    failed: AtomicU64,
    running: AtomicUsize,
    peak: AtomicUsize,
    total_ns: AtomicU64,
    /// Made when the first task ends: a command that spawns nothing does
    /// not pay for it.
    hist: std::sync::OnceLock<Box<[AtomicU64]>>,
    workers: AtomicUsize,
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics")
            .field("spawned", &self.spawned)
            .field("running", &self.running)
            .field("peak", &self.peak)
            .finish_non_exhaustive()
    }
}

/// How a task ended, for the counters.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome {
    Completed,
    Cancelled,
    Failed,
}

impl Metrics {
    pub(crate) fn new() -> Self {
        Metrics {
            spawned: AtomicU64::new(0),
            completed: AtomicU64::new(0),
            cancelled: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            total_ns: AtomicU64::new(0),
            hist: std::sync::OnceLock::new(),
            workers: AtomicUsize::new(0),
        }
    }

    pub(crate) fn set_workers(&self, n: usize) {
        self.workers.store(n, Relaxed);
    }

    pub(crate) fn spawned(&self) {
        self.spawned.fetch_add(1, Relaxed);
    }

    /// A task starts running; returns the number running now.
    pub(crate) fn started(&self) -> usize {
        let now = self.running.fetch_add(1, Relaxed) + 1;
        self.peak.fetch_max(now, Relaxed);
        now
    }

    pub(crate) fn finished(&self, outcome: Outcome, took: Duration) {
        self.running.fetch_sub(1, Relaxed);
        let counter = match outcome {
            Outcome::Completed => &self.completed,
            Outcome::Cancelled => &self.cancelled,
            Outcome::Failed => &self.failed,
        };
        counter.fetch_add(1, Relaxed);
        let ns = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.total_ns.fetch_add(ns, Relaxed);
        let hist = self
            .hist
            .get_or_init(|| (0..BUCKETS).map(|_| AtomicU64::new(0)).collect());
        hist[bucket_of(ns)].fetch_add(1, Relaxed);
    }

    /// A consistent-enough copy of the counters (each read is atomic).
    pub(crate) fn snapshot(&self, model: &'static str) -> MetricsSnapshot {
        let completed = self.completed.load(Relaxed);
        let cancelled = self.cancelled.load(Relaxed);
        let failed = self.failed.load(Relaxed);
        let counts: Vec<u64> = match self.hist.get() {
            Some(hist) => hist.iter().map(|b| b.load(Relaxed)).collect(),
            None => vec![0; BUCKETS],
        };
        let ended: u64 = counts.iter().sum();
        let (mean, p99) = match self.total_ns.load(Relaxed).checked_div(ended) {
            None => (None, None),
            Some(mean_ns) => {
                // The smallest bucket at which 99% of the tasks have ended.
                let rank = ended - ended / 100;
                let mut seen = 0;
                let idx = counts
                    .iter()
                    .position(|&c| {
                        seen += c;
                        seen >= rank
                    })
                    .unwrap_or(BUCKETS - 1);
                (
                    Some(Duration::from_nanos(mean_ns)),
                    Some(Duration::from_nanos(bucket_upper(idx))),
                )
            }
        };
        let memory = crate::runtime::memory::read();
        MetricsSnapshot {
            model,
            tasks_spawned: self.spawned.load(Relaxed),
            tasks_completed: completed,
            tasks_cancelled: cancelled,
            tasks_failed: failed,
            tasks_running: self.running.load(Relaxed),
            mean_task_duration: mean,
            p99_task_duration: p99,
            peak_concurrency: self.peak.load(Relaxed),
            memory_current: memory.map(|m| m.current),
            memory_peak: memory.map(|m| m.peak),
            workers: self.workers.load(Relaxed),
            work_steal: work_steal(),
        }
    }
}

/// Work-stealing figures of the current tokio runtime, summed over workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkSteal {
    /// Tasks stolen from other workers' queues.
    pub tasks_stolen: u64,
    /// Steal operations that took at least one task.
    pub steal_operations: u64,
}

#[allow(unexpected_cfgs)]
fn work_steal() -> Option<WorkSteal> {
    #[cfg(all(tokio_unstable, target_has_atomic = "64"))]
    {
        let handle = tokio::runtime::Handle::try_current().ok()?;
        let m = handle.metrics();
        let mut out = WorkSteal {
            tasks_stolen: 0,
            steal_operations: 0,
        };
        for w in 0..m.num_workers() {
            out.tasks_stolen += m.worker_steal_count(w);
            out.steal_operations += m.worker_steal_operations(w);
        }
        Some(out)
    }
    #[cfg(not(all(tokio_unstable, target_has_atomic = "64")))]
    {
        None
    }
}

/// The figures of one command at one moment; its `Display` is the
/// `--metrics` report.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetricsSnapshot {
    /// The execution model's name.
    pub model: &'static str,
    /// Tasks started through `spawn` and `spawn_cpu`.
    pub tasks_spawned: u64,
    /// Tasks that returned `Ok`.
    pub tasks_completed: u64,
    /// Tasks stopped by cancellation.
    pub tasks_cancelled: u64,
    /// Tasks that returned an error or panicked.
    pub tasks_failed: u64,
    /// Tasks running at the moment of the snapshot.
    pub tasks_running: usize,
    /// Mean run time of the tasks that ended.
    pub mean_task_duration: Option<Duration>,
    /// 99th percentile of the run time (at most 12.5% above the true value).
    pub p99_task_duration: Option<Duration>,
    /// The most tasks that ran at once.
    pub peak_concurrency: usize,
    /// Resident memory now, in bytes (where the OS tells it).
    pub memory_current: Option<u64>,
    /// Peak resident memory of the process, in bytes (where the OS tells it).
    pub memory_peak: Option<u64>,
    /// Runtime worker threads (0: no runtime).
    pub workers: usize,
    /// Work stealing: only in binaries built with
    /// `RUSTFLAGS="--cfg tokio_unstable"` (tokio's runtime metrics), else
    /// `None` (the report says "not available").
    pub work_steal: Option<WorkSteal>,
}

struct Opt<T>(Option<T>, fn(T) -> String);

impl<T: Copy> fmt::Display for Opt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => f.write_str(&(self.1)(v)),
            None => f.write_str("not available"),
        }
    }
}

fn fine_duration(d: Duration) -> String {
    if d < Duration::from_millis(10) {
        format!("{:.1}us", d.as_secs_f64() * 1e6)
    } else {
        format_duration(d)
    }
}

impl fmt::Display for MetricsSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "async performance report ({} model)", self.model)?;
        writeln!(
            f,
            "  tasks:            {} spawned, {} completed, {} cancelled, {} failed",
            self.tasks_spawned, self.tasks_completed, self.tasks_cancelled, self.tasks_failed
        )?;
        writeln!(
            f,
            "  task duration:    mean {}, p99 {}",
            Opt(self.mean_task_duration, fine_duration),
            Opt(self.p99_task_duration, fine_duration)
        )?;
        writeln!(f, "  peak concurrency: {}", self.peak_concurrency)?;
        writeln!(f, "  workers:          {}", self.workers)?;
        match self.work_steal {
            Some(ws) => writeln!(
                f,
                "  work stealing:    {} tasks stolen in {} operations",
                ws.tasks_stolen, ws.steal_operations
            )?,
            // How to make it available is for whoever builds the binary
            // (see `MetricsSnapshot::work_steal`), not for its users.
            None => writeln!(f, "  work stealing:    not available")?,
        }
        writeln!(
            f,
            "  memory:           peak {}, current {}",
            Opt(self.memory_peak, format_size),
            Opt(self.memory_current, format_size)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_bound_their_values() {
        for ns in [0, 1, 7, 8, 9, 15, 16, 17, 1000, 123_456, 1 << 40, u64::MAX] {
            let idx = bucket_of(ns);
            assert!(idx < BUCKETS);
            assert!(bucket_upper(idx) >= ns, "{ns} above bucket {idx}");
            if idx > 0 {
                assert!(bucket_upper(idx - 1) < ns, "{ns} belongs lower than {idx}");
            }
            assert!(bucket_upper(idx) as f64 <= ns as f64 * 1.125 + 1.0);
        }
    }

    #[test]
    fn p99_and_mean() {
        let m = Metrics::new();
        for i in 0..100u64 {
            m.spawned();
            m.started();
            let took = if i == 99 { 1_000_000 } else { 1_000 };
            m.finished(Outcome::Completed, Duration::from_nanos(took));
        }
        let s = m.snapshot("io");
        assert_eq!(s.tasks_completed, 100);
        assert_eq!(s.mean_task_duration, Some(Duration::from_nanos(10_990)));
        // 99 of 100 tasks took 1us: the p99 bucket holds 1us.
        let p99 = s.p99_task_duration.expect("p99");
        assert!(p99 >= Duration::from_nanos(1_000) && p99 < Duration::from_nanos(1_125));
        assert_eq!(s.peak_concurrency, 1);
        let report = s.to_string();
        assert!(report.contains("100 spawned, 100 completed, 0 cancelled, 0 failed"));
    }
}
