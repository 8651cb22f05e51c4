#!/usr/bin/env bash
# Async-core benchmarks: flash against hand-written tokio, ratios from one run.
# Usage: benches/async-core.sh [ROUNDS]   (not run in CI)
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
    echo "instructions (callgrind, whole process):"
    for prog in flash_trivial tokio_trivial tokio_equivalent; do
        out="$(mktemp)"
        valgrind --tool=callgrind --callgrind-out-file="$out" "$bin/$prog" hello >/dev/null 2>"$out.log"
        ir="$(grep -m1 '^summary:' "$out" | awk '{print $2}')"
        printf '  %-16s %s\n' "$prog" "$ir"
        eval "ir_$prog=$ir"
        rm -f "$out" "$out.log"
    done
    awk -v a="$ir_flash_trivial" -v b="$ir_tokio_trivial" -v c="$ir_tokio_equivalent" \
        'BEGIN { printf "  ratio            %.3fx vs tokio_trivial, %.3fx vs tokio_equivalent\n", a / b, a / c }'
fi

if command -v nm >/dev/null; then
    echo "symbols linked (a sync-only binary must have no runtime and no subscriber):"
    for prog in flash_sync_only flash_trivial; do
        syms="$(nm -C "$bin/$prog" 2>/dev/null || true)"
        printf '  %-16s tokio::runtime %4s  tracing_subscriber %4s  tokio::signal %4s  size %s bytes\n' "$prog" \
            "$(grep -c 'tokio::runtime' <<<"$syms" || true)" \
            "$(grep -c 'tracing_subscriber' <<<"$syms" || true)" \
            "$(grep -c 'tokio::signal' <<<"$syms" || true)" \
            "$(stat -c %s "$bin/$prog")"
    done
fi
