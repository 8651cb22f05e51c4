//! What a crate that depends on flash alone compiles against: `Outcome`,
//! `CancellationToken`, `#[flash::test]`, the error kinds and their
//! constructors, `Error::report`.

use std::time::Duration;

use flash::{CancellationToken, Error, Outcome};

#[flash::test]
async fn flash_test_runs_an_async_test_on_flashs_runtime() {
    flash::tokio::time::sleep(Duration::from_millis(1)).await;
    let token = CancellationToken::new();
    let child = token.child_token();
    token.cancel();
    child.cancelled().await;
}

#[flash::test]
async fn flash_test_returns_a_result() -> flash::Result<()> {
    let n: u32 = "7".parse().map_err(|e| Error::validation(format!("{e}")))?;
    assert_eq!(n, 7);
    Ok(())
}

#[test]
fn the_error_kinds_and_their_exit_codes() {
    let deadline = Error::Deadline(Duration::from_secs(30));
    let timed_out = Error::TimedOut(Duration::from_millis(300));
    assert_eq!(
        (deadline.exit_code(), deadline.is_retryable()),
        (124, false)
    );
    assert_eq!((timed_out.exit_code(), timed_out.is_retryable()), (1, true));
    assert_eq!(deadline.to_string(), "timed out after 30s");
    assert_eq!(timed_out.to_string(), "operation timed out after 300ms");
    assert_eq!(Error::Cancelled.exit_code(), 130);
    assert_eq!(Error::Signal(15).exit_code(), 143);
    assert_eq!(Error::Signal(1).to_string(), "cancelled by SIGHUP");
    assert_eq!(Error::Panicked("x".into()).exit_code(), 101);
    assert_eq!(Error::validation("bad").to_string(), "bad");
    assert_eq!(Error::msg("plain").exit_code(), 1);
    assert!(matches!(Error::Usage("u".into()).exit_code(), 2));
    assert!(Error::network("GET /", std::io::Error::other("503")).is_retryable());
    assert!(matches!(
        Error::ResourceExhausted("memory".into()),
        Error::ResourceExhausted(_)
    ));
    // Marking: an ordinary error becomes retryable and keeps its text and
    // code; what ends the command stays as it is.
    let marked = Error::validation("flaky").retryable();
    assert!(marked.is_retryable());
    assert_eq!(
        (marked.to_string(), marked.exit_code()),
        ("flaky".to_owned(), 1)
    );
    assert!(!Error::Deadline(Duration::from_secs(1))
        .retryable()
        .is_retryable());
    assert!(!Error::Cancelled.retryable().is_retryable());
}

#[test]
fn io_errors_name_no_filesystem_and_keep_the_path() {
    let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let with_path = Error::fs("secret.txt", denied);
    assert!(matches!(&with_path, Error::Io { path: Some(p), .. } if p.ends_with("secret.txt")));
    // `?` on an `io::Error` (a socket's, a pipe's): no path.
    fn read() -> flash::Result<()> {
        Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(())
    }
    assert!(matches!(read(), Err(Error::Io { path: None, .. })));
}

/// Every cause of a chain, as a generic cause-chain printer shows it.
fn chain(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        out.push(cause.to_string());
        next = cause.source();
    }
    out
}

#[test]
fn each_cause_is_printed_once() {
    let os = std::io::Error::from_raw_os_error(13);
    let e = Error::from(os);
    assert_eq!(chain(&e), ["Permission denied (os error 13)"]);
    assert_eq!(e.report(), "Permission denied (os error 13)");
    let e = Error::fs("a.txt", std::io::Error::from_raw_os_error(13));
    assert_eq!(chain(&e), ["`a.txt`: Permission denied (os error 13)"]);
    let e = Error::context(
        "could not deploy",
        Error::context("upload failed", std::io::Error::other("connection reset")),
    );
    assert_eq!(
        e.report(),
        "could not deploy\n  caused by: upload failed\n  caused by: connection reset"
    );
    let marked = Error::fs("b.txt", std::io::Error::from_raw_os_error(2)).retryable();
    assert_eq!(
        chain(&marked),
        ["`b.txt`: No such file or directory (os error 2)"]
    );
    assert_eq!(
        marked.report(),
        "`b.txt`: No such file or directory (os error 2)"
    );
}

#[test]
fn an_outcome_is_what_a_run_gave() {
    let out: Outcome = flash_facade_tests::app().try_run_from(["facade", "log", "1"]);
    assert!(out.success());
    assert_eq!((out.code, out.stdout.as_str()), (0, "1\n"));
    assert_eq!(out.stdout_bytes(), b"1\n");
}
