//! The same N tiny tasks on raw tokio: JoinSet + Semaphore(10).
use std::hint::black_box;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

#[tokio::main]
async fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let slots = Arc::new(Semaphore::new(10));
    let mut set = JoinSet::new();
    for i in 0..n {
        let permit = slots.clone().acquire_owned().await.expect("semaphore open");
        set.spawn(async move {
            let _permit = permit;
            black_box(i)
        });
        // Reap finished tasks as we go, as a real program would.
        while let Some(done) = set.try_join_next() {
            done.expect("task ok");
        }
    }
    while let Some(done) = set.join_next().await {
        done.expect("task ok");
    }
}
