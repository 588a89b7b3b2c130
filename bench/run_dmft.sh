#!/usr/bin/env bash
# The DMFT population-solver benchmark (bench-dmft) on 1 and 2 ranks, and the speed-up.
#   bench/run_dmft.sh                                    T = 2048, M = 1e5 (minutes per rank count)
#   STEPS=512 POPULATION=4000 bench/run_dmft.sh          a quick run
# Environment: MCKEAN_BUILD (build directory, default <repo>/build).
# Output: one JSON object per rank count (prefix "json: "), then the speed-up.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
STEPS=${STEPS:-2048}
POPULATION=${POPULATION:-100000}
CHUNK=${CHUNK:-1024}
BENCH="$MCKEAN_BUILD/bench/bench-dmft"
[ -x "$BENCH" ] || { echo "run_dmft: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for np in 1 2; do
  OPENBLAS_NUM_THREADS=1 mpiexec -n $np "$BENCH" -bench_steps "$STEPS" -bench_population "$POPULATION" -bench_chunk "$CHUNK" -bench_dgemm_n "$STEPS" \
    | tee "$WORK/np$np.json" | sed 's/^/json: /'
done
/usr/bin/python3 - "$WORK/np1.json" "$WORK/np2.json" <<'PY'
import json, sys
a, b = (json.loads(open(f).read().strip().splitlines()[-1]) for f in sys.argv[1:3])
print("speed-up 1 -> 2 ranks (seconds per evaluation): %.3f / %.3f = %.2f" % (a["seconds_per_evaluation"], b["seconds_per_evaluation"], a["seconds_per_evaluation"] / b["seconds_per_evaluation"]))
for k in ("cholesky_s", "sample_gemm_s", "integrate_s", "accumulate_syrk_s", "reduce_s"):
    print("  %-18s %9.4g s  %9.4g s" % (k, a[k], b[k]))
print("sampling GEMM at %.0f%% (1 rank) and %.0f%% (2 ranks) of the DGEMM rate measured in the same run" % (100 * a["sample_fraction_of_dgemm"], 100 * b["sample_fraction_of_dgemm"]))
PY
