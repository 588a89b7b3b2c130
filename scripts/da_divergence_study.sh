#!/usr/bin/env bash
# Divergence rate of the ETKF at marginal inflation on the standard Lorenz-96 case (inputs/da.yaml:
# n = 40, F = 8, dt = 0.05, every variable observed every step, R = I): J = 24 members, 11000
# cycles, one run per seed, PARALLEL runs at a time. Schemes (SCHEMES, any of):
#   fixed      -ens_inflation 1.026169 (anomalies x 1.013)
#   adaptive   -ens_adaptive_inflation (Miyoshi 2011, no hand-tuned factor; inputs/da_adaptive.yaml)
#   rtps       -ens_rtps $RTPS_ALPHA and no multiplicative inflation
# A run is divergent when its analysis RMSE averaged over the last 1000 cycles exceeds 1, the
# observation error: a filter that has lost the truth sits near the climatological error (4-5,
# spread about 0.2) while a working one sits near 0.2, so any threshold between about 0.5 and 3
# counts the same runs, and 1 says "worse than the observations alone". Beside it: whether the
# run printed the divergence warning of the innovation statistics ("probably diverging"). A
# divergent run either never settled (no 50-cycle mean of the analysis RMSE below 0.5: the filter
# failed from its initial ensemble, -da_init_spread) or lost the truth after settling.
# Output: one line per run, then one summary line per scheme. Results: docs/ensemble.md.
#   scripts/da_divergence_study.sh                                  fixed and adaptive, seeds 2001-2040
#   SCHEMES="rtps" RTPS_ALPHA=0.5 SEEDS="$(seq 2001 2010)" scripts/da_divergence_study.sh
#   INIT_SPREAD=0.2 SCHEMES=fixed scripts/da_divergence_study.sh     a narrower initial ensemble
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/env.sh"
APP="$MCKEAN_BUILD/apps/mckean-da"
[ -x "$APP" ] || { echo "da_divergence_study: $APP not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
SCHEMES=${SCHEMES:-"fixed adaptive"}
SEEDS=${SEEDS:-"$(seq 2001 2040)"}
J=${J:-24}
CYCLES=${CYCLES:-11000}
LAST=${LAST:-1000}
PARALLEL=${PARALLEL:-2}
RHO=${RHO:-1.026169}
RTPS_ALPHA=${RTPS_ALPHA:-0.5}
INIT_SPREAD=${INIT_SPREAD:-1}
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

scheme_args() {
  case $1 in
    fixed) echo "-options_file_yaml $HERE/../inputs/da.yaml -ens_inflation $RHO" ;;
    adaptive) echo "-options_file_yaml $HERE/../inputs/da_adaptive.yaml" ;;
    rtps) echo "-options_file_yaml $HERE/../inputs/da.yaml -ens_inflation 1 -ens_rtps $RTPS_ALPHA" ;;
    *) echo "da_divergence_study: unknown scheme $1 (fixed, adaptive, rtps)" >&2; return 1 ;;
  esac
}

# one run: scheme seed (its output file and its printed text under $D)
one() {
  local args
  args=$(scheme_args "$1")
  # shellcheck disable=SC2086
  mpiexec -n 1 "$APP" $args -progress_interval 0 -ens_size "$J" -da_cycles "$CYCLES" -da_burnin 0 \
    -da_init_spread "$INIT_SPREAD" \
    -seed "$2" -output "$D/$1-$2.h5" > "$D/$1-$2.log" 2>&1 || echo "run failed: $1 seed $2" >> "$D/$1-$2.log"
}
export -f one scheme_args
export APP HERE J CYCLES RHO RTPS_ALPHA INIT_SPREAD D

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# ETKF J = $J, $CYCLES cycles, -da_init_spread $INIT_SPREAD, divergent: mean analysis RMSE over the last $LAST cycles > 1"
for scheme in $SCHEMES; do
  scheme_args "$scheme" > /dev/null
  start=$(date +%s)
  printf '%s\n' $SEEDS | xargs -P "$PARALLEL" -I{} bash -c 'one "$0" "$1"' "$scheme" {}
  /usr/bin/python3 - "$D" "$scheme" "$LAST" "$(($(date +%s) - start))" $SEEDS << 'EOF'
import sys, h5py, numpy as np
d, scheme, last, secs, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
ndiv = nwarn_div = nwarn_good = nfail = nlost = 0
good = []
for seed in seeds:
    text = open("%s/%s-%s.log" % (d, scheme, seed)).read()
    warned = "probably diverging" in text
    if "run failed" in text:
        nfail += 1
        print("%s seed %s: run failed: %s" % (scheme, seed, text.strip().splitlines()[-2:]))
        continue
    with h5py.File("%s/%s-%s.h5" % (d, scheme, seed), "r") as f:
        ds = f["/timeseries/da"]
        cols = ds.attrs["columns"]
        names = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
        s = ds[...]
    rmse = s[-last:, names.index("rmse_analysis")].mean()
    spread = s[-last:, names.index("spread_analysis")].mean()
    div = rmse > 1.0
    r = s[:, names.index("rmse_analysis")]
    settled = (np.convolve(r, np.ones(50) / 50, mode="valid") < 0.5).any()  # some 50-cycle mean below 0.5
    lost = div and settled
    ndiv += div
    nlost += lost
    nwarn_div += div and warned
    nwarn_good += (not div) and warned
    if not div:
        good.append(rmse)
    print("%s seed %s: rmse_last %.4f spread_last %.4f %s%s" % (scheme, seed, rmse, spread,
          "DIVERGED" + (" after settling" if lost else " never settled") if div else "ok",
          " warned" if warned else ""))
ok = len(seeds) - nfail
print("summary %s: runs %d divergent %d (never settled %d, lost after settling %d; warned %d), good %d (warned %d), "
      "failed %d, good mean RMSE %.4f, %s s" % (scheme, ok, ndiv, ndiv - nlost, nlost, nwarn_div, ok - ndiv, nwarn_good,
                                               nfail, np.mean(good) if good else float("nan"), secs))
EOF
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
