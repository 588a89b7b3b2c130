#!/usr/bin/env bash
# Adaptive inflation against hand-tuned multiplicative inflation on the standard Lorenz-96 case
# (inputs/da.yaml: n = 40, F = 8, dt = 0.05, every variable observed each step, R = I): mean
# analysis RMSE after burn-in for each ensemble size J, each fixed rho of RHOS and the adaptive
# scheme (inputs/da_adaptive.yaml), one seed per line, with the analysis ANALYSIS (etkf, or
# letkf with the Gaspari-Cohn half-width RADIUS: below J = 14 the global ETKF diverges for every
# factor, fewer members than unstable directions). Results: docs/ensemble.md.
#   scripts/da_inflation_sweep.sh                                    ETKF, J = 10 20 40, 3000 cycles
#   ANALYSIS=letkf RADIUS=3 JS=10 scripts/da_inflation_sweep.sh      the LETKF table at J = 10
#   JS="20" CYCLES=10000 SEEDS="1 2 3" scripts/da_inflation_sweep.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/env.sh"
APP="$MCKEAN_BUILD/apps/mckean-da"
JS=${JS:-"10 20 40"}
RHOS=${RHOS:-"1.02 1.04 1.06 1.08 1.10 1.13 1.16 1.20"}
CYCLES=${CYCLES:-3000}
SEEDS=${SEEDS:-"2026"}
ANALYSIS=${ANALYSIS:-etkf}
RADIUS=${RADIUS:-3}
case $ANALYSIS in
  etkf) TYPE=(-ens_analysis etkf) ;;
  letkf) TYPE=(-ens_analysis letkf -ens_loc_radius "$RADIUS") ;;
  *) echo "da_inflation_sweep: ANALYSIS=$ANALYSIS: choose etkf or letkf" >&2; exit 1 ;;
esac
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
rmse() { /usr/bin/python3 -c "import h5py,sys; print('%.4f' % h5py.File(sys.argv[1])['/ensemble'].attrs['mean_rmse_analysis'])" "$1"; }
echo "# ${TYPE[*]}, $CYCLES cycles, burn-in 500; load $(cut -d' ' -f1-3 /proc/loadavg)"
for J in $JS; do
  for seed in $SEEDS; do
    line="J=$J seed=$seed"
    for rho in $RHOS; do
      if mpiexec -n 1 "$APP" -options_file_yaml "$HERE/../inputs/da.yaml" "${TYPE[@]}" -progress_interval 0 -ens_size "$J" -ens_inflation "$rho" -da_cycles "$CYCLES" -da_burnin 500 -seed "$seed" -output "$D/o.h5" > /dev/null 2>&1; then
        line="$line rho=$rho:$(rmse "$D/o.h5")"
      else line="$line rho=$rho:diverged"; fi
    done
    mpiexec -n 1 "$APP" -options_file_yaml "$HERE/../inputs/da_adaptive.yaml" "${TYPE[@]}" -progress_interval 0 -ens_size "$J" -da_cycles "$CYCLES" -da_burnin 500 -seed "$seed" -output "$D/a.h5" > /dev/null 2>&1
    echo "$line adaptive:$(rmse "$D/a.h5")"
  done
done
