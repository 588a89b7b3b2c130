#!/bin/bash
# Propagation-of-chaos study: mckean-mv for N = 10^3 .. 10^6 particles, several seeds each;
# writes study_chaos/chaos.csv and study_chaos/chaos.png and prints the fitted slope.
#   scripts/study_chaos.sh [study_chaos.py options] [-- mckean-mv options]
# (options in scripts/study_chaos.py; defaults: 8 seeds, 1 rank, inputs/mv.yaml; the build
# directory is $MCKEAN_BUILD, default build/).
set -e
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
exec "$(mckean_python)" "$MCKEAN_ROOT/scripts/study_chaos.py" --app "$MCKEAN_BUILD/apps/mckean-mv" "$@"
