# Sourced by McKean's scripts: paths, and the environment an MPI job needs on this machine.
MCKEAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MCKEAN_BUILD="${MCKEAN_BUILD:-$MCKEAN_ROOT/build}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# more ranks than cores is allowed (tests use up to 4 ranks on 2 cores)
export OMPI_MCA_rmaps_base_oversubscribe=1
# containers often forbid the cross-memory-attach system call Open MPI's shared memory uses
export OMPI_MCA_btl_vader_single_copy_mechanism=none
# BLAS threads must not compete with the MPI ranks for cores
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

# mckean_mpiexec NRANKS APP [OPTIONS...]: a job a script starts for its user. An app that fails says why
# in one line and exits non-zero; Open MPI's mpiexec would then add a banner of ten lines ("Primary job
# terminated normally, but 1 process returned a non-zero exit code", "MPI_ABORT was invoked on rank 0")
# that buries it, so it runs quiet (-q). Quiet hides mpiexec's own reports too: a missing app, a
# process killed by a signal, and a failure with nothing on stderr (mpiexec refusing the job itself, say
# for too few slots, or an app that exits without a word) are said here in one line instead; the job's
# stderr passes through awk to tell the last case. MCKEAN_MPI_VERBOSE=1 keeps mpiexec's reports.
# Other MPIs' mpiexec (MPICH's hydra) add no banner to a non-zero exit and are run as they are.
mckean_mpiexec() {
  local n="$1" app="$2" rc=0 version status=()
  shift 2
  if [ ! -x "$app" ] || [ -d "$app" ]; then
    echo "mckean: $app: no such executable (scripts/setup.sh builds the apps; MCKEAN_BUILD names the build)" >&2
    return 127
  fi
  # read whole, not piped into grep -q: under pipefail, grep's early exit could fail the test
  version="$(mpiexec --version 2>/dev/null || true)"
  if [ "${MCKEAN_MPI_VERBOSE:-0}" = 1 ] || ! grep -q -e "Open MPI" -e OpenRTE <<<"$version"; then
    mpiexec -n "$n" "$app" "$@" || rc=$?
    return "$rc"
  fi
  # in a || list: neither set -e nor pipefail stops the function before it has said what happened
  { mpiexec -q -n "$n" "$app" "$@" 2>&1 1>&3 3>&- | awk '{ print; fflush() } END { exit NR == 0 }' >&2 3>&-
    status=("${PIPESTATUS[@]}"); } 3>&1 || true
  rc="${status[0]}"
  if [ "$rc" -gt 128 ]; then
    local sig=$((rc - 128))
    echo "mckean: $(basename "$app") was killed by signal $sig (SIG$(kill -l "$sig" 2>/dev/null || echo '?'))" \
         "(MCKEAN_MPI_VERBOSE=1 shows mpiexec's report)" >&2
  elif [ "$rc" -ne 0 ] && [ "${status[1]}" -ne 0 ]; then
    echo "mckean: mpiexec -n $n $(basename "$app") failed (exit $rc) and nothing said why" \
         "(MCKEAN_MPI_VERBOSE=1 shows mpiexec's report)" >&2
  fi
  return "$rc"
}

# The Python with Debian's h5py, numpy and matplotlib (the first python3 on PATH may not be it).
mckean_python() {
  local py
  for py in "${MCK_PYTHON:-}" /usr/bin/python3 python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import h5py, numpy, matplotlib' >/dev/null 2>&1; then
      command -v "$py"
      return 0
    fi
  done
  echo "mckean: no python3 with h5py, numpy and matplotlib found (scripts/setup.sh installs them)" >&2
  return 1
}

# The instruction sets a benchmark script compares (MCKEAN_ISA values), given the best one the CPU
# has (a machine line's "best_isa"): avx2 and avx512 where both run, else the one there is.
mckean_bench_isas() {
  case "$1" in
    avx512) echo "avx2 avx512" ;;
    avx2) echo "avx2" ;;
    *) echo "generic" ;;
  esac
}

# The run file a command line writes: the value of its last -output (PETSc keeps the last value
# given), else the default $1. For scripts that pass "$@" on and then read the run file.
mckean_output_arg() {
  local out="$1" prev=""
  shift
  for a in "$@"; do
    [ "$prev" = -output ] && out="$a"
    prev="$a"
  done
  echo "$out"
}
