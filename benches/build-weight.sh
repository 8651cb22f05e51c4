#!/usr/bin/env bash
# What a tiny app pays at build time for its CLI stack: flash against argh
# (sync) and against clap + tokio + tracing-subscriber written by hand (async).
#
# Five apps in benches/build-weight/, each a standalone crate (own [workspace],
# own Cargo.lock), all doing one job: `prog copy FROM TO [-l|--loud]` prints
# `copy FROM -> TO (loud)`.
#   argh                one subcommand, argh derive
#   clap                the same, clap 4 derive
#   flash-sync          the same, flash with default-features = false
#   clap-tokio-tracing  clap derive + #[tokio::main] (multi-thread) + tracing
#                       fmt subscriber on stderr + Ctrl-C via tokio::signal
#   flash-async         one #[flash::cmd(run_async)] command, default features
#
# Figures, per app:
#   crates   distinct `Compiling` lines of a cold debug `cargo build` (fresh
#            empty target dir), the app itself included
#   time     wall time of that cold build: median, min, max of RUNS builds; the
#            builds alternate between the apps (round-robin, start rotated each
#            round) so machine drift hits all apps alike; the registry is
#            fetched first, untimed, and builds run --offline
#   deps     from `cargo tree -e normal,build` (the host's tree, no dev-deps):
#            tokio, tracing-subscriber, rayon, crypto crates, `cc` (= builds C code)
#
# Usage: benches/build-weight.sh [RUNS]   (RUNS defaults to 3; not run in CI)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$here/build-weight"
apps=(argh clap flash-sync clap-tokio-tracing flash-async)
runs="${1:-3}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }
crypto_re='argon2|chacha20poly1305|chacha20|poly1305|aead|cipher|aes|aes-gcm|blake2|blake3|sha1|sha2|sha3|md-5|hmac|pbkdf2|scrypt|ring|aws-lc-rs|openssl'

# Every build goes to a temp dir removed on any exit, so no cold target dir
# (tens to hundreds of MB each) is left behind, even on failure or Ctrl-C.
work="$(mktemp -d "${TMPDIR:-/tmp}/build-weight.XXXXXX")"
trap 'rm -rf "$work"' EXIT

manifest() { echo "$dir/$1/Cargo.toml"; }

echo "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) cores"
echo "$(rustc --version); $(cargo --version)"
echo "runs: $runs cold debug builds per app, round-robin"
echo

# Download first, untimed: the timed builds must measure compiling only.
for a in "${apps[@]}"; do
    cargo fetch --quiet --manifest-path "$(manifest "$a")"
done

# Dependency facts from the resolved tree ($names: crate names, one per line).
has() { grep -qx "$1" <<<"$names" && echo yes || echo no; }
declare -A tokio tsub rayon crypto cc
for a in "${apps[@]}"; do
    names="$(cargo tree --offline --quiet -e normal,build --prefix none --format '{p}' \
        --manifest-path "$(manifest "$a")" | awk '{print $1}' | sort -u)"
    tokio[$a]="$(has tokio)"
    tsub[$a]="$(has tracing-subscriber)"
    rayon[$a]="$(has rayon)"
    cc[$a]="$(has cc)"
    crypto[$a]="$({ grep -xE "$crypto_re" <<<"$names" || true; } | paste -sd, -)"
    crypto[$a]="${crypto[$a]:-no}"
done

# Timed cold builds. The crate count comes from the same builds; it must not
# change between runs, or the tree is not what we think it is.
declare -A times crates
for ((r = 0; r < runs; r++)); do
    for ((i = 0; i < ${#apps[@]}; i++)); do
        a="${apps[(i + r) % ${#apps[@]}]}"
        target="$work/target-$a"
        log="$work/$a.log"
        rm -rf "$target"
        start="$EPOCHREALTIME"
        if ! cargo build --offline --manifest-path "$(manifest "$a")" --target-dir "$target" 2>"$log"; then
            tail -n 30 "$log" >&2
            echo "$a: cargo build failed" >&2
            exit 1
        fi
        end="$EPOCHREALTIME"
        times[$a]+="$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') "
        n="$(sed -n 's/^ *Compiling \([^ ]* [^ ]*\).*/\1/p' "$log" | sort -u | wc -l)"
        if [ -n "${crates[$a]:-}" ] && [ "${crates[$a]}" != "$n" ]; then
            echo "$a: $n crates compiled, ${crates[$a]} in an earlier run" >&2
            exit 1
        fi
        crates[$a]="$n"
        # Every app must do the same job, or comparing them means nothing.
        out="$("$target/debug/bw-$a" copy a b -l)"
        [ "$out" = "copy a -> b (loud)" ] || { echo "$a printed '$out'" >&2; exit 1; }
        rm -rf "$target"
    done
done

# "median min max" of the space-separated seconds in $1.
stats() {
    tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f %.1f %.1f", m, v[1], v[NR] }'
}
declare -A med
printf '%-19s %6s %7s %6s %6s  %-5s %-11s %-5s %-3s %s\n' app crates median min max tokio tracing-sub rayon C crypto
for a in "${apps[@]}"; do
    read -r m lo hi <<<"$(stats "${times[$a]}")"
    med[$a]="$m"
    printf '%-19s %6d %6ss %5ss %5ss  %-5s %-11s %-5s %-3s %s\n' "$a" "${crates[$a]}" "$m" "$lo" "$hi" \
        "${tokio[$a]}" "${tsub[$a]}" "${rayon[$a]}" "${cc[$a]}" "${crypto[$a]}"
done
echo "crates = distinct 'Compiling' lines of a cold debug cargo build, the app itself included"
echo "time = wall seconds of that build (median, min, max of $runs); C = 'cc' in cargo tree -e normal,build"
echo

ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2fx", x / y }'; }
echo "flash-sync / argh:                crates $(ratio "${crates[flash-sync]}" "${crates[argh]}"), time $(ratio "${med[flash-sync]}" "${med[argh]}")"
echo "flash-async / clap-tokio-tracing: crates $(ratio "${crates[flash-async]}" "${crates[clap-tokio-tracing]}"), time $(ratio "${med[flash-async]}" "${med[clap-tokio-tracing]}")"
echo

# Goals: print each as within/OVER; the script reports, it does not fail.
over=0
goal() {
    local verdict=within
    if ! eval "$2"; then verdict=OVER; over=$((over + 1)); fi
    printf '  %-6s %s\n' "$verdict" "$1"
}
le() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x <= y) }'; }
echo "goals:"
goal "flash-sync crates <= argh's (${crates[flash-sync]} vs ${crates[argh]})" \
    '[ "${crates[flash-sync]}" -le "${crates[argh]}" ]'
goal "flash-sync has no tokio, tracing-subscriber, crypto or C" \
    '[ "${tokio[flash-sync]}${tsub[flash-sync]}${crypto[flash-sync]}${cc[flash-sync]}" = nononono ]'
goal "flash-async crates <= clap-tokio-tracing's (${crates[flash-async]} vs ${crates[clap-tokio-tracing]})" \
    '[ "${crates[flash-async]}" -le "${crates[clap-tokio-tracing]}" ]'
goal "flash-async has no C" '[ "${cc[flash-async]}" = no ]'
goal "flash-sync median build time <= argh's (${med[flash-sync]}s vs ${med[argh]}s)" \
    'le "${med[flash-sync]}" "${med[argh]}"'
goal "flash-async median build time <= clap-tokio-tracing's (${med[flash-async]}s vs ${med[clap-tokio-tracing]}s)" \
    'le "${med[flash-async]}" "${med[clap-tokio-tracing]}"'
echo "$over of 6 goals OVER"
