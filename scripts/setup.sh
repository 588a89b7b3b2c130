#!/usr/bin/env bash
# Install McKean's Debian packages when missing (idempotent), then configure and build.
#   scripts/setup.sh                  packages + build in ./build
#   MCKEAN_BUILD=dir scripts/setup.sh
#   MCKEAN_PARAVIEW=1 scripts/setup.sh  also ParaView (pvbatch) and xvfb for the XDMF test
#                                       (about 85 MB to download, 900 MB installed)
#   MCKEAN_FUZZ=1 scripts/setup.sh      also clang and its libFuzzer runtime (tests/fuzz)
# One line per stage; the full output of apt, cmake and the compiler goes to a log file whose
# path is printed, and is printed in full if a stage fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PACKAGES=(build-essential cmake pkg-config openmpi-bin libopenmpi-dev petsc-dev
          libhdf5-openmpi-dev hdf5-tools libfftw3-mpi-dev libscalapack-openmpi-dev libopenblas-dev libyaml-dev
          python3-numpy python3-scipy python3-h5py python3-matplotlib lammps
          python3-torch  # the benchmarks against PyTorch (bench/run_mfnn_vs_torch.sh, bench/run_gen.sh), examples/python
          python3-dev python3-cffi python3-mpi4py python3-xarray python3-pytest python3-petsc4py  # the Python package mckean (petsc4py: its test next to petsc4py)
          clang-format-14  # the style check of the C sources (tests/style/test_format.py)
          slurm-wlm munge)  # SLURM and munge: the tests start their own localhost cluster
if [ "${MCKEAN_PARAVIEW:-0}" = 1 ]; then
  PACKAGES+=(paraview python3-paraview xvfb)
fi
if [ "${MCKEAN_FUZZ:-0}" = 1 ]; then
  PACKAGES+=(clang libclang-rt-14-dev)
fi

mkdir -p "$MCKEAN_BUILD"
MCKEAN_SETUP_LOG="${MCKEAN_SETUP_LOG:-$MCKEAN_BUILD/setup.log}"
: > "$MCKEAN_SETUP_LOG"

# stage "what is being done" command...: one line, the command's output to the log; on failure
# the whole log, then exit.
stage() {
  local what="$1"
  shift
  echo "mckean: $what (log: $MCKEAN_SETUP_LOG)"
  echo "=== $what: $*" >> "$MCKEAN_SETUP_LOG"
  if ! "$@" >> "$MCKEAN_SETUP_LOG" 2>&1; then
    echo "mckean: $what failed; the full log ($MCKEAN_SETUP_LOG) follows" >&2
    cat "$MCKEAN_SETUP_LOG" >&2
    echo "mckean: $what failed; full log: $MCKEAN_SETUP_LOG" >&2
    exit 1
  fi
}

install_packages() {
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "mckean: missing Debian packages: ${missing[*]}" >&2
    echo "mckean: run as root:  $cmd" >&2
    exit 1
  fi
  noun=packages
  [ ${#missing[@]} -eq 1 ] && noun=package
  stage "installing ${#missing[@]} Debian $noun and their dependencies" install_packages "${missing[@]}"
fi

python="$(mckean_python)"
if [ ! -f "$MCKEAN_BUILD/CMakeCache.txt" ]; then
  stage "configuring in $MCKEAN_BUILD" cmake -S "$MCKEAN_ROOT" -B "$MCKEAN_BUILD" -DCMAKE_C_COMPILER=mpicc \
        -DCMAKE_BUILD_TYPE=Release -DMCK_PYTHON="$python"
fi
stage "building (cmake --build -j$(nproc))" cmake --build "$MCKEAN_BUILD" -j"$(nproc)"
