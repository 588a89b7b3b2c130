#!/usr/bin/env bash
# The main job on its default input: 2 ranks, run file in results/, and a plot.
#   scripts/run.sh [extra options for the app]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$MCKEAN_ROOT/scripts/setup.sh"

mkdir -p "$MCKEAN_ROOT/results"
cd "$MCKEAN_ROOT"
mpiexec -n 2 "$MCKEAN_BUILD/apps/mckean-langevin" -options_file_yaml inputs/langevin.yaml \
        -output results/langevin.h5 "$@"
"$(mckean_python)" scripts/plot_langevin.py results/langevin.h5 results/langevin.png
