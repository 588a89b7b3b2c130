#!/usr/bin/env bash
# Install McKean's Debian packages when missing (idempotent), then configure and build.
#   scripts/setup.sh            packages + build in ./build
#   MCKEAN_BUILD=dir scripts/setup.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PACKAGES=(build-essential cmake pkg-config openmpi-bin libopenmpi-dev petsc-dev
          libhdf5-openmpi-dev hdf5-tools libfftw3-mpi-dev libscalapack-openmpi-dev libopenblas-dev libyaml-dev
          python3-numpy python3-scipy python3-h5py python3-matplotlib lammps
          python3-torch  # the benchmarks against PyTorch (bench/run_mfnn_vs_torch.sh, bench/run_gen.sh)
          python3-dev python3-cffi python3-mpi4py python3-xarray python3-pytest python3-petsc4py  # the Python package mckean (petsc4py: its test next to petsc4py)
          slurm-wlm munge)  # SLURM and munge: the tests start their own localhost cluster

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
  echo "mckean: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python="$(mckean_python)"
if [ ! -f "$MCKEAN_BUILD/CMakeCache.txt" ]; then
  cmake -S "$MCKEAN_ROOT" -B "$MCKEAN_BUILD" -DCMAKE_C_COMPILER=mpicc -DCMAKE_BUILD_TYPE=Release \
        -DMCK_PYTHON="$python" >/dev/null
fi
cmake --build "$MCKEAN_BUILD" -j"$(nproc)"
