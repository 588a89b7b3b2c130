#!/usr/bin/env bash
# Fuzz the YAML/options path and the restart reader with libFuzzer (clang) for a fixed budget.
#   tests/fuzz/fuzz.sh [SECONDS_PER_TARGET]      (default 300: ten minutes for both targets)
#   MCKEAN_FUZZ_DIR=dir tests/fuzz/fuzz.sh       (default: build-fuzz next to build)
#
# Builds libmckean with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's coverage
# (clang through mpicc, OMPI_CC=clang) in $MCKEAN_FUZZ_DIR/lib, links the two targets of this
# directory against it, and runs each for the budget in libFuzzer's fork mode, which keeps going
# after a finding:
#   fuzz_options  -- decks (YAML, or a plain options string) through the option readers of the
#                    run (its output paths fixed), particles, Langevin, grid and ensemble, and the unused-option
#                    check; seeds: every deck in inputs/;
#   fuzz_restart  -- checkpoint files through the restart path of mckean-langevin (verification,
#                    configuration check, state read, run file continued): whole files, and a
#                    genuine checkpoint changed through HDF5 (step, configuration, particle
#                    state, time series: checksums stay right); seeds: a genuine checkpoint the
#                    target writes itself, and one change of each kind.
# Findings (crash-*, leak-*, oom-*, timeout-* inputs) are kept in $MCKEAN_FUZZ_DIR/artifacts/,
# the corpora in $MCKEAN_FUZZ_DIR/corpus/; the summary at the end says how many runs each target
# made, the coverage it reached and what it found. Needs clang and libclang-rt-14-dev
# (MCKEAN_FUZZ=1 scripts/setup.sh installs them). Not part of the test suite: it runs for minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
seconds="${1:-300}"
out="${MCKEAN_FUZZ_DIR:-$MCKEAN_ROOT/build-fuzz}"
sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
export OMPI_CC=clang

if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
     clang -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null; then
  echo "fuzz.sh: clang with libFuzzer is needed: MCKEAN_FUZZ=1 scripts/setup.sh installs clang and libclang-rt-14-dev" >&2
  exit 1
fi
rm -rf "$out/run"
mkdir -p "$out"/{artifacts,corpus,run}/{options,restart}
log="$out/build.log"
echo "fuzz.sh: building libmckean with sanitizers and coverage in $out/lib (log: $log)"
if ! { cmake -S "$MCKEAN_ROOT" -B "$out/lib" -DCMAKE_C_COMPILER=mpicc -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DMCKEAN_NATIVE=OFF -DMCKEAN_BUILD_TESTS=OFF -DMCKEAN_BUILD_BENCH=OFF \
         -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link $sanitize" &&
       cmake --build "$out/lib" -j2 --target mckean; } > "$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
flags="$(pkg-config --cflags PETSc hdf5-openmpi) -I$MCKEAN_ROOT/include -I$out/lib/include"
libs="-L$out/lib/src -lmckean -Wl,-rpath,$out/lib/src $(pkg-config --libs PETSc hdf5-openmpi)"
for t in options restart; do
  # shellcheck disable=SC2086
  mpicc -g -O1 -fsanitize=fuzzer $sanitize $flags "$MCKEAN_ROOT/tests/fuzz/fuzz_$t.c" $libs -o "$out/fuzz_$t" >> "$log" 2>&1
done

# Open MPI keeps memory to its exit (LeakSanitizer would report it): leaks are not looked for.
export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1"

# seeds
cp "$MCKEAN_ROOT"/inputs/*.yaml "$MCKEAN_ROOT/tests/slurm/small.yaml" "$out/corpus/options/"
printf -- '-particles_n 100 -lgv_dt 0.01 -lgv_drifts harmonic -seed 3\n' > "$out/corpus/options/plain"
for m in 0 1 2 3 4; do  # the changes of a genuine checkpoint (fuzz_restart.c): one seed each
  printf "\\x01\\x0$m\\x10\\x00\\x02\\x00-particles_n 64 and more" > "$out/corpus/restart/change$m"
done
if ! (cd "$out/run/restart" && MCK_FUZZ_SEED="$out/corpus/restart/seed.chk.h5" "$out/fuzz_restart" > seed.log 2>&1); then
  cat "$out/run/restart/seed.log" >&2
  exit 1
fi
for t in options restart; do
  echo "fuzz.sh: fuzzing $t for $seconds s (corpus: $out/corpus/$t, findings: $out/artifacts/$t)"
  (cd "$out/run/$t" && rm -f fuzz-*.log &&
   "$out/fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -malloc_limit_mb=4096 \
     -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 -print_final_stats=1 \
     -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" > "$out/fuzz_$t.log" 2>&1) || true
done

echo "fuzz.sh: summary (budget $seconds s per target; logs $out/fuzz_*.log)"
for t in options restart; do
  stats="$(grep -E '^#[0-9]+: cov: ' "$out/fuzz_$t.log" | tail -1 || true)"
  findings=$(find "$out/artifacts/$t" -type f | wc -l)
  echo "  $t: ${stats:-no statistics (see the log)}; findings: $findings"
  find "$out/artifacts/$t" -type f -printf '    %f\n' | sort | head -20
done
grep -h "SUMMARY: " "$out"/run/*/fuzz-*.log 2>/dev/null | sort | uniq -c | sort -rn | head -20 || true
