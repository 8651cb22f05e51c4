//! Runs the benchmark binaries of this crate, alternating flash and its
//! baseline so both see the same machine state, and prints median [min-max]
//! of each and of the per-round ratio, from this one run.
//!
//! `driver TARGET_DIR [ROUNDS]`, where TARGET_DIR holds the release binaries.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// (min, median, max) of `xs`, which must not be empty.
fn stats(xs: &[f64]) -> (f64, f64, f64) {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (v[0], median, v[n - 1])
}

/// Times of both sides of a pair, in milliseconds, in the same rounds.
struct Pair {
    a: Vec<f64>,
    b: Vec<f64>,
}

impl Pair {
    /// Prints `label_a`, `label_b` and the per-round ratio a/b, each as
    /// median [min-max].
    fn print(&self, label_a: &str, label_b: &str, goal: &str) {
        let show = |xs: &[f64], unit: &str| {
            let (lo, med, hi) = stats(xs);
            format!("{med:.3}{unit} [{lo:.3}-{hi:.3}]")
        };
        let ratios: Vec<f64> = self.a.iter().zip(&self.b).map(|(a, b)| a / b).collect();
        println!("  {label_a:17} {}", show(&self.a, " ms"));
        println!("  {label_b:17} {}", show(&self.b, " ms"));
        println!("  ratio             {}{goal}", show(&ratios, "x"));
    }
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

/// Busy and total jiffies of the whole machine so far (`/proc/stat`), or
/// `None` where there is no such file.
fn jiffies() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    let total: u64 = fields.iter().sum();
    let idle = fields.get(3)? + fields.get(4)?;
    Some((total - idle, total))
}

/// Waits (up to a minute) until the machine is at most 10% busy over 0.1 s:
/// it may be shared, and a round measured beside another job's build is
/// that job's figure, not ours.
fn wait_idle() {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        let Some((b0, t0)) = jiffies() else { return };
        std::thread::sleep(Duration::from_millis(100));
        let Some((b1, t1)) = jiffies() else { return };
        if (b1 - b0) * 10 <= (t1 - t0).max(1) {
            return;
        }
    }
}

fn pair(dir: &Path, a: &str, b: &str, args: &[&str], rounds: usize) -> Pair {
    let (a, b) = (dir.join(a), dir.join(b));
    // Warm the page cache for both.
    run(&a, args);
    run(&b, args);
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        wait_idle();
        if i % 2 == 0 {
            xs.push(run(&a, args));
            ys.push(run(&b, args));
        } else {
            ys.push(run(&b, args));
            xs.push(run(&a, args));
        }
    }
    let ms = |v: Vec<Duration>| v.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    Pair {
        a: ms(xs),
        b: ms(ys),
    }
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

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: driver TARGET_DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(21);
    println!("median [min-max] of alternating runs; ratio: per round, flash / baseline");

    println!("startup (trivial program), {} runs each:", rounds * 3);
    pair(
        &dir,
        "flash_trivial",
        "tokio_trivial",
        &["hello"],
        rounds * 3,
    )
    .print("flash run_async", "#[tokio::main]", "  (goal <= 1.05x)");

    println!(
        "startup against tokio + tracing-subscriber + Ctrl-C handler, {} runs each:",
        rounds * 3
    );
    pair(
        &dir,
        "flash_trivial",
        "tokio_equivalent",
        &["hello"],
        rounds * 3,
    )
    .print("flash run_async", "tokio equivalent", "");

    println!("100k tiny tasks, max concurrency 10, {rounds} runs each:");
    pair(&dir, "flash_tasks", "tokio_tasks", &["100000"], rounds).print(
        "flash ctx.spawn",
        "JoinSet+Semaphore",
        "  (goal <= 1.2x)",
    );

    let wait = dir.join("flash_wait");
    let lat: Vec<f64> = (0..rounds)
        .map(|_| sigint_latency(&wait).as_secs_f64() * 1e3)
        .collect();
    let (lo, med, hi) = stats(&lat);
    println!("SIGINT to exit (130), {rounds} runs:");
    println!("  {med:.3} ms [{lo:.3}-{hi:.3}]  (goal < 50 ms)");
}
