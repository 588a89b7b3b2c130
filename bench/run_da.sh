#!/usr/bin/env bash
# The data-assimilation benchmarks (bench-da and the mckean-da process), 1 and 2 ranks in one go:
#   forecast  member forecasts against the bare C RK4 loop (Lorenz-96, Lorenz-63; 1 rank)
#   cycle     mckean-da's cycle split by the library's log events (forecast, failure check,
#             layout transfer, observations, analysis, output, other) for ETKF J = 24, EnKF
#             J = 40, LETKF J = 7 on the standard Lorenz-96 case, and LETKF J = 7 at n = BIG_N
#   process   the whole mckean-da process on the standard deck (inputs/da.yaml, CYCLES_APP
#             cycles), 1 and 2 ranks alternating, REPS rounds: wall seconds from start to exit

#
#   bench/run_da.sh                                          all parts
#   PARTS=process REPS=5 bench/run_da.sh
#   PARTS="cycle process" CYCLES=20 BIG_N=1000 BIG_CYCLES=2 CYCLES_APP=50 REPS=1 bench/run_da.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build).
# Output: one JSON object per line (prefix "json: "). Numbers on a shared machine are noisy:
# compare the 1- and 2-rank lines of one run, and mind the load printed beside them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
PARTS=${PARTS:-"forecast cycle process"}
CYCLES=${CYCLES:-2000}
BIG_N=${BIG_N:-1000000}
BIG_CYCLES=${BIG_CYCLES:-3}
CYCLES_APP=${CYCLES_APP:-2000}
REPS=${REPS:-3}
BENCH="$MCKEAN_BUILD/bench/bench-da"
APP="$MCKEAN_BUILD/apps/mckean-da"
for x in "$BENCH" "$APP"; do [ -x "$x" ] || { echo "run_da: $x not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }; done
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PY=/usr/bin/python3

echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for part in $PARTS; do
  case $part in
    forecast) mpiexec -n 1 "$BENCH" -bench_part forecast -bench_nsteps 1,10 | sed 's/^{/json: {/' ;;
    cycle)
      for np in 1 2; do
        mpiexec -n $np "$BENCH" -bench_part cycle -bench_cycles "$CYCLES" -bench_big_n "$BIG_N" \
          -bench_big_cycles "$BIG_CYCLES" -bench_output "$WORK/cycle.h5" | grep '^{' | sed 's/^{/json: {/'
        echo "# load after $np rank(s): $(cut -d' ' -f1-3 /proc/loadavg)"
      done ;;
    process)
      for rep in $(seq "$REPS"); do
        for np in 1 2; do
          t0=$("$PY" -c 'import time; print(time.time())')
          mpiexec -n $np "$APP" -options_file_yaml "$HERE/../inputs/da.yaml" -progress_interval 0 \
            -da_cycles "$CYCLES_APP" -da_burnin $((CYCLES_APP / 10)) -output "$WORK/p.h5" > "$WORK/p.out" 2>&1
          "$PY" - "$t0" "$np" "$rep" "$WORK/p.h5" "$CYCLES_APP" << 'PYEOF'
import json, sys, time, h5py
t0, np_, rep, path, cycles = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
wall = time.time() - t0
with h5py.File(path, "r") as f:
    done = int(f["/ensemble"].attrs["cycle"])
load = open("/proc/loadavg").read().split()[0]
print("json: " + json.dumps({"bench": "da_process", "ranks": np_, "rep": rep, "cycles": cycles,
                             "cycles_done": done, "process_s": round(wall, 3),
                             "load": float(load)}))
PYEOF
        done
      done ;;
    *) echo "run_da: unknown part $part" >&2; exit 1 ;;
  esac
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
