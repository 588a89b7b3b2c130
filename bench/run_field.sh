#!/usr/bin/env bash
# The field benchmarks (bench-field), in one go:
#   spectral  one Allen-Cahn step against the bare FFTW transforms it needs (2 forward + 1
#             backward), alternately in one run, on 256^2 and 128^3 (1 rank), ROUNDS times
#   fp        seconds per Fokker-Planck TS step (2D 128^2, cosine kernel) on 1 and 2 ranks,
#             alternately, ROUNDS times; the best of each and the speed-up
#
#   bench/run_field.sh
#   ROUNDS=5 FP_N=256 bench/run_field.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build).
# Output: one JSON object per line (prefix "json: "), then a summary.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
ROUNDS=${ROUNDS:-3}
FP_N=${FP_N:-128}
BENCH="$MCKEAN_BUILD/bench/bench-field"
[ -x "$BENCH" ] || { echo "run_field: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  mpiexec -n 1 "$BENCH" -bench_parts spectral | tee -a "$WORK/spectral.json" | sed 's/^/json: /'
  for P in 1 2; do
    mpiexec -n "$P" "$BENCH" -bench_parts fp -bench_fp_n "$FP_N" | tee -a "$WORK/fp.$P.json" | sed 's/^/json: /'
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
def lines(name):
    p = os.path.join(work, name)
    return [d for d in (json.loads(l) for l in open(p)) if d.get("bench") != "machine"] if os.path.exists(p) else []
sp = lines("spectral.json")
for dim in (2, 3):
    d = [x for x in sp if x["dim"] == dim]
    if d:
        print("spectral %dD n=%d: step/bare ratio, medians %s; of minima %s (target <= 1.25)" % (
            dim, d[0]["n"], ", ".join("%.3f" % x["ratio_median"] for x in d), ", ".join("%.3f" % x["ratio_min"] for x in d)))
f1, f2 = lines("fp.1.json"), lines("fp.2.json")
if f1 and f2:
    a, b = min(x["seconds_per_step"] for x in f1), min(x["seconds_per_step"] for x in f2)
    print("fokker_planck 2D n=%d: best s/step 1 rank %.4g, 2 ranks %.4g, speed-up %.2f; Krylov its/step %.1f" % (f1[0]["n"], a, b, a / b, f1[0]["krylov_iterations_per_step"]))
PY
