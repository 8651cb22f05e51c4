//! Two futures raced, the first one polled first: what `tokio::select!`
//! with `biased;` does for two branches. Written out because tokio's
//! `macros` feature, which `select!` needs, makes tokio wait for `syn` and
//! `tokio-macros` in every cold build of a flash app.

use std::future::Future;
use std::task::Poll;

/// Which of two raced futures finished first.
pub(crate) enum Either<A, B> {
    /// The first.
    Left(A),
    /// The second.
    Right(B),
}

/// Polls `a`, then `b`, until one is ready; the other is dropped.
pub(crate) async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = std::pin::pin!(a);
    let mut b = std::pin::pin!(b);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(out) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(out));
        }
        if let Poll::Ready(out) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(out));
        }
        Poll::Pending
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_ready_wins_and_ties_go_left() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let slow = tokio::time::sleep(std::time::Duration::from_secs(60));
            assert!(matches!(race(slow, async { 2 }).await, Either::Right(2)));
            assert!(matches!(
                race(async { 1 }, async { 2 }).await,
                Either::Left(1)
            ));
        });
    }
}
