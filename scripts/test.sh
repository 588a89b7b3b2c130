#!/usr/bin/env bash
# The whole test suite: unit, MPI (1-4 ranks), validation, CLI and install tests, through ctest.
#   scripts/test.sh [ctest options, e.g. -L unit or -R langevin]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$MCKEAN_ROOT/scripts/setup.sh"
cd "$MCKEAN_BUILD"
ctest --output-on-failure -j2 "$@"
