#!/usr/bin/env bash
# Install test: `cmake --install BUILD --prefix TMP` must give a usable McKean:
#   headers, libmckean, the apps, mckean.pc and the CMake package (McKeanConfig.cmake);
#   (a) an external program builds with find_package(McKean) + McKean::mckean,
#   (a') a user's app adds an integrator and a drift from outside the tree: chosen, viewed,
#        misspelt options refused, checkpoint and restart on another rank count bitwise equal,
#   (a'') the same for a DMFT model added from outside the tree,
#   (a''') the same for ensemble analyses added from outside the tree; the user's ETKF gives
#        bitwise the built-in etkf's datasets on 1 and 2 ranks,
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

step "(a') variants added from outside the tree: -lgv_integrator mine -lgv_drifts trap"
V="$TMP/build-cmake/variants"
check_links_installed "$V"
mkdir -p "$TMP/variants"
runv() { (cd "$TMP/variants" && "$MPIEXEC" -n "$1" "$V" -lgv_steps 20 -progress_interval 0 "${@:2}" 2>&1); }
out=$(runv $NP -lgv_integrator mine -lgv_drifts trap -trap_k 2 -mine_noise_scale 0.5 -lgv_view -output full.h5) \
  || { echo "$out"; fail "the user's app with its own integrator and drift failed"; }
echo "$out" | grep -E '^ *(type: mine|mine: noise scale|trap: k)'
echo "$out" | grep -q 'type: mine$' || fail "-lgv_view does not show the integrator mine"
echo "$out" | grep -q 'mine: noise scale 0.5$' || fail "-lgv_view does not show the integrator's own option"
echo "$out" | grep -q 'trap: k 2\.$' || fail "-lgv_view does not show the drift trap with -trap_k 2"
refused() { # options..., expected message
  local want=${*: -1} out
  out=$(runv $NP "${@:1:$#-1}" -output refused.h5) && { echo "$out"; fail "${*:1:$#-1} was accepted"; }
  echo "$out" | grep -qF -- "$want" || { echo "$out"; fail "${*:1:$#-1}: no message '$want'"; }
  [ ! -e "$TMP/variants/refused.h5" ] || fail "${*:1:$#-1}: a run file was written"
  echo "refused: ${*:1:$#-1}"
}
refused -lgv_integrator mine -mine_noise_scal 1 'unknown option -mine_noise_scal 1 (did you mean -mine_noise_scale?)'
refused -lgv_drifts trap -trap_kk 1 'unknown option -trap_kk 1 (did you mean -trap_k?)'
refused -mine_noise_scale 1 'unknown option -mine_noise_scale 1'
refused -lgv_integrator mien 'unknown integrator; allowed: euler_maruyama, baoab, mine'
refused -lgv_drifts trapp 'unknown drift; allowed:'
o="-lgv_integrator mine -lgv_drifts trap -trap_k 2 -mine_noise_scale 0.5"
out=$(runv $NP $o -lgv_steps 10 -checkpoint_interval 10 -checkpoint part.chk.h5 -output part.h5) \
  || { echo "$out"; fail "checkpointing with mine and trap failed"; }
out=$(runv 3 $o -restart part.chk.h5 -output restarted.h5) \
  || { echo "$out"; fail "restarting with mine and trap on 3 ranks failed"; }
out=$(runv $NP $o -output full.h5) || { echo "$out"; fail "the uninterrupted run failed"; }
if command -v h5diff >/dev/null; then
  for d in /particles; do
    h5diff "$TMP/variants/full.h5" "$TMP/variants/restarted.h5" $d \
      || fail "$d of the run restarted on 3 ranks differs from the uninterrupted run's"
  done
  echo "restart on 3 ranks: /particles bitwise equal"
fi

step "(a'') a DMFT model added from outside the tree: -dmft_model relax"
V="$TMP/build-cmake/dmft_model"
check_links_installed "$V"
runv() { (cd "$TMP/variants" && "$MPIEXEC" -n "$1" "$V" -progress_interval 0 "${@:2}" 2>&1); }
out=$(runv $NP -dmft_model relax -relax_rate 0.2 -dmft_view -output dmft.h5) \
  || { echo "$out"; fail "the user's app with its own DMFT model failed"; }
echo "$out" | grep -E '^ *(type: relax|relax: )'
echo "$out" | grep -q 'type: relax$' || fail "-dmft_view does not show the model relax"
echo "$out" | grep -q 'relax: 4 values, rate 0.2, 20 steps$' || fail "-dmft_view does not show the model's options"
refused -dmft_model relax -relax_rat 1 'unknown option -relax_rat 1 (did you mean -relax_rate?)'
refused -relax_rate 1 'unknown option -relax_rate 1'
refused -dmft_model relaxx 'unknown model; allowed: scs, pspin, relax'
out=$(runv $NP -dmft_model relax -relax_steps 10 -checkpoint_interval 5 -checkpoint dmft.chk.h5 -output part.h5) \
  || { echo "$out"; fail "checkpointing the model relax failed"; }
refused -dmft_model relax -relax_rate 0.3 -restart dmft.chk.h5 'checkpoint was written with -relax_rate 0.1 but this run has -relax_rate 0.3'
out=$(runv 3 -dmft_model relax -restart dmft.chk.h5 -output restarted.h5) \
  || { echo "$out"; fail "restarting the model relax on 3 ranks failed"; }
out=$(runv $NP -dmft_model relax -output full.h5) || { echo "$out"; fail "the uninterrupted run of relax failed"; }
if command -v h5diff >/dev/null; then
  h5diff "$TMP/variants/full.h5" "$TMP/variants/restarted.h5" /dmft \
    || fail "/dmft of the run restarted on 3 ranks differs from the uninterrupted run's"
  echo "restart on 3 ranks: /dmft bitwise equal"
fi

step "(a''') ensemble analyses added from outside the tree: -ens_analysis denkf, user_etkf"
V="$TMP/build-cmake/ensemble_analysis"
check_links_installed "$V"
runv() { (cd "$TMP/variants" && "$MPIEXEC" -n "$1" "$V" -progress_interval 0 -da_cycles 40 -da_burnin 5 "${@:2}" 2>&1); }
out=$(runv $NP -ens_analysis denkf -denkf_gain 0.25 -ens_view -output denkf.h5) \
  || { echo "$out"; fail "the user's app with its own ensemble analysis failed"; }
echo "$out" | grep -E '^ *(type: denkf|denkf: )'
echo "$out" | grep -q 'type: denkf$' || fail "-ens_view does not show the analysis denkf"
echo "$out" | grep -q 'denkf: gain factor 0.25$' || fail "-ens_view does not show the analysis' own option"
refused -ens_analysis denkf -denkf_gian 1 'unknown option -denkf_gian 1 (did you mean -denkf_gain?)'
refused -ens_analysis etkf -denkf_gain 1 'unknown option -denkf_gain 1'
refused -ens_analysis denkf -denkf_gain 2 '-denkf_gain 2: must be in [0, 1]'
refused -ens_analysis denkff 'unknown analysis; allowed:'
o="-ens_analysis denkf -ens_layout blocks"
out=$(runv $NP $o -da_cycles 20 -checkpoint_interval 20 -checkpoint ens.chk.h5 -output part.h5) \
  || { echo "$out"; fail "checkpointing with denkf failed"; }
refused $o -denkf_gain 0.3 -restart ens.chk.h5 'checkpoint was written with -denkf_gain 0.5 but this run has -denkf_gain 0.3'
out=$(runv 3 $o -restart ens.chk.h5 -output restarted.h5) || { echo "$out"; fail "restarting denkf on 3 ranks failed"; }
out=$(runv $NP $o -output full.h5) || { echo "$out"; fail "the uninterrupted run of denkf failed"; }
# the analysis' name is an attribute; every dataset is a function of the options and the seed
ENSDATA="/ensemble/members /ensemble/active /ensemble/rank_histogram /ensemble/summary_sums /timeseries/da"
if command -v h5diff >/dev/null; then
  for d in $ENSDATA; do
    h5diff "$TMP/variants/full.h5" "$TMP/variants/restarted.h5" $d \
      || fail "$d of the denkf run restarted on 3 ranks differs from the uninterrupted run's"
  done
  echo "denkf, restart on 3 ranks: $ENSDATA bitwise equal"
  out=$(runv 1 -ens_analysis etkf -output etkf.h5) || { echo "$out"; fail "the built-in etkf failed"; }
  for np in 1 $NP; do
    out=$(runv $np -ens_analysis user_etkf -ens_layout blocks -output user_etkf.h5) \
      || { echo "$out"; fail "user_etkf on $np ranks failed"; }
    for d in $ENSDATA; do
      h5diff "$TMP/variants/etkf.h5" "$TMP/variants/user_etkf.h5" $d \
        || fail "$d of user_etkf on $np ranks differs from the built-in etkf's"
    done
    echo "user_etkf on $np rank(s): $ENSDATA bitwise equal to the built-in etkf's"
  done
fi

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
