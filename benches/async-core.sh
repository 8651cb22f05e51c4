#!/usr/bin/env bash
# Async-core benchmarks: flash against hand-written tokio, ratios from one run.
# Usage: benches/async-core.sh [ROUNDS]   (not run in CI)
#   IR_RUNS=N  callgrind runs per program for the instruction counts (7)
# Needs: cargo; valgrind (optional, for instruction counts); nm (optional).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$here/async-core/target}"
rounds="${1:-21}"

# Three crates, one target dir: flash's binaries, the bare tokio baseline and
# the other baselines each get only their own dependencies' features (a
# tokio built with `signal` for the Ctrl-C baseline would otherwise start a
# signal driver in the others too).
for crate in "" /flash /tokio-bare; do
    cargo build --release --quiet --manifest-path "$here/async-core$crate/Cargo.toml" --target-dir "$target"
done
bin="$target/release"

"$bin/driver" "$bin" "$rounds"

if command -v valgrind >/dev/null; then
    # One run's count moves by about a thousand instructions (which worker
    # thread wins a lock, how long it spins before parking): the median of
    # alternating runs is the figure, with the spread beside it.
    runs="${IR_RUNS:-7}"
    echo "instructions (callgrind, whole process; median of $runs alternating runs [min-max]):"
    raw="$(mktemp)"
    for _ in $(seq "$runs"); do
        for prog in flash_trivial tokio_trivial tokio_equivalent; do
            out="$(mktemp)"
            valgrind --tool=callgrind --callgrind-out-file="$out" "$bin/$prog" hello >/dev/null 2>/dev/null
            echo "$prog $(grep -m1 '^summary:' "$out" | awk '{print $2}')" >>"$raw"
            rm -f "$out"
        done
    done
    for prog in flash_trivial tokio_trivial tokio_equivalent; do
        sorted=($(awk -v p="$prog" '$1 == p { print $2 }' "$raw" | sort -n))
        n=${#sorted[@]}
        ir=${sorted[$((n / 2))]}
        printf '  %-16s %s [%s-%s]\n' "$prog" "$ir" "${sorted[0]}" "${sorted[$((n - 1))]}"
        eval "ir_$prog=$ir"
    done
    rm -f "$raw"
    awk -v a="$ir_flash_trivial" -v b="$ir_tokio_trivial" -v c="$ir_tokio_equivalent" \
        'BEGIN { printf "  ratio            %.3fx vs tokio_trivial, %.3fx vs tokio_equivalent\n", a / b, a / c }'
fi

if command -v nm >/dev/null; then
    echo "symbols linked (a sync-only binary has no async runtime; with default features its commands log through the subscriber):"
    for prog in flash_sync_only flash_trivial; do
        syms="$(nm -C "$bin/$prog" 2>/dev/null || true)"
        printf '  %-16s tokio::runtime %4s  tracing_subscriber %4s  tokio::signal %4s  size %s bytes\n' "$prog" \
            "$(grep -c 'tokio::runtime' <<<"$syms" || true)" \
            "$(grep -c 'tracing_subscriber' <<<"$syms" || true)" \
            "$(grep -c 'tokio::signal' <<<"$syms" || true)" \
            "$(stat -c %s "$bin/$prog")"
    done
fi
