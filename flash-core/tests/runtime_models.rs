//! The execution models differ in ways a command can observe: which
//! threads run it, whether the CPU pool is started with it, and (for
//! `stream`) that memory stays flat while a gigabyte passes through.
//!
//! One test function for the thread checks: tests of one binary run in
//! parallel, and the threads of another test's runtime would be counted.

use std::collections::BTreeMap;

use flash_core::cli::exec::{Model, RuntimeOptions};
use flash_core::cli::output::Streams;
use flash_core::runtime::{run_async, Context};

/// Threads of this process by name prefix (`flash-io`, `flash-cpu`).
fn threads() -> BTreeMap<String, usize> {
    let mut count = BTreeMap::new();
    for task in std::fs::read_dir("/proc/self/task").expect("linux /proc") {
        let comm = task.expect("task").path().join("comm");
        let name = std::fs::read_to_string(comm).unwrap_or_default();
        let name = name.trim();
        for prefix in ["flash-io", "flash-cpu"] {
            if name.starts_with(prefix) {
                *count.entry(prefix.to_owned()).or_default() += 1;
            }
        }
    }
    count
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The threads of this process once they have settled: a thread is named
/// a moment after it starts, so wait (at most 10 s) until two readings
/// 20 ms apart agree and `done` says the expected ones are there.
fn settled(done: impl Fn(&BTreeMap<String, usize>) -> bool) -> BTreeMap<String, usize> {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let first = threads();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = threads();
        if (first == second && done(&second)) || std::time::Instant::now() > until {
            return second;
        }
    }
}

/// What a command of `model` sees: the runtime's flavour, its threads (once
/// `done` says they are there), and its metrics' worker count.
fn observe(
    model: Model,
    done: fn(&BTreeMap<String, usize>) -> bool,
) -> (String, BTreeMap<String, usize>, usize) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let s = seen.clone();
    run_async(
        model,
        RuntimeOptions::default(),
        Streams::captured(),
        |ctx: Context| async move {
            let flavor = format!("{:?}", tokio::runtime::Handle::current().runtime_flavor());
            // Blocking the handler is fine here: nothing else runs.
            let threads = settled(done);
            *s.lock().unwrap() = Some((flavor, threads, ctx.metrics().workers));
            Ok(())
        },
    )
    .expect("command");
    let out = seen.lock().unwrap().take().expect("observed");
    out
}

#[test]
fn each_model_runs_on_its_own_threads() {
    let n = cores();
    // stream: the calling thread only; no pool unless asked for.
    let (flavor, threads, workers) = observe(Model::Stream, |_| true);
    assert_eq!(flavor, "CurrentThread");
    assert_eq!(threads.get("flash-io"), None, "{threads:?}");
    assert_eq!(threads.get("flash-cpu"), None, "{threads:?}");
    assert_eq!(workers, 1);

    // io: one runtime worker per core, no CPU pool.
    let (flavor, threads, workers) = observe(Model::Io, |t| t.get("flash-io") == Some(&cores()));
    assert_eq!(flavor, "MultiThread");
    assert_eq!(threads.get("flash-io"), Some(&n), "{threads:?}");
    assert_eq!(threads.get("flash-cpu"), None, "{threads:?}");
    assert_eq!(workers, n);

    // cpu: the handler on the calling thread, the pool started with it.
    let (flavor, threads, workers) = observe(Model::Cpu, |t| t.get("flash-cpu") == Some(&cores()));
    assert_eq!(flavor, "CurrentThread");
    assert_eq!(threads.get("flash-io"), None, "{threads:?}");
    assert_eq!(threads.get("flash-cpu"), Some(&n), "{threads:?}");
    assert_eq!(workers, n);
}
