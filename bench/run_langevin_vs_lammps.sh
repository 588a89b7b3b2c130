#!/usr/bin/env bash
# McKean against LAMMPS, side by side in one run, on the same workload: N non-interacting
# particles in a 3D harmonic trap (k = 1), T = 1, gamma = 1, m = 1, same dt and step count.
#   McKean: bench-langevin (drift harmonic; baoab and euler_maruyama), timing MckLangevinStep only
#   LAMMPS: bench/lammps/langevin.in (fix langevin + fix nve + fix spring/self), "Loop time"
# LAMMPS' fix langevin + fix nve is an underdamped integrator, so the ratio that counts is
# BAOAB / LAMMPS; euler_maruyama / LAMMPS is printed for completeness.
#
#   bench/run_langevin_vs_lammps.sh                 N = 1e6, 100 steps, 1 and 2 ranks
#   N=200000 STEPS=50 RANKS="1" REPS=3 bench/run_langevin_vs_lammps.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build), LMP (default lmp).
# Output: one JSON object per line (prefix "json: "), then a table of ratios in particle-steps
# per second per core. McKean and LAMMPS run alternately, REPS rounds; each side's best is used.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
N=${N:-1000000}
STEPS=${STEPS:-100}
RANKS=${RANKS:-"1 2"}
REPS=${REPS:-3}
DT=${DT:-0.01}
LMP=${LMP:-lmp}
BENCH="$MCKEAN_BUILD/bench/bench-langevin"
[ -x "$BENCH" ] || { echo "run_langevin_vs_lammps: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
command -v "$LMP" >/dev/null || { echo "run_langevin_vs_lammps: LAMMPS ($LMP) not found" >&2; exit 1; }
PY=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# workload: N=$N, steps=$STEPS, dt=$DT, 3D harmonic trap, T=1, gamma=1, m=1; best of $REPS alternating rounds"

for P in $RANKS; do
  : > "$WORK/mck.$P.json"
  : > "$WORK/lmp.$P.times"
  # McKean and LAMMPS alternate, REPS rounds: each side's best is compared, so that a slow spell
  # of a shared machine does not fall on one side only
  for r in $(seq 1 "$REPS"); do
    echo "# round $r on $P rank(s), load: $(cut -d' ' -f1-3 /proc/loadavg)"
    # McKean: exactly STEPS timed steps (target 0 s) after 2 warm-up steps
    mpiexec -n "$P" "$BENCH" -bench_n "$N" -bench_integrators euler_maruyama,baoab -bench_dt "$DT" \
      -bench_min_steps "$STEPS" -bench_target_seconds 0 -bench_reps 1 -bench_warmup 2 \
      -bench_probe 0 -bench_rng 0 -bench_previous 0 -bench_triad_mb 128 -bench_triad_reps 5 | tee -a "$WORK/mck.$P.json" | sed 's/^/json: /'
    (cd "$WORK" && mpiexec -n "$P" "$LMP" -in "$HERE/lammps/langevin.in" -var N "$N" -var steps "$STEPS" \
      -var dt "$DT" -var seed $((12345 + r)) -log none -nocite -screen "lmp.$P.$r.out")
    t=$(sed -n 's/^Loop time of \([0-9.eE+-]*\) on .*/\1/p' "$WORK/lmp.$P.$r.out")
    [ -n "$t" ] || { echo "run_langevin_vs_lammps: no 'Loop time' in LAMMPS output:" >&2; tail -20 "$WORK/lmp.$P.$r.out" >&2; exit 1; }
    echo "$t" >> "$WORK/lmp.$P.times"
    echo "json: $(awk -v P="$P" -v N="$N" -v S="$STEPS" -v T="$t" \
      'BEGIN {printf "{\"bench\":\"lammps_langevin\",\"N\":%s,\"ranks\":%s,\"steps\":%s,\"loop_time\":%s,\"particle_steps_per_s_per_core\":%.4g}", N, P, S, T, N*S/(T*P)}')"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$WORK" "$N" "$STEPS" $RANKS <<'EOF'
import json, sys, glob
work, N, steps, ranks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(r) for r in sys.argv[4:]]
print("\n%-6s %-16s %14s %14s %8s" % ("ranks", "McKean", "McKean Mps/c", "LAMMPS Mps/c", "ratio"))
for P in ranks:
    times = [float(t) for t in open(f"{work}/lmp.{P}.times")]
    lmp = N * steps / (min(times) * P)
    best = {}
    for line in open(f"{work}/mck.{P}.json"):
        d = json.loads(line)
        if d.get("bench") == "langevin" and d["particle_steps_per_s_per_core"] > best.get(d["integrator"], {}).get("particle_steps_per_s_per_core", 0):
            best[d["integrator"]] = d
    for integ, d in best.items():
        r = d["particle_steps_per_s_per_core"] / lmp
        print("%-6d %-16s %14.2f %14.2f %8.2f" % (P, integ, d["particle_steps_per_s_per_core"] / 1e6, lmp / 1e6, r))
        print("json: " + json.dumps({"bench": "ratio_mckean_over_lammps", "integrator": integ, "N": N, "ranks": P, "steps": steps,
                                     "rounds": len(times), "mckean_particle_steps_per_s_per_core": d["particle_steps_per_s_per_core"],
                                     "lammps_particle_steps_per_s_per_core": lmp, "lammps_loop_times": times, "ratio": round(r, 3),
                                     "target": 3.0 if integ == "baoab" else None}))
print("(Mps/c = million particle-steps per second per core; target: baoab / LAMMPS >= 3)")
EOF
