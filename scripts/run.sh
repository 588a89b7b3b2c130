#!/usr/bin/env bash
# The main job on its default input: the coupled twin experiment (docs/twin.md) on 2 ranks,
# its run file, XDMF sidecar and plot in results/.
#   scripts/run.sh [extra options for mckean-twin]
# Set-up (scripts/setup.sh) says one line per stage and keeps its full log in build/setup.log.
# MCKEAN_NO_SETUP=1 skips it and runs the build in $MCKEAN_BUILD as it is (the tests do, so as not
# to rebuild the tree under a running ctest).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ "${MCKEAN_NO_SETUP:-0}" = 1 ] || "$MCKEAN_ROOT/scripts/setup.sh"

mkdir -p "$MCKEAN_ROOT/results"
cd "$MCKEAN_ROOT"
# an -output among the extra options replaces results/twin.h5: plot that file, not an earlier run's
out="$(mckean_output_arg results/twin.h5 "$@")"
echo "mckean: running mckean-twin on 2 ranks (inputs/default.yaml -> $out)"
mckean_mpiexec 2 "$MCKEAN_BUILD/apps/mckean-twin" -options_file_yaml inputs/default.yaml -output results/twin.h5 "$@"
echo "mckean: plotting ${out%.h5}.png"
"$(mckean_python)" scripts/plot_twin.py "$out" "${out%.h5}.png"
