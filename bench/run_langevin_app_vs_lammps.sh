#!/usr/bin/env bash
# McKean against LAMMPS as whole processes: the app mckean-langevin against lmp, each timed from
# start to exit at two step counts, so that start-up, set-up and output cancel in the slope
#   time per step = (t(STEPS2) - t(STEPS1)) / (STEPS2 - STEPS1)
# Same physics on both sides: N non-interacting particles in a 3D harmonic trap (k = 1), T = 1,
# gamma = 1, m = 1, dt = 0.01; McKean integrates with BAOAB, LAMMPS with fix langevin + fix nve +
# fix spring/self (bench/lammps/langevin.in). Output is kept to a minimum on both sides (McKean:
# one time-series row and the final checkpoint; LAMMPS: thermo 0).
#
#   bench/run_langevin_app_vs_lammps.sh                       N = 1e6, 50 and 250 steps, 1 rank
#   N=200000 STEPS1=20 STEPS2=100 RANKS="1 2" REPS=3 bench/run_langevin_app_vs_lammps.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build), LMP (default lmp).
# Output: one JSON object per line (prefix "json: "): the machine, every timed process, and per
# rank count the slopes and the ratio in particle-steps per second per core. The sides alternate,
# REPS rounds; each side's best time at each step count is used.
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

# the machine line (CPU model, instruction set) comes from a McKean benchmark program
mpiexec -n 1 "$MCKEAN_BUILD/bench/bench-allreduce" -bench_bytes 8 -bench_calls 1 -bench_reps 1 | grep '"machine"' | sed 's/^/json: /'
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"

seconds() { "$PY" -c 'import time; print("%.6f" % time.time())'; }

run_mckean() { # ranks steps
  mpiexec -n "$1" "$APP" -particles_n "$N" -particles_dim 3 -particles_init gaussian -lgv_integrator baoab \
    -lgv_drifts harmonic -lgv_dt "$DT" -lgv_gamma 1 -lgv_mass 1 -lgv_temperature 1 -lgv_steps "$2" \
    -lgv_output_interval 100000000 -progress_interval 0 -output "$WORK/mck.h5" > "$WORK/mck.out" 2>&1
}

run_lammps() { # ranks steps
  (cd "$WORK" && mpiexec -n "$1" "$LMP" -log none -screen none -var N "$N" -var steps "$2" -var dt "$DT" \
    -in "$HERE/lammps/langevin.in" > "$WORK/lmp.out" 2>&1)
}

for P in $RANKS; do
  for r in $(seq 1 "$REPS"); do
    for S in "$STEPS1" "$STEPS2"; do
      for side in mckean lammps; do
        t0=$(seconds)
        "run_$side" "$P" "$S" || { echo "run_langevin_app_vs_lammps: $side failed:" >&2; tail -20 "$WORK/$([ $side = mckean ] && echo mck || echo lmp).out" >&2; exit 1; }
        t1=$(seconds)
        echo "json: {\"bench\":\"process\",\"side\":\"$side\",\"ranks\":$P,\"N\":$N,\"steps\":$S,\"round\":$r,\"seconds\":$("$PY" -c "print('%.4f' % ($t1 - $t0))")}"
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
for P in sorted({d["ranks"] for d in runs}):
    best = {}
    for d in runs:
        if d["ranks"] == P:
            k = (d["side"], d["steps"])
            best[k] = min(best.get(k, 1e300), d["seconds"])
    rate = {}
    for side in ("mckean", "lammps"):
        slope = (best[(side, s2)] - best[(side, s1)]) / (s2 - s1)
        rate[side] = N / (slope * P) if slope > 0 else float("nan")
    ratio = rate["mckean"] / rate["lammps"]
    print("json: " + json.dumps({"bench": "app_vs_lammps", "ranks": P, "N": N, "steps": [s1, s2],
                                 "mckean_particle_steps_per_s_per_core": round(rate["mckean"], 1),
                                 "lammps_particle_steps_per_s_per_core": round(rate["lammps"], 1),
                                 "mckean_seconds": [best[("mckean", s1)], best[("mckean", s2)]],
                                 "lammps_seconds": [best[("lammps", s1)], best[("lammps", s2)]],
                                 "ratio": round(ratio, 3)}))
    print("%d rank(s): McKean %.2f, LAMMPS %.2f M particle-steps/s/core (slope %d -> %d steps): ratio %.2f"
          % (P, rate["mckean"] / 1e6, rate["lammps"] / 1e6, s1, s2, ratio))
PY
