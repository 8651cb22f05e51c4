#!/usr/bin/env bash
# Ops benchmark: the `fl` showcase against the tools a user would reach for,
# measured side by side in one run (medians of alternating runs, page-cached
# input). Not run in CI.
#
# Usage: benches/ops.sh [ROUNDS] [SIZE_MIB]      (defaults: 5 rounds, 512 MiB)
# Needs: cargo, python3, coreutils. Installs b3sum and rage with
# `cargo install` when missing (into $FL_BENCH_TOOLS, default ~/.cargo).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
rounds="${1:-5}"
size_mib="${2:-512}"
target="${CARGO_TARGET_DIR:-$root/target}"
tools="${FL_BENCH_TOOLS:-$HOME/.cargo}"
export PATH="$tools/bin:$PATH"

for tool in b3sum rage; do
    command -v "$tool" >/dev/null || cargo install --quiet --root "$tools" "$tool"
done
if [ ! -x /usr/bin/time ]; then
    # Peak RSS is read through it (the RSS columns show 0 without it).
    (apt-get install -y time >/dev/null 2>&1 || true)
fi

cargo build --release --quiet --example fl --manifest-path "$root/Cargo.toml" --target-dir "$target"
fl="$target/release/examples/fl"

work="$(mktemp -d "${FL_BENCH_DIR:-/tmp}/fl-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

# Text-like input: base64 lines with spaces, so wc has words to count.
# (process substitution: the generator's SIGPIPE must not trip pipefail)
head -c "$((size_mib * 1024 * 1024))" < <(base64 -w 100 /dev/urandom | tr '+/' ' \t') > big
mkdir small
python3 - <<'EOF'
import os
for i in range(2000):
    with open(f"small/f{i:04}", "wb") as f:
        f.write(os.urandom(1024 + (i * 37) % 7000))
EOF
ls small/* > small.list
rage-keygen -o key.txt 2>/dev/null
recipient="$(grep -o 'age1[0-9a-z]*' key.txt | head -1)"
printf 'benchmark passphrase\n' > pass

# Warm the page cache.
cat big small/* > /dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)"
echo "input: ${size_mib} MiB page-cached text file; 2000 small files (1-8 KiB); ${rounds} alternating rounds, medians"
echo "work dir: $work ($(df -T "$work" | awk 'NR==2 {print $2}'); inputs and outputs of both sides there)"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tools: $(cp --version | head -1); $(wc --version | head -1); $(b3sum --version); $(rage --version)"
echo

FL="$fl" RECIPIENT="$recipient" ROUNDS="$rounds" python3 - <<'EOF'
import os, statistics, subprocess, time

fl, rounds, rcpt = os.environ["FL"], int(os.environ["ROUNDS"]), os.environ["RECIPIENT"]
small = open("small.list").read().split()
env = dict(os.environ, LC_ALL="C")

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

def run(argv, stdout=None):
    """Wall time (s), peak RSS (KiB) and CPU time (user + sys, s) of one run.
    RSS and CPU come from /usr/bin/time (wait4 on a child it forks itself: a
    child forked from this Python process would report Python's own RSS as
    its peak)."""
    out = open(stdout or os.devnull, "wb")
    wrapped = [TIME, "-f", "%M %U %S", "-o", "rss.txt", *argv] if TIME else argv
    t = time.perf_counter()
    status = subprocess.call(wrapped, stdout=out, stderr=subprocess.DEVNULL, env=env)
    dt = time.perf_counter() - t
    out.close()
    if status != 0:
        raise SystemExit(f"failed: {' '.join(argv[:4])}...")
    if TIME:
        rss, user, sys_ = open("rss.txt").read().split()[-3:]
        return dt, int(rss), float(user) + float(sys_)
    return dt, 0, 0.0

def rm(*paths):
    for p in paths:
        if os.path.exists(p):
            os.remove(p)

cases = [
    # name, ours, theirs, goal (ratio op bound), before-each cleanup
    ("cp 512MiB", [fl, "cp", "big", "out-fl"], ["cp", "big", "out-ref"], ("<=", 1.05), ("out-fl", "out-ref")),
    ("cat 2000 small", [fl, "cat", *small], ["cat", *small], ("<=", 1.0), ()),
    ("hash 512MiB", [fl, "hash", "big"], ["b3sum", "big"], ("<=", 1.05), ()),
    ("wc 512MiB", [fl, "wc", "big"], ["wc", "big"], (">=", 5.0), ()),
    ("encrypt 512MiB", [fl, "encrypt", "--passphrase-file", "pass", "-o", "enc-fl", "big"],
        ["rage", "-r", rcpt, "-o", "enc-ref", "big"], (">=", 1.5), ("enc-fl", "enc-ref")),
]

print(f"{'op':16} {'fl s':>8} {'ref s':>8} {'ratio':>7} {'goal':>9} {'fl RSS':>9} {'ref RSS':>9}"
      f" {'fl cpu':>7} {'ref cpu':>7}")
for name, ours, theirs, (op, bound), outputs in cases:
    ts_f, ts_r, rss_f, rss_r, cpu_f, cpu_r = [], [], [], [], [], []
    for i in range(rounds):
        # Alternate which goes first, to cancel drift.
        order = [(ours, ts_f, rss_f, cpu_f), (theirs, ts_r, rss_r, cpu_r)]
        if i % 2:
            order.reverse()
        for argv, ts, rss, cpu in order:
            # Same state for both: no output file yet, no dirty pages left
            # by the previous run (its writeback is not charged to the next).
            rm(*outputs)
            os.sync() if outputs else None
            dt, kb, cs = run(argv)
            ts.append(dt)
            rss.append(kb)
            cpu.append(cs)
    f, r = statistics.median(ts_f), statistics.median(ts_r)
    # "<=" goals compare time (fl/ref), ">=" goals speed (ref/fl).
    ratio = f / r if op == "<=" else r / f
    ok = ratio <= bound if op == "<=" else ratio >= bound
    print(f"{name:16} {f:8.3f} {r:8.3f} {ratio:6.2f}x {op+' '+str(bound)+'x':>9} "
          f"{max(rss_f)/1024:7.1f}Mi {max(rss_r)/1024:7.1f}Mi "
          f"{statistics.median(cpu_f):7.3f} {statistics.median(cpu_r):7.3f} {'ok' if ok else 'MISSED'}")
    rm(*outputs)
print()
print("ratio: fl time / ref time for <= goals, ref time / fl time (speed-up) for >= goals;")
print("RSS: peak resident set of the process (/usr/bin/time %M), max over rounds;")
print("cpu: median user+sys seconds. fl's parallel ops (hash, encrypt) need idle cores for")
print("their speed-up: on a machine shared with other work, compare cpu and the load below.")
print("encrypt: fl derives its key with Argon2id (19 MiB, t=2, ~50 ms) from a passphrase;")
print("rage encrypts to an X25519 recipient (no KDF), so the comparison favours rage.")
print(f"load average at the end: {' '.join(open('/proc/loadavg').read().split()[:3])}")
EOF
