#!/usr/bin/env bash
# A user's mistake through scripts/run.sh is McKean's one error line and a non-zero exit: mpiexec
# adds nothing after it (Open MPI's mpiexec would print a ten-line banner about the non-zero exit).
# What mpiexec then no longer says itself -- a missing app, a process killed by a signal -- is said
# in one line by mckean_mpiexec (scripts/env.sh).
#   test_run_script_errors.sh SOURCE_DIR BUILD_DIR
set -u
src="$1"
export MCKEAN_BUILD="$2"
source "$src/scripts/env.sh"
fail=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# expect_one_line WHAT RC_WANTED PATTERN FILE RC: the exit status RC is RC_WANTED ("nonzero": any but 0) and
# FILE has exactly one non-empty line, matching PATTERN
expect_one_line() {
  local what="$1" want="$2" pattern="$3" file="$4" rc="$5" n
  local bad=0
  n="$(grep -c . "$file")"
  if [ "$want" = nonzero ]; then [ "$rc" -ne 0 ] || bad=1; else [ "$rc" -eq "$want" ] || bad=1; fi
  if [ $bad = 1 ]; then
    echo "FAIL: $what: exit $rc, expected $want"
    fail=1
  fi
  if [ "$n" -ne 1 ] || ! grep -Eq "$pattern" "$file"; then
    echo "FAIL: $what: expected one line matching /$pattern/, got $n lines:"
    sed 's/^/    /' "$file"
    fail=1
  else
    echo "ok: $what: $(cat "$file")"
  fi
}

# a misspelt option through run.sh: after its "mckean: running" line, the app's one error line only
# (the build as it is: set-up would rebuild the tree under a running ctest)
rc=0
MCKEAN_NO_SETUP=1 bash "$src/scripts/run.sh" -ens_sizee 3 > "$tmp/all" 2>&1 || rc=$?
sed -n '/^mckean: running/,$p' "$tmp/all" | tail -n +2 > "$tmp/after"
if ! grep -q '^mckean: running' "$tmp/all"; then
  echo "FAIL: run.sh never said 'mckean: running':"
  sed 's/^/    /' "$tmp/all"
  fail=1
fi
expect_one_line "run.sh -ens_sizee 3" nonzero "^mckean-twin: error: .*-ens_sizee" "$tmp/after" "$rc"

# an app that is not there: one line naming it, exit 127 (quiet mpiexec would say nothing)
rc=0
mckean_mpiexec 1 "$tmp/no-such-app" > "$tmp/out" 2>&1 || rc=$?
expect_one_line "a missing app" 127 "^mckean: .*no-such-app: no such executable" "$tmp/out" "$rc"

# a process killed by a signal: one line naming the signal, mpiexec's exit status kept
rc=0
mckean_mpiexec 2 /bin/sh -c 'kill -KILL $$' > "$tmp/out" 2>&1 || rc=$?
expect_one_line "a process killed by SIGKILL" 137 "^mckean: sh was killed by signal 9 \(SIGKILL\)" "$tmp/out" "$rc"

# mpiexec refusing the job itself (too few slots): quiet, it would say nothing and exit 1
rc=0
OMPI_MCA_rmaps_base_oversubscribe=0 mckean_mpiexec 64 /bin/sh -c true > "$tmp/out" 2>&1 || rc=$?
expect_one_line "mpiexec refusing the job" nonzero \
  "^mckean: mpiexec -n 64 sh failed \(exit [0-9]+\) and nothing said why" "$tmp/out" "$rc"

# an app that fails without a word: one line, its exit status kept
rc=0
mckean_mpiexec 2 /bin/sh -c 'exit 3' > "$tmp/out" 2>&1 || rc=$?
expect_one_line "an app failing silently" 3 "^mckean: mpiexec -n 2 sh failed \(exit 3\) and nothing said why" \
  "$tmp/out" "$rc"

# an app's own line stays the only one, and its exit status is kept under set -e and pipefail
rc=0
# (a script of its own: set -e is ignored in a subshell that is part of a || list)
cat > "$tmp/script.sh" << 'EOF'
source "$1/scripts/env.sh"
set -euo pipefail
mckean_mpiexec 2 /bin/sh -c '[ "$OMPI_COMM_WORLD_RANK" = 0 ] && echo "app: refused" >&2; exit 4' | cat
echo "not reached"
EOF
bash "$tmp/script.sh" "$src" > "$tmp/out" 2>&1 || rc=$?
expect_one_line "an app's own error line" 4 "^app: refused$" "$tmp/out" "$rc"

# a good job is unchanged: its output and exit 0
rc=0
mckean_mpiexec 2 /bin/sh -c 'echo hello' > "$tmp/out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] || [ "$(grep -c '^hello$' "$tmp/out")" -ne 2 ]; then
  echo "FAIL: a good job: exit $rc, output:"
  sed 's/^/    /' "$tmp/out"
  fail=1
fi
[ $fail = 0 ] && echo PASS
exit $fail
