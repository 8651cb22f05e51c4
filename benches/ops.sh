#!/usr/bin/env bash
# Ops benchmark: the `fl` showcase against the tools a user would reach for
# (GNU cp, cat, wc under LC_ALL=C, b3sum, rage), measured side by side in one
# run on realistic, page-cached inputs. Not run by `cargo test`.
#
# Inputs (benches/inputs, deterministic): TEXT_MIB MiB of dense text (words
# of ~6 bytes from a Zipf-weighted vocabulary, spaces, tabs, newlines, some
# two-byte UTF-8), and 2000 text files of 1-64 KiB (~65 MB).
#
# Every case runs ROUNDS times after a warm-up round, fl and the reference
# alternating (order reversed every other round); runs wait for idle cores
# and are redone if another process used the CPU meanwhile (benches/harness.py).
# Reported: median [min-max] wall time of each side, and the per-round ratio
# median [min-max]: fl/ref time for "<=" goals, ref/fl (speed-up) for ">=".
# Prints Markdown.
#
# Usage: benches/ops.sh [ROUNDS] [TEXT_MIB]      (defaults: 11 rounds, 256 MiB)
# Needs: cargo, python3, coreutils, /usr/bin/time, taskset. Installs b3sum and
# rage with `cargo install` when missing (into $FL_BENCH_TOOLS, default ~/.cargo).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
rounds="${1:-11}"
size_mib="${2:-256}"
target="${CARGO_TARGET_DIR:-$root/target}"
tools="${FL_BENCH_TOOLS:-$HOME/.cargo}"
export PATH="$tools/bin:$PATH"

for tool in b3sum rage; do
    command -v "$tool" >/dev/null || cargo install --quiet --root "$tools" "$tool"
done
if [ ! -x /usr/bin/time ]; then
    # Peak RSS is read through it (the RSS columns are empty without it).
    (apt-get install -y time >/dev/null 2>&1 || true)
fi

# `fl` is a crate of the workspace; the input generator a crate of its own.
cargo build --release --quiet -p fl --manifest-path "$root/Cargo.toml" --target-dir "$target"
cargo build --release --quiet --manifest-path "$here/inputs/Cargo.toml" --target-dir "$target"
fl="$target/release/fl"
gen="$target/release/geninput"

work="$(mktemp -d "${FL_BENCH_DIR:-/tmp}/fl-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

"$gen" text "$((size_mib * 1024 * 1024))" 1 > text
"$gen" small small 2000 7 2> small.txt
rage-keygen -o key.txt 2>/dev/null
recipient="$(grep -o 'age1[0-9a-z]*' key.txt | head -1)"
printf 'benchmark passphrase\n' > pass
# Warm the page cache.
cat text small/* > /dev/null

echo "Work dir: \`$work\` ($(df -T "$work" | awk 'NR==2 {print $2}')), inputs and outputs of both sides there."
echo "Inputs: \`text\`, $(stat -c %s text) bytes of generated text ($(LC_ALL=C wc -lw < text | awk '{printf "%d lines, %d words", $1, $2}')); \`small/\`, $(cat small.txt)."
echo "$rounds alternating rounds after a warm-up round; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo

# (no __pycache__ left in benches/)
PYTHONDONTWRITEBYTECODE=1 FL="$fl" RECIPIENT="$recipient" ROUNDS="$rounds" HARNESS="$here" python3 - <<'EOF'
import os, statistics, sys
sys.path.insert(0, os.environ["HARNESS"])
import harness

fl, rounds, rcpt = os.environ["FL"], int(os.environ["ROUNDS"]), os.environ["RECIPIENT"]
env = dict(os.environ, LC_ALL="C")

# name, fl command, reference command, goal (op, bound), files removed (and
# synced) before each run. `@` marks where /usr/bin/time reads peak RSS.
cases = [
    ("wc, file", f"@{fl} wc text", "@wc text", (">=", 10.0), ()),
    ("wc, stdin from file", f"@{fl} wc < text", "@wc < text", (">=", 5.0), ()),
    ("wc, pipe", f"cat text | @{fl} wc", "cat text | @wc", (">=", 5.0), ()),
    ("wc, file, 1 core", f"taskset -c 0 @{fl} wc text", "taskset -c 0 @wc text", (">=", 5.0), ()),
    ("cat 2000 small > file", f"@{fl} cat small/* > out", "@cat small/* > out", ("<=", 1.0), ("out",)),
    ("cat 2000 small \\| pipe", f"@{fl} cat small/* | cat > /dev/null", "@cat small/* | cat > /dev/null",
        ("<=", 1.0), ()),
    ("cat text \\| pipe", f"@{fl} cat text | cat > /dev/null", "@cat text | cat > /dev/null", ("<=", 1.0), ()),
    ("cp text", f"@{fl} cp text out-fl", "@cp text out-ref", ("<=", 1.05), ("out-fl", "out-ref")),
    ("hash text", f"@{fl} hash text", "@b3sum text", ("<=", 1.05), ()),
    ("encrypt text", f"@{fl} encrypt --passphrase-file pass -o enc-fl text",
        f"@rage -r {rcpt} -o enc-ref text", (">=", 1.5), ("enc-fl", "enc-ref")),
]

def cleanup(paths):
    def before(_name):
        removed = False
        for p in paths:
            if os.path.exists(p):
                os.remove(p)
                removed = True
        if removed:
            # No dirty pages of the last run left to be written back during this one.
            os.sync()
    return before

def fmt(xs, scale=1.0, digits=3):
    lo, med, hi = harness.stats(xs)
    return f"{med * scale:.{digits}f} [{lo * scale:.{digits}f}-{hi * scale:.{digits}f}]"

print("| op | fl s | ref s | ratio | goal | | fl RSS | ref RSS | fl CPU s | ref CPU s |")
print("|---|---|---|---|---|---|---|---|---|---|")
outputs_differ = []
for name, ours, theirs, (op, bound), outputs in cases:
    res = harness.compare([("fl", ours), ("ref", theirs)], rounds, env=env, before=cleanup(outputs))
    f, r = res["fl"], res["ref"]
    ratios = harness.pair_ratios(f["wall"], r["wall"]) if op == "<=" else harness.pair_ratios(r["wall"], f["wall"])
    med = statistics.median(ratios)
    ok = med <= bound if op == "<=" else med >= bound
    rss = lambda x: f"{max(x['rss']) / 1024:.1f} MiB" if x["rss"] else ""
    print(f"| {name} | {fmt(f['wall'])} | {fmt(r['wall'])} | {fmt(ratios, digits=2)}x | {op} {bound}x | "
          f"{'ok' if ok else 'MISSED'} | {rss(f)} | {rss(r)} | {statistics.median(f['cpu']):.3f} | "
          f"{statistics.median(r['cpu']):.3f} |")
    if name.startswith("wc") and f["out"].split()[:3] != r["out"].split()[:3]:
        outputs_differ.append(f"{name}: fl {f['out']!r} vs wc {r['out']!r}")
    cleanup(outputs)(name)
print()
print("Times: median [min-max] wall seconds. Ratio: per-round fl/ref time for `<=` goals,")
print("ref/fl time (speed-up) for `>=` goals, median [min-max]. RSS: peak resident set")
print("(`/usr/bin/time %M`), max over rounds. CPU: median user+sys seconds of the whole command.")
print("`wc`: GNU wc under LC_ALL=C. `encrypt`: fl derives its key with Argon2id (19 MiB, t=2)")
print("from a passphrase, rage encrypts to an X25519 recipient (no KDF): the comparison favours rage.")
print(f"Load average at the end: {' '.join(open('/proc/loadavg').read().split()[:3])}.")
for line in outputs_differ:
    print(f"OUTPUT DIFFERS: {line}")
if outputs_differ:
    sys.exit(1)
EOF
