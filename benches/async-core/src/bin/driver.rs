//! Runs the benchmark binaries of this crate, alternating flash and its
//! baseline so both see the same machine state, and prints medians and
//! ratios from this one run.
//!
//! `driver TARGET_DIR [ROUNDS]`, where TARGET_DIR holds the release binaries.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn run(bin: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run benchmark binary");
    let took = start.elapsed();
    assert!(status.success(), "{} failed: {status}", bin.display());
    took
}

fn pair(dir: &Path, a: &str, b: &str, args: &[&str], rounds: usize) -> (Duration, Duration) {
    let (a, b) = (dir.join(a), dir.join(b));
    // Warm the page cache for both.
    run(&a, args);
    run(&b, args);
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        if i % 2 == 0 {
            xs.push(run(&a, args));
            ys.push(run(&b, args));
        } else {
            ys.push(run(&b, args));
            xs.push(run(&a, args));
        }
    }
    (median(xs), median(ys))
}

fn sigint_latency(bin: &Path) -> Duration {
    let mut child = Command::new(bin)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start flash_wait");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("piped");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read ready");
    assert_eq!(line.trim(), "ready");
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let start = Instant::now();
    // SAFETY: kill(2) on our own child with a valid signal.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let status = child.wait().expect("wait");
    let took = start.elapsed();
    assert_eq!(status.code(), Some(130), "exit status");
    took
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: driver TARGET_DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(21);

    let (f, t) = pair(&dir, "flash_trivial", "tokio_trivial", &["hello"], rounds * 3);
    println!(
        "startup (trivial program), median of {} runs each:",
        rounds * 3
    );
    println!("  flash run_async   {}", ms(f));
    println!("  #[tokio::main]    {}", ms(t));
    println!(
        "  ratio             {:.3}x  (goal <= 1.05x)",
        f.as_secs_f64() / t.as_secs_f64()
    );

    let (f, t) = pair(&dir, "flash_trivial", "tokio_equivalent", &["hello"], rounds * 3);
    println!(
        "startup against tokio + tracing-subscriber + Ctrl-C handler, median of {} runs each:",
        rounds * 3
    );
    println!("  flash run_async   {}", ms(f));
    println!("  tokio equivalent  {}", ms(t));
    println!(
        "  ratio             {:.3}x",
        f.as_secs_f64() / t.as_secs_f64()
    );

    let (f, t) = pair(&dir, "flash_tasks", "tokio_tasks", &["100000"], rounds);
    println!("100k tiny tasks, max concurrency 10, median of {rounds} runs each:");
    println!("  flash ctx.spawn   {}", ms(f));
    println!("  JoinSet+Semaphore {}", ms(t));
    println!(
        "  ratio             {:.3}x  (goal <= 1.2x)",
        f.as_secs_f64() / t.as_secs_f64()
    );

    let wait = dir.join("flash_wait");
    let mut lat: Vec<Duration> = (0..rounds).map(|_| sigint_latency(&wait)).collect();
    lat.sort();
    println!("SIGINT to exit (130), {rounds} runs:");
    println!(
        "  median {}, max {}  (goal < 50 ms)",
        ms(lat[lat.len() / 2]),
        ms(lat[lat.len() - 1])
    );
}
