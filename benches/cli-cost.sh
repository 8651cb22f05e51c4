#!/usr/bin/env bash
# What a tiny sync CLI pays for its argument parser: flash against argh and
# clap, all built the same way, measured in the same run (issue 2, point 6).
#
# `flash` is built with `default-features = false`, as a sync-only app would
# be (the budget row); `flash_default` is the same source with the default
# features (the async runtime, tracing logs in sync commands too), reported
# for reference.
#
# The app: one subcommand `copy` with two positionals and a bool flag
# (`prog copy FROM TO [-l|--loud]`), printing one line, in every framework
# (argh and clap: a one-variant subcommand enum); the flat forms, where the
# program takes its own arguments (`prog FROM TO [-l]`; flash: `root:`),
# are reported for reference. `clap_env` is the clap app with clap_complete's
# `COMPLETE=<shell>` completion (CompleteEnv), which every flash app has:
# the like-for-like peer, reported for reference (the budget is clap's).
# `noparse` is the same program reading `std::env::args()` by hand: every
# figure is also given as what the parser adds over it.
#
# Profile (benches/cli-cost/Cargo.toml, [profile.release]), same for all:
#   opt-level = 3, lto = true, codegen-units = 1, panic = "abort", strip = true
#
# Figures:
#   size    stripped binary, bytes; +size = minus noparse's
#   help    instructions for `prog copy --help` (flat: `prog --help`)
#   run     instructions for `prog copy a b -l` (flat: `prog a b -l`)
#           valgrind --tool=callgrind, whole process (loader included), run
#           under `env -i` with stdout to /dev/null so counts are repeatable,
#           less glibc's pthread_getattr_np (see instr below);
#           +help/+run = minus noparse's
#
# Usage: benches/cli-cost.sh [--syms]   (not run in CI)
#   --syms  also build unstripped (profile `syms`, otherwise identical) and
#           list the largest symbols flash adds over argh (nm --size-sort).
# Needs: cargo; valgrind (installed with apt-get when missing); nm for --syms.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pkg="$here/cli-cost"
target="${CARGO_TARGET_DIR:-$pkg/target}"
bins=(noparse flash flash_default argh clap clap_env flash_flat argh_flat clap_flat)

if ! command -v valgrind >/dev/null; then
    echo "valgrind not found: installing it with apt-get" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq valgrind >/dev/null
fi
valgrind="$(command -v valgrind)"

cargo build --release --bins --quiet --manifest-path "$pkg/Cargo.toml" --target-dir "$target"
# The same program with flash's default features (async), for reference.
cargo build --release --bins --quiet --manifest-path "$pkg/flash-default/Cargo.toml" --target-dir "$target"
# clap with clap_complete's COMPLETE=, for reference (its own package: the
# clap features clap_complete asks for must not reach the budget row's clap).
cargo build --release --bins --quiet --manifest-path "$pkg/clap-env/Cargo.toml" --target-dir "$target"
bin="$target/release"

# Instructions executed by one run of a binary: callgrind's total, less
# what glibc's pthread_getattr_np costs. Every Rust program calls it once at
# start (the main thread's stack bounds) and it reads /proc/self/maps line
# by line; under valgrind that file also lists valgrind's own mappings, so
# its cost moves by some 2,000 instructions with the layout of the tool's
# memory (the same binary counted that much more or less from another
# directory). It is the same work in every binary, none of it the parser's.
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT
instr() {
    local prog="$1"
    shift
    local out="$runs/$prog.out"
    env -i "$valgrind" --tool=callgrind --callgrind-out-file="$out" "$bin/$prog" "$@" >/dev/null 2>&1
    local total maps
    total="$(sed -n 's/^summary: *//p' "$out")"
    maps="$(callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
        awk '/pthread_getattr_np/ { gsub(",", "", $1); print $1; exit }')"
    echo $((total - ${maps:-0}))
}

# Every binary must do the same job before it is measured.
for b in "${bins[@]}"; do
    case "$b" in *_flat) sub=() ;; *) sub=(copy) ;; esac
    out="$("$bin/$b" "${sub[@]}" a b -l)"
    if [ "$out" != "copy a -> b (loud)" ]; then
        echo "$b printed '$out', not 'copy a -> b (loud)'" >&2
        exit 1
    fi
    "$bin/$b" "${sub[@]}" --help >/dev/null
done

declare -A size help run
for b in "${bins[@]}"; do
    case "$b" in *_flat) sub=() ;; *) sub=(copy) ;; esac
    size[$b]="$(stat -c %s "$bin/$b")"
    help[$b]="$(instr "$b" "${sub[@]}" --help)"
    run[$b]="$(instr "$b" "${sub[@]}" a b -l)"
done

echo "cli-cost: one subcommand, two positionals, one flag;"
echo "release profile: opt-level=3 lto=true codegen-units=1 panic=abort strip=true"
echo "rustc: $(rustc --version)"
echo "help = 'prog copy --help', run = 'prog copy a b -l' (flat: no 'copy'); instructions by callgrind, less glibc's pthread_getattr_np"
echo
printf '%-14s %10s %9s %10s %9s %10s %9s\n' binary size +size help +help run +run
for b in "${bins[@]}"; do
    printf '%-14s %10d %9d %10d %9d %10d %9d\n' "$b" \
        "${size[$b]}" $((size[$b] - size[noparse])) \
        "${help[$b]}" $((help[$b] - help[noparse])) \
        "${run[$b]}" $((run[$b] - run[noparse]))
done
echo
# Ratios of what each parser adds over noparse.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
printf '%-24s %8s %8s %8s\n' "added over noparse" +size +help +run
for pair in flash:argh flash:clap flash:clap_env flash_flat:argh_flat flash_flat:clap_flat; do
    one="${pair%%:*}" other="${pair#*:}"
    printf '%-24s %8s %8s %8s\n' "$one / $other" \
        "$(ratio $((size[$one] - size[noparse])) $((size[$other] - size[noparse])))" \
        "$(ratio $((help[$one] - help[noparse])) $((help[$other] - help[noparse])))" \
        "$(ratio $((run[$one] - run[noparse])) $((run[$other] - run[noparse])))"
done
# The budget: bytes at most a fifth of what clap adds, for the sync build
# and the default one; instructions for `--help` and a run no more than
# argh's.
verdict=within
added() { local -n fig="$1"; echo $((fig[$2] - fig[noparse])); }
size_cap=$(($(added size clap) / 5))
for b in flash flash_default; do
    if [ "$(added size "$b")" -gt "$size_cap" ]; then
        verdict="OVER"
        echo "$b adds more bytes than a fifth of clap's: $(added size "$b") > $size_cap"
    fi
done
for f in help run; do
    if [ "$(added "$f" flash)" -gt "$(added "$f" argh)" ]; then
        verdict="OVER"
        echo "flash adds more $f instructions than argh: $(added "$f" flash) > $(added "$f" argh)"
    fi
done
echo "budget (bytes <= 0.2 x clap's, default features too; --help and run instructions <= argh's): $verdict"

if [ "${1:-}" = "--syms" ]; then
    cargo build --profile syms --bins --quiet --manifest-path "$pkg/Cargo.toml" --target-dir "$target"
    echo
    # Symbols (by demangled name) a binary has and noparse lacks: what its
    # parser brought in. Text, read-only data and data only.
    syms() { nm --size-sort --radix=d -C "$target/syms/$1" | awk '$2 ~ /[tTrRdD]/ { s = $1 + 0; $1 = ""; $2 = ""; sub(/^  /, ""); print s "\t" $0 }'; }
    syms noparse | cut -f2 | sort -u >"$target/syms/noparse.names"
    for b in flash argh; do
        syms "$b" | awk -F'\t' 'NR == FNR { base[$0] = 1; next } !($2 in base)' "$target/syms/noparse.names" - |
            sort -n >"$target/syms/$b.added"
        printf '\n%s: %d bytes in symbols noparse lacks; the largest:\n' "$b" \
            "$(awk -F'\t' '{ s += $1 } END { print s + 0 }' "$target/syms/$b.added")"
        tail -20 "$target/syms/$b.added" | awk -F'\t' '{ printf "  %7d  %s\n", $1, substr($2, 1, 110) }'
    done
fi
