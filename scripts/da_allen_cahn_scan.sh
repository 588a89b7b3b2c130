#!/usr/bin/env bash
# Inflation and localisation radius of the 2D Allen-Cahn deck (inputs/da_allen_cahn.yaml: LETKF,
# J = 16, 121 interpolated observations every 4 steps, 100 cycles, burn-in 30): mean analysis RMSE
# and spread over cycles 31-100 for each inflation factor of RHOS and Gaspari-Cohn half-width of
# RADII, one line per (seed, radius). Results: docs/ensemble.md.
#   scripts/da_allen_cahn_scan.sh
#   SEEDS="1 2" RHOS="1.00 1.05" RADII="3 4" scripts/da_allen_cahn_scan.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/env.sh"
APP=${APP:-"$MCKEAN_BUILD/apps/mckean-da"}
RHOS=${RHOS:-"1.00 1.02 1.04 1.06 1.08 1.10"}
RADII=${RADII:-"2 3 4 5 6"}
SEEDS=${SEEDS:-"2026 2027 2028"}
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
summary() { /usr/bin/python3 -c "import h5py,sys; a = h5py.File(sys.argv[1])['/ensemble'].attrs; print('%.4f/%.4f' % (a['mean_rmse_analysis'], a['mean_spread_analysis']))" "$1"; }
echo "# rmse/spread over cycles 31-100; load $(cut -d' ' -f1-3 /proc/loadavg)"
for seed in $SEEDS; do
  for radius in $RADII; do
    line="seed=$seed radius=$radius"
    for rho in $RHOS; do
      if mpiexec -n 1 "$APP" -options_file_yaml "$HERE/../inputs/da_allen_cahn.yaml" -progress_interval 0 -ens_inflation "$rho" -ens_loc_radius "$radius" -seed "$seed" -output "$D/o.h5" > /dev/null 2>&1; then
        line="$line rho=$rho:$(summary "$D/o.h5")"
      else line="$line rho=$rho:diverged"; fi
    done
    echo "$line"
  done
done
