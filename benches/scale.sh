#!/usr/bin/env bash
# The scale benchmark of issue 16: a synthetic CLI of N commands x 8
# arguments (a positional, an optional path, a defaulted u32, a flag, a
# repeatable option, a value enum, an env option, -o), written with flash,
# clap derive and argh with equivalent help texts and the same handlers
# (benches/scale/gen.py), compared at N = 1, 10, 50, 200 in the same run.
#
# Figures, per N and framework (benches/scale/scale.py):
#   check, scratch        CPU s of `cargo check` of the app crate alone
#                         (`cargo clean -p APP` first; dependencies built)
#   check, edit in place  CPU s of `cargo check` after changing a digit in one
#                         handler's body (the middle command's; incremental, as
#                         an IDE or a developer sees it): nothing else moves
#   check, line added     the same after adding a line to that body (removed
#                         again the next round): every later item moves one
#                         line, as most real edits do, and rustc's incremental
#                         check redoes what depends on their spans
#   debug build, scratch  CPU s of `cargo build` of the app crate alone
#   release build         CPU s of one release build (reference only; "kept":
#                         clap's and argh's binaries are reused from an earlier
#                         run built from the same files with the same rustc)
#       CPU s = user+sys of cargo and every process it waited for (rustc,
#       the linker), which holds up on a shared machine far better than wall
#       time; median [min-max] of ROUNDS rounds alternating the frameworks
#       (order reversed every other round); ratios are the median of the
#       per-round ratios. Each N also says how busy other processes kept
#       the cores meanwhile.
#   stripped bytes        the release binary, benches/cli-cost.sh's profile
#                         (opt-level=3, lto, codegen-units=1, panic=abort,
#                         strip); "added" = minus noparse's, the same N
#                         handlers with argv read by a hand-written loop
#   instructions          callgrind, whole process under `env -i`, less glibc's
#                         pthread_getattr_np (as benches/cli-cost.sh, whose
#                         comments say why), for `--help`, a full run of the
#                         last command with all eight arguments given, a bad
#                         flag (`cmd<N-1> --nope`) and a misspelled command
#                         (`cmd7x`); "added" = minus noparse's same run
#
# Usage: benches/scale.sh [--update-locks]
# Knobs: N="1 10 50 200"   which sizes (`N=50 benches/scale.sh`)
#        FRAMEWORKS=flash,clap,argh   (flash-default: flash's default features)
#        ROUNDS=5          timed rounds per N; ROUNDS_LARGE for N >= 200
#        CALLGRIND=0       skip the instruction counts
#        SCALE_DIR         where the crates and binaries are generated
#                          (default benches/scale/target, out of git);
#        CARGO_TARGET_DIR  honoured (default SCALE_DIR/cargo)
# --update-locks re-resolves the crates' dependencies (otherwise --locked
# with benches/scale/locks/*.lock) and writes the locks back.
# A full run (N = 1..200, 5 rounds) takes ~30 min on a 2-core machine, plus
# ~25 min the first time for clap's release build at N = 200 (one rustc
# thread in LTO), which later runs keep.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ "${CALLGRIND:-1}" != 0 ] && ! command -v valgrind >/dev/null; then
    echo "valgrind not found: installing it with apt-get" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq valgrind >/dev/null
fi

exec python3 "$here/scale/scale.py" "$@"
