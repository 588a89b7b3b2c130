#!/usr/bin/env bash
# The gen layer's benchmarks side by side in one run (bench/bench-gen.c, bench/gen_torch.py):
#   fit       normal-equation accumulation as a fraction of the DSYRK rate of the same run,
#             1 and 2 ranks (speed-up of the fit round);
#   sample    samples per second per core of the same feature model and Heun integrator in
#             McKean (1 rank, one BLAS thread) and PyTorch (one thread), alternating rounds;
#   resample  seconds per resampling at N = 1e6 and 1e7, rows and bytes moved against the slots
#             that changed rank, 1 and 2 ranks.
#   bench/run_gen.sh                         defaults below, 2 rounds
#   N=20000 M=40000 REPS=1 bench/run_gen.sh  a quick look
# Environment: MCKEAN_BUILD (default <repo>/build). Debian's python3-torch via /usr/bin/python3.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
N=${N:-10000}
M=${M:-100000}
RFF=${RFF:-128}
NT=${NT:-8}
STEPS=${STEPS:-10}
REPS=${REPS:-2}
RESAMPLE_N=${RESAMPLE_N:-1000000,10000000}
PY=/usr/bin/python3
BENCH="$MCKEAN_BUILD/bench/bench-gen"
[ -x "$BENCH" ] || { echo "run_gen: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
"$PY" -c "import torch" 2>/dev/null || { echo "run_gen: python3-torch missing (scripts/setup.sh installs it)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores, $(grep -o -m1 -w avx512f /proc/cpuinfo || echo no avx512f)); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# workload: 2D ring, $RFF random Fourier features x $NT hats, fit on $M samples, $N samples x $STEPS Heun steps; best of $REPS alternating rounds"
for r in $(seq 1 "$REPS"); do
  echo "# round $r, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  mpiexec -n 1 "$BENCH" -bench_what fit,sample -bench_n "$N" -bench_fit_samples "$M" -bench_rff "$RFF" -bench_time_size "$NT" -bench_sample_steps "$STEPS" | tee -a "$WORK/mck1.json" | sed 's/^/json: /'
  "$PY" "$HERE/gen_torch.py" --n "$N" --rff "$RFF" --time-size "$NT" --steps "$STEPS" --reps 2 --threads 1 | tee -a "$WORK/torch.json" | sed 's/^/json: /'
  mpiexec -n 2 "$BENCH" -bench_what fit,sample -bench_n "$N" -bench_fit_samples "$M" -bench_rff "$RFF" -bench_time_size "$NT" -bench_sample_steps "$STEPS" | tee -a "$WORK/mck2.json" | sed 's/^/json: /'
done
for np in 1 2; do
  mpiexec -n "$np" "$BENCH" -bench_what resample -bench_resample_n "$RESAMPLE_N" -bench_reps 3 | tee -a "$WORK/res.json" | sed 's/^/json: /'
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$WORK" <<'PYEOF'
import json, sys
w = sys.argv[1]
rows = lambda f, b: [o for o in map(json.loads, open(f"{w}/{f}")) if o["bench"] == b]
fit1 = max(rows("mck1.json", "gen_fit"), key=lambda o: o["fraction_of_syrk"])
fit2 = min(rows("mck2.json", "gen_fit"), key=lambda o: o["seconds_round"])
fit1t = min(rows("mck1.json", "gen_fit"), key=lambda o: o["seconds_round"])
s1 = max(rows("mck1.json", "gen_sample"), key=lambda o: o["samples_per_s_per_core"])
s2 = max(rows("mck2.json", "gen_sample"), key=lambda o: o["samples_per_s_per_core"])
t = max(rows("torch.json", "gen_sample_torch"), key=lambda o: o["samples_per_s_per_core"])
print(f"fit: {fit1['features']} features, accumulation {fit1['gflops_per_rank']:.1f} GFLOP/s = {fit1['fraction_of_syrk']:.2f} of DSYRK ({fit1['syrk_gflops']:.1f} GFLOP/s, same run); "
      f"round {fit1t['seconds_round']:.2f} s on 1 rank, {fit2['seconds_round']:.2f} s on 2 (speed-up {fit1t['seconds_round'] / fit2['seconds_round']:.2f})")
print(f"sample: McKean {s1['samples_per_s_per_core']:.0f} samples/s/core (1 rank), {s2['samples_per_s_per_core']:.0f} (2 ranks); "
      f"PyTorch {t['samples_per_s_per_core']:.0f} (1 thread); ratio {s1['samples_per_s_per_core'] / t['samples_per_s_per_core']:.2f}")
for o in rows("res.json", "gen_resample"):
    print(f"resample: N = {o['n']:.0e}, {o['ranks']} rank(s): {o['seconds_best'] * 1e3:.1f} ms, rows sent {o['rows_sent']}, slots changed rank {o['slots_changed_rank']}, {o['bytes_per_changed_slot']:.1f} bytes per changed slot")
PYEOF
