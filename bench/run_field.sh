#!/usr/bin/env bash
# The field benchmarks (bench-field), in one go:
#   spectral  phase-field steps against the bare FFTW transforms a step needs, in alternating
#             blocks in one run: Allen-Cahn (1 forward + 1 backward) on 256^2 and 128^3,
#             Cahn-Hilliard (2 forward + 1 backward) on 256^2 (1 rank), ROUNDS times; also the
#             step that fills the work array from u again (as after a diagnostic)
#   fp        seconds per Fokker-Planck TS step (2D, cosine kernel) on 1 and 2 ranks,
#             alternately, ROUNDS times, at FP_N (one size or a comma-separated list), with each
#             of the grid's 2D transposes in TRANSPOSES (default "alltoallv fftw": the grid's own
#             and FFTW-MPI's plans, side by side); the best of each, the speed-up, and the step's
#             phases, reductions, messages and transposes
#   fft       FFTW-MPI's 2D transforms at FFT_N (default 256) on 1 and 2 ranks, alternately, the
#             same transforms from FFTW's pieces (rows, global transpose, spectrum rows) with
#             one MPI exchange of the transpose's bytes, and the grid's own transforms (grid_*):
#             the speed-up of each
#
#   bench/run_field.sh
#   ROUNDS=5 FP_N=128,256 bench/run_field.sh
#   CLOCK=cpu PARTS=spectral bench/run_field.sh     (thread CPU time: a loaded machine)
#   ROUNDS=6 PARTS=fft bench/run_field.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build).
# Output: one JSON object per line (prefix "json: "), then a summary.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
ROUNDS=${ROUNDS:-3}
FP_N=${FP_N:-128}
TRANSPOSES=${TRANSPOSES:-alltoallv fftw}
FFT_N=${FFT_N:-256}
CLOCK=${CLOCK:-wall} # the spectral part's clock (fp: wall)
PARTS=${PARTS:-spectral,fp,fft}
case "$CLOCK" in wall) CLOCKOPT=() ;; cpu) CLOCKOPT=(-bench_cpu_time) ;; *) echo "run_field: CLOCK=$CLOCK: allowed wall, cpu" >&2; exit 1 ;; esac
BENCH="$MCKEAN_BUILD/bench/bench-field"
[ -x "$BENCH" ] || { echo "run_field: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  if [[ ",$PARTS," == *,spectral,* ]]; then
    mpiexec -n 1 "$BENCH" -bench_parts spectral "${CLOCKOPT[@]}" | tee -a "$WORK/spectral.json" | sed 's/^/json: /'
  fi
  if [[ ",$PARTS," == *,fp,* ]]; then
    for N in ${FP_N//,/ }; do
      for T in $TRANSPOSES; do
        for P in 1 2; do
          mpiexec -n "$P" "$BENCH" -bench_parts fp -bench_fp_n "$N" -grid_transpose "$T" | tee -a "$WORK/fp.$P.json" |
            sed 's/^/json: /'
        done
      done
    done
  fi
  if [[ ",$PARTS," == *,fft,* ]]; then
    for P in 1 2; do
      mpiexec -n "$P" "$BENCH" -bench_parts fft -bench_fft_n "$FFT_N" | tee -a "$WORK/fft.$P.json" | sed 's/^/json: /'
    done
  fi
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
def lines(name):
    p = os.path.join(work, name)
    return [d for d in (json.loads(l) for l in open(p)) if d.get("bench") != "machine"] if os.path.exists(p) else []
sp = lines("spectral.json")
for typ, dim in (("allen_cahn", 2), ("allen_cahn", 3), ("cahn_hilliard", 2)):
    d = [x for x in sp if x["type"] == typ and x["dim"] == dim]
    if d:
        print("spectral %s %dD n=%d (%s clock): step / bare (%d fwd + 1 bwd), medians %s; of minima %s "
              "(target <= %.2f); the step filling from u: medians %s" % (
            typ, dim, d[0]["n"], d[0]["clock"], d[0]["bare_forward"], ", ".join("%.3f" % x["ratio_median"] for x in d),
            ", ".join("%.3f" % x["ratio_min"] for x in d), d[0]["target"],
            ", ".join("%.3f" % x["refill_ratio_median"] for x in d)))
f1, f2 = lines("fp.1.json"), lines("fp.2.json")
for n, t in sorted({(x["n"], x["grid_transpose"]) for x in f1}):
    a1 = [x for x in f1 if x["n"] == n and x["grid_transpose"] == t]
    a2 = [x for x in f2 if x["n"] == n and x["grid_transpose"] == t]
    if a1 and a2:
        a, b = min(x["seconds_per_step"] for x in a1), min(x["seconds_per_step"] for x in a2)
        print("fokker_planck 2D n=%d, %s transposes: best s/step 1 rank %.4g, 2 ranks %.4g, speed-up %.2f (target >= 1.7 "
              "at 256); per step: Krylov its %.1f, reductions %.1f, messages %.1f, global transposes %.1f" % (
              n, t, a, b, a / b, a2[0]["krylov_iterations_per_step"], a2[0]["petsc_reductions_per_step"],
              a2[0]["petsc_messages_per_step"], a2[0]["fftw_transposes_per_step"]))
t1, t2 = lines("fft.1.json"), lines("fft.2.json")
if t1 and t2:
    keys = [k for k in t1[0] if k.endswith("_us")]
    best = lambda rows, k: min(x[k] for x in rows)
    print("fft 2D n=%d, best medians in us, 1 rank -> 2 ranks (speed-up); pieces bitwise the whole transforms: %s" % (
        t1[0]["n"], all(x["pieces_bitwise"] for x in t1 + t2)))
    for k in keys:
        print("  %-22s %9.2f -> %9.2f  (%.2f)" % (k[:-3], best(t1, k), best(t2, k), best(t1, k) / best(t2, k)))
PY
