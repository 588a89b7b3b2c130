#!/usr/bin/env bash
# Install test: `cmake --install BUILD --prefix TMP` must give a usable McKean:
#   headers, libmckean, the apps, mckean.pc and the CMake package (McKeanConfig.cmake);
#   (a) an external program builds with find_package(McKean) + McKean::mckean,
#   (b) the same program builds with mpicc $(pkg-config --cflags --libs mckean),
#   both run on 2 ranks, and the installed mckean-langevin runs with -help;
#   (c) with PYTHON given, the installed package mckean runs a job on 2 ranks from its own prefix.
# usage: test_install.sh CMAKE BUILD_DIR EXTERNAL_SRC MPIEXEC MPICC [PYTHON]
set -u
CMAKE=$1 BUILD=$2 EXT=$3 MPIEXEC=$4 MPICC=${5:-mpicc} PYTHON=${6:-}
NP=2
fail() { echo "FAIL: $*"; exit 1; }
step() { echo; echo "=== $*"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mck-install.XXXXXX") || fail "mktemp"
trap 'rm -rf "$TMP"' EXIT
PREFIX=$TMP/prefix

step "cmake --install $BUILD --prefix $PREFIX"
"$CMAKE" --install "$BUILD" --prefix "$PREFIX" || fail "cmake --install failed"

step "installed files"
for f in include/mckean/mckean.h include/mckean/mckversion.h include/mckean/mckrng.h \
         include/mckean/mckstats.h include/mckean/mckio.h bin/mckean-langevin; do
  [ -e "$PREFIX/$f" ] || fail "not installed: $f"
done
[ -x "$PREFIX/bin/mckean-langevin" ] || fail "bin/mckean-langevin is not executable"
LIB=$(find "$PREFIX" -name 'libmckean.so' | head -n 1)
[ -n "$LIB" ] || fail "libmckean.so not installed"
LIBDIR=$(dirname "$LIB")
PC=$(find "$PREFIX" -name mckean.pc | head -n 1)
[ -n "$PC" ] || fail "mckean.pc not installed"
PCDIR=$(dirname "$PC")
CFG=$(find "$PREFIX" -name McKeanConfig.cmake | head -n 1)
[ -n "$CFG" ] || fail "McKeanConfig.cmake not installed"
CFGDIR=$(dirname "$CFG")
for f in McKeanConfigVersion.cmake McKeanTargets.cmake; do
  [ -e "$CFGDIR/$f" ] || fail "not installed next to McKeanConfig.cmake: $f"
done
echo "libdir $LIBDIR, pkg-config dir $PCDIR, CMake package dir $CFGDIR"
if grep -rl -- "$BUILD" "$PC" "$CFGDIR" >/dev/null 2>&1; then
  fail "installed package files refer to the build tree $BUILD: $(grep -rl -- "$BUILD" "$PC" "$CFGDIR")"
fi

export LD_LIBRARY_PATH="$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export CC=$MPICC

# libmckean as the loader resolves it for a binary: must be the installed one.
check_links_installed() {
  local bin=$1 got
  got=$(ldd "$bin" | awk '/libmckean\.so/ {print $3}')
  [ -n "$got" ] || fail "$bin: ldd finds no libmckean"
  [ "$(realpath "$got")" = "$(realpath "$LIB")" ] || fail "$bin loads $got, not the installed library in $LIBDIR"
}

run_hello() {
  local bin=$1 out
  out=$("$MPIEXEC" -n $NP "$bin" 2>&1)
  local rc=$?
  echo "$out"
  [ $rc -eq 0 ] || fail "$bin exited $rc"
  echo "$out" | grep -q '^hello: ok$' || fail "$bin did not report ok"
  echo "$out" | grep -q "^hello: McKean version $VERSION on $NP ranks$" || fail "$bin does not print version $VERSION on $NP ranks"
}

VERSION=$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "$CFGDIR/McKeanConfigVersion.cmake")
[ -n "$VERSION" ] || fail "no PACKAGE_VERSION in McKeanConfigVersion.cmake"

step "(a) find_package(McKean) build"
"$CMAKE" -S "$EXT" -B "$TMP/build-cmake" -DCMAKE_C_COMPILER="$MPICC" -DCMAKE_PREFIX_PATH="$PREFIX" \
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON -DCMAKE_BUILD_TYPE=Release || fail "configuring the external project with find_package(McKean) failed"
MCKEAN_DIR=$(sed -n 's/^McKean_DIR:PATH=//p' "$TMP/build-cmake/CMakeCache.txt")
[ -n "$MCKEAN_DIR" ] && [ "$(realpath "$MCKEAN_DIR")" = "$(realpath "$CFGDIR")" ] \
  || fail "find_package(McKean) did not use the installed package in $CFGDIR but '$MCKEAN_DIR'"
"$CMAKE" --build "$TMP/build-cmake" || fail "building the external project with McKean::mckean failed"
check_links_installed "$TMP/build-cmake/hello"
run_hello "$TMP/build-cmake/hello"

step "(b) pkg-config build"
export PKG_CONFIG_PATH="$PCDIR${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
PCVERSION=$(pkg-config --modversion mckean) || fail "pkg-config does not find mckean"
[ "$PCVERSION" = "$VERSION" ] || fail "mckean.pc version $PCVERSION differs from the CMake package version $VERSION"
CFLAGS_PC=$(pkg-config --cflags mckean) || fail "pkg-config --cflags mckean failed"
LIBS_PC=$(pkg-config --libs mckean) || fail "pkg-config --libs mckean failed"
echo "cflags: $CFLAGS_PC"
echo "libs:   $LIBS_PC"
found_inc=0
for w in $CFLAGS_PC; do
  case $w in -I*) d=${w#-I}
    if [ -e "$d/mckean/mckean.h" ]; then
      [ "$(realpath "$d")" = "$(realpath "$PREFIX/include")" ] || fail "pkg-config --cflags points at $d, not $PREFIX/include"
      found_inc=1
    fi;;
  esac
done
[ $found_inc = 1 ] || fail "pkg-config --cflags mckean gives no -I for the installed headers ($PREFIX/include)"
found_lib=0
for w in $LIBS_PC; do
  case $w in -L*) d=${w#-L}
    if [ -e "$d/libmckean.so" ]; then
      [ "$(realpath "$d")" = "$(realpath "$LIBDIR")" ] || fail "pkg-config --libs points at $d, not $LIBDIR"
      found_lib=1
    fi;;
  esac
done
[ $found_lib = 1 ] || fail "pkg-config --libs mckean gives no -L for the installed library ($LIBDIR)"
mkdir -p "$TMP/build-pc"
make -C "$TMP/build-pc" -f "$EXT/Makefile.pkgconfig" CC="$MPICC" SRC="$EXT/hello.c" OUT=hello \
  || fail "building with mpicc \$(pkg-config --cflags --libs mckean) failed"
check_links_installed "$TMP/build-pc/hello"
run_hello "$TMP/build-pc/hello"

step "installed mckean-langevin -help"
mkdir -p "$TMP/run"
out=$(cd "$TMP/run" && "$MPIEXEC" -n $NP "$PREFIX/bin/mckean-langevin" -help 2>&1)
rc=$?
echo "$out" | grep -E -- '^ *-(lgv_dt|output) ' | head -n 5
[ $rc -eq 0 ] || { echo "$out"; fail "installed mckean-langevin -help exited $rc"; }
echo "$out" | grep -q -- '-lgv_dt <' || fail "installed mckean-langevin -help does not list -lgv_dt with its default"
check_links_installed "$PREFIX/bin/mckean-langevin"
[ -z "$(ls -A "$TMP/run")" ] || fail "installed mckean-langevin -help wrote files: $(ls -A "$TMP/run")"

if [ -n "$PYTHON" ]; then
  step "installed Python package mckean"
  PKG=$(find "$PREFIX" -path '*/mckean/__init__.py' | head -n 1)
  [ -n "$PKG" ] || fail "the Python package mckean is not installed"
  out=$(cd "$TMP/run" && PYTHONPATH=$(dirname "$(dirname "$PKG")") "$MPIEXEC" -n $NP "$PYTHON" -c '
import mckean
p = mckean.Particles(particles_n=64, particles_dim=1)
l = mckean.Langevin(p, lgv_drifts="harmonic"); l.initialize(); l.step(3)
from mpi4py import MPI
if MPI.COMM_WORLD.rank == 0:  # one line: mpiexec may interleave the output of two ranks within a line
    print(mckean.__file__, l.step_count)' 2>&1) || { echo "$out"; fail "the installed package mckean does not run"; }
  echo "$out"
  echo "$out" | grep -q "^$PREFIX/.*mckean/__init__.py 3$" || fail "mckean was not imported from the prefix"
  check_links_installed "$(dirname "$PKG")/_mckean.so"
fi

echo
echo "PASS: install into a prefix, find_package and pkg-config builds, installed app"
