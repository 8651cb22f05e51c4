#!/usr/bin/env bash
# Runs flash's fuzz targets for a fixed number of executions each, on all
# cores, and prints what libFuzzer counted. Installs cargo-fuzz when it is
# missing; needs a nightly toolchain (`rustup toolchain install nightly`).
#
#   fuzz/run.sh                      # every target, 10 million runs each
#   RUNS=100000 fuzz/run.sh decrypt  # one target, fewer runs
#
# Environment:
#   RUNS        executions per target, split evenly over the jobs (10000000)
#   JOBS        parallel fuzzing processes (the number of cores)
#   SANITIZER   address | none; default per target, see below
#   TARGET_DIR  cargo's target directory (fuzz/target)
#
# New corpus entries go to fuzz/work/<target> (not in git), logs to
# fuzz/logs/<target>/job-N.log, crashes to fuzz/artifacts/<target>/.
# The seeds in fuzz/corpus/<target> are read, never written.
set -euo pipefail
cd "$(dirname "$0")"

RUNS=${RUNS:-10000000}
JOBS=${JOBS:-$(nproc)}
TARGET_DIR=${TARGET_DIR:-target}
TRIPLE=$(rustc +nightly -vV | sed -n 's/^host: //p')

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "run.sh: no nightly toolchain; install one with 'rustup toolchain install nightly'" >&2
    exit 1
fi
if ! command -v cargo-fuzz >/dev/null; then
    cargo install cargo-fuzz --locked
fi

# Per-target libFuzzer options. The argv target runs under AddressSanitizer
# (cheap there). The decrypt target runs without: flash allocates three
# 1 MiB batch buffers per decryption, which ASan's allocator fills and
# poisons, a 3x slowdown for a path with no unsafe code of flash's own.
# Inputs: argv lines stay short; a file needs 131 KiB to hold 3 chunks.
options() {
    case $1 in
        parse_argv) echo "address -max_len=2048 -dict=dicts/parse_argv.dict" ;;
        decrypt) echo "none -max_len=140000 -dict=dicts/decrypt.dict" ;;
        *) echo "run.sh: unknown target $1" >&2; exit 2 ;;
    esac
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_argv decrypt)

failed=0
for target in "${targets[@]}"; do
    read -r sanitizer flags <<<"$(options "$target")"
    sanitizer=${SANITIZER:-$sanitizer}
    # Debug assertions on: integer overflow is a finding too.
    cargo +nightly fuzz build -a -s "$sanitizer" --target-dir "$TARGET_DIR" "$target"
    bin="$TARGET_DIR/$TRIPLE/release/$target"
    mkdir -p "work/$target" "logs/$target" "artifacts/$target" "regressions/$target"
    rm -f "logs/$target"/job-*.log
    per_job=$(( (RUNS + JOBS - 1) / JOBS ))
    echo "== $target: $JOBS jobs x $per_job runs, sanitizer $sanitizer"
    start=$(date +%s)
    pids=()
    for job in $(seq 1 "$JOBS"); do
        # shellcheck disable=SC2086 # $flags is a list of options
        "$bin" "work/$target" "corpus/$target" "regressions/$target" \
            -runs="$per_job" -seed="$job" $flags \
            -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=64 \
            -print_final_stats=1 -artifact_prefix="artifacts/$target/" \
            >"logs/$target/job-$job.log" 2>&1 &
        pids+=($!)
    done
    status=0
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    wall=$(( $(date +%s) - start ))
    execs=$(cat "logs/$target"/job-*.log | sed -n 's/^stat::number_of_executed_units: *//p' |
        awk '{s += $1} END {print s + 0}')
    slowest=$(cat "logs/$target"/job-*.log | sed -n 's/^stat::slowest_unit_time_sec: *//p' |
        sort -n | tail -1)
    peak=$(cat "logs/$target"/job-*.log | sed -n 's/^stat::peak_rss_mb: *//p' | sort -n | tail -1)
    # Coverage of everything found, measured once over the merged corpus.
    coverage=$("$bin" "work/$target" "corpus/$target" "regressions/$target" -runs=0 $flags 2>&1 |
        grep -o 'INITED cov: [0-9]* ft: [0-9]*' | tail -1 || true)
    echo "$target: $execs executions in ${wall}s ($(( execs / (wall > 0 ? wall : 1) )) exec/s)," \
        "${coverage#INITED }, corpus $(ls "work/$target" | wc -l) new + $(ls "corpus/$target" | wc -l) seeds," \
        "slowest input ${slowest:-?}s, peak RSS ${peak:-?} MB"
    if [ "$status" -ne 0 ] || grep -lq '^==[0-9]*== ERROR\|panicked at' "logs/$target"/job-*.log; then
        echo "$target: FAILED; see logs/$target/ and artifacts/$target/" >&2
        grep -h 'panicked at\|ERROR\|Test unit written' "logs/$target"/job-*.log >&2 || true
        failed=1
    fi
done
exit "$failed"
