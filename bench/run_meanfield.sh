#!/usr/bin/env bash
# The Fourier mean-field benchmarks (bench-meanfield), in one go:
#   modes    cost per particle-step against the number of active modes (1 rank), with the
#            least-squares slope in ns per particle-step per mode for 1D, 2D and 3D
#   comm     bytes handed to MPI per step for N = 1e4 .. 1e7, on 1 and 2 ranks
#   scaling  particle-steps per second at N = 4e6 on 1 and 2 ranks, and the speed-up
#
#   bench/run_meanfield.sh                        all three parts
#   PARTS="scaling" SCALING_N=4000000 SCALING_DIM=3 SCALING_MODES=2 ROUNDS=3 bench/run_meanfield.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build).
# Output: one JSON object per line (prefix "json: "), then a summary.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
PARTS=${PARTS:-"modes comm scaling"}
SCALING_N=${SCALING_N:-4000000}
SCALING_DIM=${SCALING_DIM:-3}
SCALING_MODES=${SCALING_MODES:-2}
ROUNDS=${ROUNDS:-3}
BENCH="$MCKEAN_BUILD/bench/bench-meanfield"
[ -x "$BENCH" ] || { echo "run_meanfield: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
PY=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for part in $PARTS; do
  case $part in
    modes)
      mpiexec -n 1 "$BENCH" -bench_parts modes | tee "$WORK/modes.json" | sed 's/^/json: /' ;;
    comm)
      for P in 1 2; do
        mpiexec -n "$P" "$BENCH" -bench_parts comm | tee "$WORK/comm.$P.json" | sed 's/^/json: /'
      done ;;
    scaling)
      # 1 and 2 ranks alternately, ROUNDS times: the speed-up compares the best of each, so that
      # a slow spell of the machine does not fall on one side only
      for round in $(seq 1 "$ROUNDS"); do
        for P in 1 2; do
          echo "# scaling round $round on $P rank(s), load: $(cut -d' ' -f1-3 /proc/loadavg)"
          mpiexec -n "$P" "$BENCH" -bench_parts scaling -bench_scaling_n "$SCALING_N" -bench_scaling_dim "$SCALING_DIM" \
            -bench_scaling_modes "$SCALING_MODES" -bench_reps 3 -bench_target_seconds 1.5 | tee -a "$WORK/scaling.$P.json" | sed 's/^/json: /'
        done
      done ;;
    *) echo "run_meanfield: unknown part $part (modes, comm, scaling)" >&2; exit 1 ;;
  esac
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$WORK" <<'EOF'
import json, sys, os
work = sys.argv[1]
def lines(name):
    p = os.path.join(work, name)
    return [d for d in (json.loads(l) for l in open(p)) if d.get("bench") != "machine"] if os.path.exists(p) else []
fits = [d for d in lines("modes.json") if d["bench"] == "meanfield_modes_fit"]
if fits:
    print("\nmodes: cost per particle-step = intercept + slope * M (M active half-modes)")
    print("%4s %8s %12s %14s %8s %10s" % ("dim", "M range", "slope ns/M", "intercept ns", "r2", "max resid"))
    for d in fits:
        print("%4d %8s %12.3f %14.2f %8.4f %9.1f%%" % (d["dim"], "%d-%d" % (d["modes_min"], d["modes_max"]),
              d["slope_ns_per_particle_step_per_mode"], d["intercept_ns_per_particle_step"], d["r2"], 100 * d["max_relative_residual"]))
for P in (1, 2):
    c = [d for d in lines(f"comm.{P}.json") if d["bench"] == "meanfield_comm"]
    if c:
        print(f"\ncomm on {P} rank(s): bytes handed to MPI per step and rank (measured), by N")
        for d in c:
            print("  N = %9d: %8.0f B in %.0f call(s) per step (MckStats: %d B, 2M x 16 = %d B)" % (d["N"],
                  d["bytes_per_step_per_rank_measured"], d["mpi_calls_per_step"], d["bytes_per_reduction_MckStats"], d["bytes_expected_2M_x_16"]))
        same = len({d["bytes_per_step_per_rank_measured"] for d in c}) == 1
        print("  independent of N: %s" % ("yes" if same else "NO"))
s1 = [d for d in lines("scaling.1.json") if d["bench"] == "meanfield_scaling"]
s2 = [d for d in lines("scaling.2.json") if d["bench"] == "meanfield_scaling"]
if s1 and s2:
    a = max(s1, key=lambda d: d["particle_steps_per_s"])
    b = max(s2, key=lambda d: d["particle_steps_per_s"])
    sp = b["particle_steps_per_s"] / a["particle_steps_per_s"]
    balanced = sp / (1 - b["wait_fraction"])
    print("\nscaling: N = %d, %dD, K = %d (%d modes), best of %d rounds: 1 rank %.4g s/step, 2 ranks %.4g s/step, speed-up %.3f (target >= 1.8)" % (
        a["N"], a["dim"], a["K"], a["modes"], len(s1), a["seconds_per_step_best"], b["seconds_per_step_best"], sp))
    print("  all rounds, particle-steps/s: 1 rank %s; 2 ranks %s" % (
        ", ".join("%.3g" % d["particle_steps_per_s"] for d in s1), ", ".join("%.3g" % d["particle_steps_per_s"] for d in s2)))
    print("  2 ranks: busy time per step %.4g / %.4g s (min / max over ranks, same work): speed imbalance %.3f; the faster rank waits %.1f%% of the step;"
          " balanced ranks would give %.2f" % (b["busy_seconds_per_step_min"], b["busy_seconds_per_step_max"], b["rank_speed_imbalance"], 100 * b["wait_fraction"], balanced))
    print("json: " + json.dumps({"bench": "meanfield_speedup", "N": a["N"], "dim": a["dim"], "K": a["K"], "modes": a["modes"], "rounds": len(s1),
                                 "seconds_per_step_1": a["seconds_per_step_best"], "seconds_per_step_2": b["seconds_per_step_best"],
                                 "speedup_2_ranks": round(sp, 3), "parallel_efficiency": round(sp / 2, 3),
                                 "rank_speed_imbalance": b["rank_speed_imbalance"], "wait_fraction": b["wait_fraction"],
                                 "speedup_if_balanced": round(balanced, 3), "target": 1.8}))
EOF
