#!/usr/bin/env bash
# scripts/run.sh passes its arguments on to mckean-twin after its own -output and then plots the
# run file: it must plot the file the run wrote -- the last -output given, as PETSc keeps the last
# value -- not results/twin.h5 of an earlier run. mckean_output_arg (scripts/env.sh) finds it.
#   test_output_arg.sh SOURCE_DIR
set -u
source "$1/scripts/env.sh"
fail=0
expect() {
  local want="$1" got
  shift
  got="$(mckean_output_arg results/twin.h5 "$@")"
  if [ "$got" != "$want" ]; then
    echo "FAIL: mckean_output_arg results/twin.h5 $* gave '$got', expected '$want'"
    fail=1
  fi
}
expect results/twin.h5
expect results/twin.h5 -ens_size 16 -seed 3
expect mine.h5 -output mine.h5
expect b.h5 -seed 3 -output a.h5 -ens_size 8 -output b.h5
expect "dir with space/x.h5" -output "dir with space/x.h5"
expect results/twin.h5 -checkpoint c.h5 -restart -output
# run.sh must plot what the helper names
grep -q 'plot_twin.py "$out"' "$1/scripts/run.sh" || { echo "FAIL: scripts/run.sh does not plot \$out"; fail=1; }
[ $fail = 0 ] && echo PASS
exit $fail
