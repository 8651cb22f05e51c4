//! Counts the tasks of a command so it can wait for all of them: what
//! tokio-util's `TaskTracker` does, written out because tokio-util's `rt`
//! feature brings `futures-util` (and its proc-macro, so `syn`) into every
//! async build for this one type.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// The live tasks of a command; [`Tracker::wait`] returns once it is
/// closed and none is left.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tracker {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    live: AtomicUsize,
    closed: AtomicBool,
    idle: Notify,
}

impl Inner {
    fn notify_if_done(&self) {
        if self.closed.load(SeqCst) && self.live.load(SeqCst) == 0 {
            self.idle.notify_waiters();
        }
    }
}

/// One live task: dropping it (when the task ends, however it ends) lets
/// [`Tracker::wait`] go on.
#[derive(Debug)]
pub(crate) struct Token {
    inner: Arc<Inner>,
}

impl Drop for Token {
    fn drop(&mut self) {
        self.inner.live.fetch_sub(1, SeqCst);
        self.inner.notify_if_done();
    }
}

impl Tracker {
    pub(crate) fn new() -> Self {
        Tracker::default()
    }

    /// Counts one more task until the token is dropped.
    pub(crate) fn token(&self) -> Token {
        self.inner.live.fetch_add(1, SeqCst);
        Token {
            inner: self.inner.clone(),
        }
    }

    /// Spawns `fut` on the current runtime, counted until it ends.
    pub(crate) fn spawn<F>(&self, fut: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.spawn_on(fut, &tokio::runtime::Handle::current())
    }

    /// Spawns `fut` on `rt`, counted until it ends.
    pub(crate) fn spawn_on<F>(&self, fut: F, rt: &tokio::runtime::Handle) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let token = self.token();
        rt.spawn(async move {
            let out = fut.await;
            drop(token);
            out
        })
    }

    /// Runs `f` on tokio's blocking threads, counted until it returns.
    pub(crate) fn spawn_blocking<F, T>(&self, f: F) -> JoinHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let token = self.token();
        tokio::task::spawn_blocking(move || {
            let out = f();
            drop(token);
            out
        })
    }

    /// No more tasks are expected: [`Tracker::wait`] may return.
    pub(crate) fn close(&self) {
        self.inner.closed.store(true, SeqCst);
        self.inner.notify_if_done();
    }

    /// Undoes [`Tracker::close`].
    pub(crate) fn reopen(&self) {
        self.inner.closed.store(false, SeqCst);
    }

    /// Waits until the tracker is closed and every task has ended.
    pub(crate) async fn wait(&self) {
        loop {
            let notified = self.inner.idle.notified();
            let mut notified = std::pin::pin!(notified);
            // Registered before the check: a task ending in between wakes it.
            notified.as_mut().enable();
            if self.inner.closed.load(SeqCst) && self.inner.live.load(SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn waits_for_every_task_once_closed() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_time()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let tracker = Tracker::new();
            let done = Arc::new(AtomicUsize::new(0));
            for i in 0..20u64 {
                let d = done.clone();
                tracker.spawn(async move {
                    tokio::time::sleep(Duration::from_millis(i % 5)).await;
                    d.fetch_add(1, SeqCst);
                });
                let d = done.clone();
                tracker.spawn_blocking(move || {
                    std::thread::sleep(Duration::from_millis(i % 3));
                    d.fetch_add(1, SeqCst);
                });
            }
            tracker.close();
            tracker.wait().await;
            assert_eq!(done.load(SeqCst), 40);
            // Open again, nothing live: returns once closed.
            tracker.reopen();
            tracker.close();
            tracker.wait().await;
        });
    }

    #[test]
    fn an_aborted_task_is_not_waited_for_forever() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let tracker = Tracker::new();
            tracker.spawn(std::future::pending::<()>()).abort();
            tracker.close();
            tokio::time::timeout(Duration::from_secs(5), tracker.wait())
                .await
                .expect("the aborted task's token is dropped");
        });
    }
}
