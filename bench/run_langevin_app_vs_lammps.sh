#!/usr/bin/env bash
# McKean against LAMMPS as whole processes: the app mckean-langevin against lmp, each timed from
# start to exit at two step counts, so that start-up, set-up and output cancel in the slope
#   time per step = (t(STEPS2) - t(STEPS1)) / (STEPS2 - STEPS1)
# Same physics on both sides: N non-interacting particles in a 3D harmonic trap (k = 1), T = 1,
# gamma = 1, m = 1, dt = 0.01; McKean integrates with BAOAB, LAMMPS with fix langevin + fix nve +
# fix spring/self (bench/lammps/langevin.in). Output is kept to a minimum on both sides (McKean:
# one time-series row and the final checkpoint; LAMMPS: thermo 0). The app runs once per
# instruction set of its vector kernels (MCKEAN_ISA), against the same LAMMPS runs.
#
#   bench/run_langevin_app_vs_lammps.sh                       N = 1e6, 50 and 250 steps, 1 rank
#   N=200000 STEPS1=20 STEPS2=100 RANKS="1 2" REPS=3 ISAS=avx2 bench/run_langevin_app_vs_lammps.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build), LMP (default lmp), ISAS
# (instruction sets of the app, default avx2 and avx512 as far as the CPU has them, else generic).
# Output: one JSON object per line (prefix "json: "): the machine per instruction set, every timed
# process, and per rank count and instruction set the slopes and the ratio in particle-steps per
# second per core, on two clocks: the wall time of the process, and its CPU time (user + system of
# mpiexec and every rank, already summed over the cores), which on a shared machine leaves out the
# time spent waiting for a core. The sides alternate, REPS rounds; each side's best time at each
# step count is used.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
N=${N:-1000000}
STEPS1=${STEPS1:-50}
STEPS2=${STEPS2:-250}
RANKS=${RANKS:-"1"}
REPS=${REPS:-3}
DT=${DT:-0.01}
LMP=${LMP:-lmp}
APP="$MCKEAN_BUILD/apps/mckean-langevin"
[ -x "$APP" ] || { echo "run_langevin_app_vs_lammps: $APP not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
command -v "$LMP" >/dev/null || { echo "run_langevin_app_vs_lammps: LAMMPS ($LMP) not found" >&2; exit 1; }
PY=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# the machine lines (CPU model, instruction set) come from a McKean benchmark program
machine() { mpiexec -n 1 "$MCKEAN_BUILD/bench/bench-allreduce" -bench_bytes 8 -bench_calls 1 -bench_reps 1 | grep '"machine"'; }
if [ -z "${ISAS:-}" ]; then
  best=$(machine | sed -n 's/.*"best_isa":"\([a-z0-9]*\)".*/\1/p')
  ISAS=$(mckean_bench_isas "$best")
fi
for isa in $ISAS; do MCKEAN_ISA=$isa machine | sed 's/^/json: /'; done
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"

run_mckean() { # ranks steps isa
  MCKEAN_ISA=$3 mpiexec -n "$1" "$APP" -particles_n "$N" -particles_dim 3 -particles_init gaussian -lgv_integrator baoab \
    -lgv_drifts harmonic -lgv_dt "$DT" -lgv_gamma 1 -lgv_mass 1 -lgv_temperature 1 -lgv_steps "$2" \
    -lgv_output_interval 100000000 -progress_interval 0 -output "$WORK/mck.h5" > "$WORK/mck.out" 2>&1
}

run_lammps() { # ranks steps (isa: not used)
  (cd "$WORK" && mpiexec -n "$1" "$LMP" -log none -screen none -var N "$N" -var steps "$2" -var dt "$DT" \
    -in "$HERE/lammps/langevin.in" > "$WORK/lmp.out" 2>&1)
}

TIMEFORMAT='%R %U %S'
for P in $RANKS; do
  for r in $(seq 1 "$REPS"); do
    for S in "$STEPS1" "$STEPS2"; do
      for run in $(for isa in $ISAS; do echo "mckean:$isa"; done) lammps:-; do
        side=${run%%:*} isa=${run#*:}
        # bash's time: the wall time, and the CPU time (user + system) of the whole process tree
        # (mpiexec and the ranks), which leaves out the time spent waiting for a core on a shared machine
        { time "run_$side" "$P" "$S" "$isa" || { echo "run_langevin_app_vs_lammps: $side failed:" >&2; tail -20 "$WORK/$([ $side = mckean ] && echo mck || echo lmp).out" >&2; exit 1; }; } 2> "$WORK/time"
        read -r wall user sys < "$WORK/time"
        echo "json: {\"bench\":\"process\",\"side\":\"$side\",\"isa\":\"$isa\",\"ranks\":$P,\"N\":$N,\"steps\":$S,\"round\":$r,\"seconds\":$wall,\"cpu_seconds\":$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.3f", u + s}')}"
      done
    done
  done
done | tee "$WORK/all.json"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$WORK/all.json" "$N" "$STEPS1" "$STEPS2" <<'PY'
import json, sys
path, N, s1, s2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
runs = [json.loads(l[len("json: "):]) for l in open(path) if l.startswith("json: ")]
runs = [d for d in runs if d.get("bench") == "process"]
def slope_rate(side, isa, P, clock):
    best = {}
    for d in runs:
        if d["ranks"] == P and d["side"] == side and d["isa"] == isa:
            best[d["steps"]] = min(best.get(d["steps"], 1e300), d[clock])
    slope = (best[s2] - best[s1]) / (s2 - s1)
    # a non-positive slope (start-up jitter larger than the steps' time at a tiny size) has no rate;
    # the CPU clock counts all P ranks' time, the wall clock the time of one process
    per_core = P if clock == "seconds" else 1
    return (N / (slope * per_core) if slope > 0 else None), [best[s1], best[s2]]
rnd = lambda x, k: None if x is None else round(x, k)
mps = lambda x: "n/a" if x is None else "%.2f" % (x / 1e6)
for P in sorted({d["ranks"] for d in runs}):
    for clock in ("seconds", "cpu_seconds"):
        lmp, lmp_seconds = slope_rate("lammps", "-", P, clock)
        for isa in sorted({d["isa"] for d in runs if d["side"] == "mckean"}):
            mck, mck_seconds = slope_rate("mckean", isa, P, clock)
            ratio = mck / lmp if mck and lmp else None
            print("json: " + json.dumps({"bench": "app_vs_lammps", "isa": isa, "ranks": P, "N": N, "steps": [s1, s2],
                                         "clock": "wall" if clock == "seconds" else "cpu",
                                         "mckean_particle_steps_per_s_per_core": rnd(mck, 1),
                                         "lammps_particle_steps_per_s_per_core": rnd(lmp, 1),
                                         "mckean_seconds": mck_seconds, "lammps_seconds": lmp_seconds,
                                         "ratio": rnd(ratio, 3), "target": 5.0 if isa == "avx512" else 4.0}))
            print("%d rank(s), %s, %s clock: McKean %s, LAMMPS %s M particle-steps/s/core (slope %d -> %d steps): ratio %s"
                  % (P, isa, "wall" if clock == "seconds" else "CPU", mps(mck), mps(lmp), s1, s2,
                     "n/a" if ratio is None else "%.2f" % ratio))
PY
