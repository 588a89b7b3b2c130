#!/usr/bin/env bash
# The ensemble analysis benchmarks (bench-ensemble), side by side in one go:
#   letkf   seconds per LETKF analysis for n = 1e3 .. 1e6 (J = 10), on 1 and 2 ranks
#   size    seconds per ETKF analysis for J = 10 .. 320 (n = 1000), on 1 and 2 ranks
#   dense   LAPACK against ScaLAPACK for the J x J eigenproblem, J = 100 .. 1600, on 1 and 2 ranks
#
#   bench/run_ensemble.sh                      all parts
#   PARTS="dense" DENSE_J=100,400 bench/run_ensemble.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build).
# Output: one JSON object per line, prefixed by the part. Numbers on a shared machine are noisy:
# compare the 1- and 2-rank lines of one run, not absolute times across runs.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
PARTS=${PARTS:-"letkf size dense"}
LETKF_N=${LETKF_N:-1000,10000,100000,1000000}
SIZE_J=${SIZE_J:-10,20,40,80,160,320}
DENSE_J=${DENSE_J:-100,200,400,800,1600}
REPS=${REPS:-2}
BENCH="$MCKEAN_BUILD/bench/bench-ensemble"
[ -x "$BENCH" ] || { echo "run_ensemble: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for part in $PARTS; do
  case $part in
    letkf) args=(-bench_part letkf -bench_n "$LETKF_N" -bench_reps 1) ;;
    size) args=(-bench_part size -bench_J "$SIZE_J" -bench_reps "$REPS") ;;
    dense) args=(-bench_part dense -bench_J "$DENSE_J" -bench_fixed_n 200 -bench_reps "$REPS") ;;
    *) echo "run_ensemble: unknown part $part" >&2; exit 1 ;;
  esac
  for np in 1 2; do
    mpiexec -n $np "$BENCH" "${args[@]}" | sed "s/^/$part: /"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
