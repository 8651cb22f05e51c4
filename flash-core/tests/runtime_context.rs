//! Library-level promises of the async core: backpressure, structured
//! concurrency, panics, timeouts, memory limit, scopes, metrics.
//!
//! No assertion here depends on timing: waits that could hang are bounded by
//! a generous guard that fails the test instead.
#![allow(unexpected_cfgs)]

use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use flash_core::{
    cli::error::Error, cli::error::Result, cli::exec::Model, cli::exec::RuntimeOptions,
    cli::output::Streams, runtime::run_async, runtime::Context,
};

/// Fails the test (instead of hanging) if `fut` never completes.
async fn guard<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut)
        .await
        .expect("the runtime hung")
}

fn options(max_concurrency: usize) -> RuntimeOptions {
    let mut options = RuntimeOptions::default();
    options.max_concurrency = max_concurrency;
    options
}

fn run<F, Fut>(model: Model, options: RuntimeOptions, handler: F) -> Result<()>
where
    F: FnOnce(Context) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    run_async(model, options, Streams::captured(), handler)
}

/// Counts how many are inside at once and the most ever seen.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    fn enter(&self) {
        let n = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(n, Ordering::SeqCst);
    }
    fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
}

#[test]
fn peak_concurrency_never_exceeds_the_limit() {
    for model in [Model::Io, Model::Stream, Model::Cpu] {
        let gauge = Arc::new(Gauge::default());
        let g = gauge.clone();
        let limit = 4;
        run(model, options(limit), move |ctx| async move {
            // A barrier of `limit` can only open if `limit` tasks run at
            // once, so the peak is reached, never passed.
            let barrier = Arc::new(tokio::sync::Barrier::new(limit));
            for _ in 0..10 * limit {
                let (g, b) = (g.clone(), barrier.clone());
                let _ = ctx
                    .spawn(async move {
                        g.enter();
                        b.wait().await;
                        tokio::task::yield_now().await;
                        g.leave();
                        Ok(())
                    })
                    .await?;
            }
            guard(ctx.join_all()).await?;
            let m = ctx.metrics();
            assert_eq!(m.peak_concurrency, limit, "{model:?}");
            assert_eq!(m.tasks_spawned, 10 * limit as u64);
            assert_eq!(m.tasks_completed, 10 * limit as u64);
            Ok(())
        })
        .expect("command");
        assert_eq!(gauge.peak.load(Ordering::SeqCst), limit, "{model:?}");
    }
}

#[test]
fn spawn_waits_for_a_free_slot() {
    run(Model::Io, options(2), |ctx| async move {
        let gate = Arc::new(tokio::sync::Notify::new());
        let mut held = Vec::new();
        for _ in 0..2 {
            let gate = gate.clone();
            held.push(
                ctx.spawn(async move {
                    gate.notified().await;
                    Ok(())
                })
                .await?,
            );
        }
        // Both slots are taken: a third spawn must wait, not queue.
        let third = ctx.spawn(async { Ok(()) });
        tokio::pin!(third);
        assert!(futures::poll!(&mut third).is_pending());
        gate.notify_one();
        let third = guard(third).await?;
        guard(third.join()).await?;
        gate.notify_one();
        for h in held {
            guard(h.join()).await?;
        }
        Ok(())
    })
    .expect("command");
}

struct DropFlag(Arc<AtomicUsize>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn tasks_are_cancelled_and_joined_when_the_handler_returns() {
    for model in [Model::Io, Model::Stream] {
        let dropped = Arc::new(AtomicUsize::new(0));
        let cpu_done = Arc::new(AtomicBool::new(false));
        let (d, done) = (dropped.clone(), cpu_done.clone());
        let metrics = Arc::new(std::sync::Mutex::new(None));
        let m = metrics.clone();
        run(model, options(8), move |ctx| async move {
            let started = Arc::new(tokio::sync::Semaphore::new(0));
            for _ in 0..5 {
                let (flag, started) = (DropFlag(d.clone()), started.clone());
                let _ = ctx
                    .spawn(async move {
                        let _flag = flag;
                        started.add_permits(1);
                        std::future::pending::<()>().await;
                        Ok(())
                    })
                    .await?;
            }
            // CPU work the handler stops waiting for: the command must still
            // join it, which it can once it sees the cancellation.
            let c = ctx.clone();
            let cpu = ctx.spawn_cpu(move || {
                while !c.is_cancelled() {
                    std::thread::yield_now();
                }
                done.store(true, Ordering::SeqCst);
                Err::<(), _>(Error::Cancelled)
            });
            tokio::select! {
                _ = cpu => panic!("the CPU job cannot end before cancellation"),
                _ = started.acquire_many(5) => {}
            }
            assert_eq!(d.load(Ordering::SeqCst), 0);
            let ctx2 = ctx.clone();
            ctx.scope().on_cleanup(move || {
                *m.lock().unwrap() = Some(ctx2.metrics());
            });
            Ok(())
        })
        .expect("command");
        assert_eq!(dropped.load(Ordering::SeqCst), 5, "{model:?}");
        assert!(
            cpu_done.load(Ordering::SeqCst),
            "{model:?}: CPU job not joined"
        );
        let m = metrics.lock().unwrap().take().expect("cleanup ran");
        assert_eq!(m.tasks_spawned, 6);
        assert_eq!(m.tasks_cancelled, 6, "{m}");
        assert_eq!(m.tasks_running, 0);
    }
}

#[test]
fn a_panicking_task_is_an_error_not_a_hang() {
    // Joined: the handle reports it.
    let err = run(Model::Io, options(4), |ctx| async move {
        let h = ctx.spawn(async { panic!("boom") }).await?;
        let r: Result<()> = guard(h.join()).await;
        r
    })
    .expect_err("panic must fail the command");
    assert!(matches!(&err, Error::Panicked(m) if m == "boom"), "{err}");
    assert_eq!(err.to_string(), "the command panicked: boom");
    assert_eq!(err.exit_code(), 101);

    // Detached: join_all reports it.
    let err = run(Model::Stream, options(4), |ctx| async move {
        let _ = ctx
            .spawn(async { panic!("detached boom") as Result<()> })
            .await?;
        let _ = ctx.spawn(async { Ok(()) }).await?;
        guard(ctx.join_all()).await
    })
    .expect_err("panic must fail the command");
    assert!(err.to_string().contains("detached boom"), "{err}");

    // Detached and never joined: the command reports it at exit. The task
    // panics in the same poll that tells the handler it started, so
    // cancellation cannot stop it first.
    let err = run(Model::Io, options(4), |ctx| async move {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let _ = ctx
            .spawn(async move {
                let _ = tx.send(());
                panic!("late boom") as Result<()>
            })
            .await?;
        let _ = guard(rx).await;
        Ok(())
    })
    .expect_err("panic must fail the command");
    assert!(err.to_string().contains("late boom"), "{err}");

    // On the CPU pool.
    let err = run(Model::Cpu, options(4), |ctx| async move {
        ctx.spawn_cpu(|| -> Result<()> { panic!("cpu boom") }).await
    })
    .expect_err("panic must fail the command");
    assert!(err.to_string().contains("cpu boom"), "{err}");
    assert_eq!(err.exit_code(), 101);

    // The handler itself: the same error, after its scope is released.
    let err = run(Model::Io, options(4), |_ctx| async move {
        if std::hint::black_box(true) {
            panic!("handler boom");
        }
        Ok(())
    })
    .expect_err("panic must fail the command");
    assert!(
        matches!(&err, Error::Panicked(m) if m == "handler boom"),
        "{err}"
    );
}

#[test]
fn timeout_cancels_the_command() {
    let mut timeout = RuntimeOptions::default();
    timeout.timeout = Some(Duration::from_millis(20));
    // A cooperative handler.
    let err = run(Model::Io, timeout.clone(), |ctx| async move {
        guard(ctx.cancelled()).await;
        Ok(())
    })
    .expect_err("must time out");
    assert!(
        matches!(err, Error::Deadline(d) if d == Duration::from_millis(20)),
        "{err}"
    );
    assert_eq!(err.exit_code(), 124);

    // A handler that never looks at the token is dropped after the grace.
    let flag = Arc::new(AtomicUsize::new(0));
    let f = flag.clone();
    let err = run(Model::Stream, timeout, |_ctx| async move {
        let _flag = DropFlag(f);
        std::future::pending::<()>().await;
        Ok(())
    })
    .expect_err("must time out");
    assert_eq!(err.exit_code(), 124);
    assert_eq!(flag.load(Ordering::SeqCst), 1);
}

#[test]
fn with_timeout_gives_timeout() {
    run(Model::Stream, options(1), |ctx| async move {
        let r: Result<()> = ctx
            .with_timeout(Duration::from_millis(1), std::future::pending())
            .await;
        // An operation's own limit: an ordinary error, worth retrying.
        let r = r.expect_err("timed out");
        assert!(matches!(r, Error::TimedOut(_)), "{r}");
        assert!(r.is_retryable());
        assert_eq!(r.exit_code(), 1);
        assert_eq!(
            ctx.with_timeout(Duration::from_secs(60), async { Ok(7) })
                .await?,
            7
        );
        Ok(())
    })
    .expect("command");
}

#[cfg(target_os = "linux")]
#[test]
fn memory_limit_is_a_resource_exhausted_error() {
    let mut opts = RuntimeOptions::default();
    // Any process is larger than 64 KiB resident.
    opts.memory_limit = Some(64 << 10);
    let err = run(Model::Io, opts, |ctx| async move {
        guard(ctx.cancelled()).await;
        Ok(())
    })
    .expect_err("over the limit");
    assert!(matches!(err, Error::ResourceExhausted(_)), "{err}");
    assert!(
        err.to_string()
            .contains("memory limit of 64.0 KiB exceeded"),
        "{err}"
    );
    assert_eq!(err.exit_code(), 1);
}

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".flash-"))
        .collect()
}

#[test]
fn scope_is_released_on_error_and_panic_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_path_buf();
    let order = Arc::new(std::sync::Mutex::new(Vec::new()));
    let o = order.clone();
    let err = run(Model::Io, options(4), move |ctx| async move {
        let mut kept = ctx.scope().temp_file(&path.join("kept"))?;
        kept.file().write_all(b"ok")?;
        kept.commit()?;
        let o1 = o.clone();
        ctx.scope()
            .on_cleanup(move || o1.lock().unwrap().push("first"));
        let _tmp = ctx.scope().temp_file(&path.join("a"))?;
        let (c, p) = (ctx.clone(), path.clone());
        let _ = ctx
            .spawn(async move {
                let _t = c.scope().temp_file(&p.join("b"))?;
                panic!("while holding a temp file") as Result<()>
            })
            .await?;
        // Leaked on purpose: only the scope can remove it.
        std::mem::forget(ctx.scope().temp_file(&path.join("c"))?);
        let o2 = o.clone();
        ctx.scope()
            .on_cleanup(move || o2.lock().unwrap().push("second"));
        Err(Error::validation("bad input"))
    })
    .expect_err("handler error");
    assert!(matches!(err, Error::Validation(_)));
    assert_eq!(*order.lock().unwrap(), ["second", "first"]);
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert_eq!(std::fs::read(dir.path().join("kept")).expect("kept"), b"ok");
}

#[test]
fn metrics_report_is_printed_and_honest() {
    let streams = Streams::captured();
    let mut opts = RuntimeOptions::default();
    opts.metrics = true;
    run_async(Model::Io, opts, streams.clone(), |ctx| async move {
        for i in 0..20 {
            let _ = ctx
                .spawn(async move {
                    if i % 5 == 0 {
                        Err(Error::msg("odd one"))
                    } else {
                        Ok(())
                    }
                })
                .await?
                .join()
                .await;
        }
        Ok(())
    })
    .expect("command");
    let report = String::from_utf8(streams.stderr.take_captured()).expect("utf-8");
    assert!(
        report.contains("async performance report (io model)"),
        "{report}"
    );
    assert!(
        report.contains("20 spawned, 16 completed, 0 cancelled, 4 failed"),
        "{report}"
    );
    assert!(report.contains("peak concurrency: 1"), "{report}");
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!(
        report.contains(&format!("workers:          {workers}")),
        "{report}"
    );
    if cfg!(tokio_unstable) {
        assert!(report.contains("tasks stolen"), "{report}");
    } else {
        assert!(
            report.contains("work stealing:    not available"),
            "{report}"
        );
    }
    #[cfg(target_os = "linux")]
    assert!(
        !report.contains("memory:           peak not available"),
        "{report}"
    );
}

#[test]
fn handler_error_wins_and_context_reports_model() {
    let err = run(Model::Cpu, options(3), |ctx| async move {
        assert_eq!(ctx.model(), Model::Cpu);
        assert_eq!(ctx.options().max_concurrency, 3);
        ctx.check_cancelled()?;
        Err(Error::validation("nope"))
    })
    .expect_err("handler error");
    assert_eq!(err.to_string(), "nope");
}
