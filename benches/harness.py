"""Timing harness shared by the benchmark scripts: alternating runs on a
shared machine, with min/median/max and ratios from the same run.

The machine may be shared (other builds, other benchmarks): before each run
the harness waits until the cores are idle, and a run during which other
processes used the CPU is measured again, so no figure is another job's.

    python3 benches/harness.py ROUNDS NAME=CMD [NAME=CMD ...]

runs each CMD with bash ROUNDS times, alternating (round-robin, the order
reversed every other round), after one untimed warm-up round, and prints a
table. In CMD an `@` marks where `/usr/bin/time` goes to read the peak RSS
of the command after it (`cat f | @fl wc`). Set BENCH_BYTES to also get
MB/s. As a module: `compare()` returns the figures.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def _busy_jiffies():
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def _children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_idle(limit=0.10, timeout=900):
    """Waits until the whole machine is at most `limit` busy over 0.25 s."""
    end = time.time() + timeout
    while time.time() < end:
        b0, t0 = _busy_jiffies(), time.perf_counter()
        time.sleep(0.25)
        busy = (_busy_jiffies() - b0) / (time.perf_counter() - t0) / os.cpu_count()
        if busy <= limit:
            return
        time.sleep(0.5)


def run_once(cmd, cwd=None, env=None):
    """(wall s, cpu s, peak RSS KiB or None, stdout) of one quiet run of the
    bash command `cmd`, redone while other processes used the CPU."""
    rss_file = tempfile.NamedTemporaryFile(prefix="bench-rss", delete=False).name
    full = cmd.replace("@", f"{TIME} -f %M -o {rss_file} ") if TIME else cmd.replace("@", "")
    try:
        for _ in range(50):
            wait_idle()
            b0, c0 = _busy_jiffies(), _children_cpu()
            t = time.perf_counter()
            p = subprocess.run(["bash", "-c", full], capture_output=True, cwd=cwd, env=env)
            dt = time.perf_counter() - t
            cpu = _children_cpu() - c0
            others = (_busy_jiffies() - b0) - cpu
            if p.returncode:
                sys.exit(f"failed ({p.returncode}): {cmd}\n{p.stderr.decode(errors='replace')}")
            # Jiffies are 10 ms: tolerate a tick or two of background noise.
            if others <= max(0.03, 0.05 * dt):
                rss = None
                if TIME and "@" in cmd:
                    rss = int(open(rss_file).read().split()[-1])
                return dt, cpu, rss, p.stdout
        sys.exit(f"the machine never went quiet for: {cmd}")
    finally:
        os.unlink(rss_file)


def compare(cmds, rounds, cwd=None, env=None, before=None):
    """Runs every (name, cmd) `rounds` times, alternating, after a warm-up
    round; `before(name)` runs untimed before each run. Returns
    {name: {"wall": [...], "cpu": [...], "rss": [...], "out": bytes}}."""
    res = {n: {"wall": [], "cpu": [], "rss": [], "out": b""} for n, _ in cmds}
    for r in range(rounds + 1):
        order = cmds if r % 2 == 0 else cmds[::-1]
        for name, cmd in order:
            if before:
                before(name)
            dt, cpu, rss, out = run_once(cmd, cwd, env)
            if r == 0:
                continue
            res[name]["wall"].append(dt)
            res[name]["cpu"].append(cpu)
            if rss is not None:
                res[name]["rss"].append(rss)
            res[name]["out"] = out
    return res


def stats(xs):
    return min(xs), statistics.median(xs), max(xs)


def pair_ratios(a, b):
    """Per-round ratios a/b of two series measured in the same rounds."""
    return [x / y for x, y in zip(a, b)]


def main():
    rounds = int(sys.argv[1])
    cmds = [a.split("=", 1) for a in sys.argv[2:]]
    size = int(os.environ.get("BENCH_BYTES", "0"))
    res = compare(cmds, rounds)
    base = res[cmds[0][0]]["wall"]
    for name, cmd in cmds:
        r = res[name]
        lo, med, hi = stats(r["wall"])
        mbs = f"{size / med / 1e6:7.0f} MB/s" if size else ""
        ratio = stats(pair_ratios(base, r["wall"]))
        peak = f"rss {max(r['rss']) / 1024:5.1f} MiB" if r["rss"] else ""
        print(f"{name:16} {med * 1e3:8.1f} ms [{lo * 1e3:.1f}-{hi * 1e3:.1f}] {mbs} "
              f"x{ratio[1]:5.2f} [{ratio[0]:.2f}-{ratio[2]:.2f}] cpu {statistics.median(r['cpu']) * 1e3:6.1f} ms {peak}"
              f"  $ {cmd}")


if __name__ == "__main__":
    main()
