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
