#!/usr/bin/env bash
# McKean against PyTorch, side by side in one run, on the same noisy gradient descent (mean-field
# Langevin of a two-layer tanh network, N neurons, d inputs, P samples, float64, CPU):
#   McKean:  bench-mfnn (MckMFNetStep, -mfnet_dynamics mfld), 1 and 2 ranks, one BLAS thread each
#   PyTorch: bench/mfnn_torch.py (hand-written gradients: the same two GEMMs; and autograd),
#            torch.set_num_threads(1)
# Equal thread counts: McKean on 1 rank x 1 thread against PyTorch on 1 thread; the 2-rank run
# gives McKean's speed-up. Also printed: the fraction of the DGEMM FLOP rate McKean reaches and
# the share of the step the tanh takes (both from bench-mfnn, same run).
#
# McKean runs once per instruction set of its vector kernels (MCKEAN_ISA) in every round, next to
# the same PyTorch runs.
#
#   bench/run_mfnn_vs_torch.sh                     N = 10^4, d = 100, P = 1000, 3 rounds
#   N=2000 REPS=1 ISAS=avx2 bench/run_mfnn_vs_torch.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build), CLOCK (cpu, the default: each
# side's CPU time, which on a shared machine leaves out the time spent waiting for a core; wall), ISAS (instruction sets of
# McKean's kernels, default avx2 and avx512 as far as the CPU has them, else generic). Debian's
# python3-torch is used through /usr/bin/python3 and installed with apt-get if it is missing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
N=${N:-10000}
DIM=${DIM:-100}
P=${P:-1000}
REPS=${REPS:-3}
CLOCK=${CLOCK:-cpu}
case "$CLOCK" in
  cpu) MCK_CLOCK="-bench_cpu_time" TORCH_CLOCK="--cpu-time" ;;
  wall) MCK_CLOCK="" TORCH_CLOCK="" ;;
  *) echo "run_mfnn_vs_torch: CLOCK=$CLOCK: allowed: cpu, wall" >&2; exit 1 ;;
esac
PY=/usr/bin/python3
BENCH="$MCKEAN_BUILD/bench/bench-mfnn"
[ -x "$BENCH" ] || { echo "run_mfnn_vs_torch: $BENCH not found: build McKean first (MCKEAN_BUILD=...)" >&2; exit 1; }
if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "# python3-torch missing: installing it with apt-get" >&2
  apt-get install -y python3-torch >&2
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ -z "${ISAS:-}" ]; then
  best=$(mpiexec -n 1 "$BENCH" -bench_n 64 -bench_dim 2 -bench_batch 8 -bench_steps 1 -bench_reps 1 -bench_gemm_n 8 |
    sed -n 's/.*"best_isa":"\([a-z0-9]*\)".*/\1/p')
  ISAS=$(mckean_bench_isas "$best")
fi
echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# workload: N=$N neurons, d=$DIM, P=$P samples, float64, tanh, full batch; best of $REPS alternating rounds; $CLOCK clock"
for r in $(seq 1 "$REPS"); do
  # the sides alternate, so that a slow spell of a shared machine does not fall on one side only
  echo "# round $r, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for isa in $ISAS; do
    MCKEAN_ISA=$isa mpiexec -n 1 "$BENCH" -bench_n "$N" -bench_dim "$DIM" -bench_batch "$P" $MCK_CLOCK | tee -a "$WORK/mck1.$isa.json" | sed 's/^/json: /'
  done
  "$PY" "$HERE/mfnn_torch.py" --n "$N" --dim "$DIM" --batch "$P" --threads 1 $TORCH_CLOCK | tee -a "$WORK/torch.json" | sed 's/^/json: /'
  "$PY" "$HERE/mfnn_torch.py" --n "$N" --dim "$DIM" --batch "$P" --threads 1 --autograd --reps 3 $TORCH_CLOCK | tee -a "$WORK/torch_ag.json" | sed 's/^/json: /'
  for isa in $ISAS; do
    MCKEAN_ISA=$isa mpiexec -n 2 "$BENCH" -bench_n "$N" -bench_dim "$DIM" -bench_batch "$P" $MCK_CLOCK | tee -a "$WORK/mck2.$isa.json" | sed 's/^/json: /'
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$WORK" $ISAS <<'PYEOF'
import json, sys
w, isas = sys.argv[1], sys.argv[2:]
def lines(name, bench):
    out = []
    for l in open(f"{w}/{name}"):
        o = json.loads(l)
        if o.get("bench") == bench:
            out.append(o)
    return out
best = lambda rows: max(rows, key=lambda o: o["neuron_updates_per_s_per_core"])
t, ta = best(lines("torch.json", "mfnn_torch")), best(lines("torch_ag.json", "mfnn_torch"))
print("neuron-updates per second per core (best of the rounds):")
print(f"  PyTorch 1 thread        {t['neuron_updates_per_s_per_core']:10.4g}   ({t['seconds_per_step_best']:.3f} s/step, hand-written gradients)")
print(f"  PyTorch 1 thread, autograd {ta['neuron_updates_per_s_per_core']:7.4g}   ({ta['seconds_per_step_best']:.3f} s/step)")
for isa in isas:
    m1, m2 = best(lines(f"mck1.{isa}.json", "mfnn")), best(lines(f"mck2.{isa}.json", "mfnn"))
    peak = max(o["gflops_per_rank"] for o in lines(f"mck1.{isa}.json", "dgemm"))
    tanh = min(lines(f"mck1.{isa}.json", "tanh"), key=lambda o: o["mck_share_of_step"])
    vs, vs_ag = m1["neuron_updates_per_s_per_core"] / t["neuron_updates_per_s_per_core"], m1["neuron_updates_per_s_per_core"] / ta["neuron_updates_per_s_per_core"]
    print(f"McKean, {isa} kernels:")
    print(f"  1 rank                  {m1['neuron_updates_per_s_per_core']:10.4g}   ({m1['seconds_per_step_best']:.3f} s/step, {m1['fraction_of_dgemm']:.2f} of DGEMM {peak:.1f} GFLOP/s)")
    print(f"  2 ranks                 {m2['neuron_updates_per_s_per_core']:10.4g}   per core; speed-up 1 -> 2 ranks {m1['seconds_per_step_best'] / m2['seconds_per_step_best']:.2f}")
    print(f"  ratio McKean / PyTorch (1 core each): {vs:.2f} (autograd: {vs_ag:.2f})")
    print(f"  tanh share of the step: {tanh['mck_share_of_step']:.2f} (libm tanh would take {tanh['libm_share_of_step']:.2f})")
    print("json: " + json.dumps({"bench": "mfnn_vs_torch", "isa": isa, "ratio_vs_torch": round(vs, 3),
                                 "ratio_vs_torch_autograd": round(vs_ag, 3), "fraction_of_dgemm": m1["fraction_of_dgemm"],
                                 "speedup_2_ranks": round(m1["seconds_per_step_best"] / m2["seconds_per_step_best"], 3),
                                 "targets": {"ratio_vs_torch": 3.0, "fraction_of_dgemm": 0.6}}))
PYEOF
