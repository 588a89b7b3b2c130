#!/usr/bin/env bash
# The whole test suite: unit, MPI (1-4 ranks), validation, CLI and install tests, through ctest.
#   scripts/test.sh [ctest options, e.g. -L unit or -R langevin]
# Set-up (scripts/setup.sh) says one line per stage and keeps its full log in build/setup.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$MCKEAN_ROOT/scripts/setup.sh"
cd "$MCKEAN_BUILD"
echo "mckean: running the tests (ctest -j2 $*)"
ctest --output-on-failure -j2 "$@"
