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
#   bench/run_mfnn_vs_torch.sh                     N = 10^4, d = 100, P = 1000, 3 rounds
#   N=2000 REPS=1 bench/run_mfnn_vs_torch.sh
#
# Environment: MCKEAN_BUILD (build directory, default <repo>/build). Debian's python3-torch is
# used through /usr/bin/python3 and installed with apt-get if it is missing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../scripts/env.sh"
N=${N:-10000}
DIM=${DIM:-100}
P=${P:-1000}
REPS=${REPS:-3}
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

echo "# machine: $(lscpu | sed -n 's/^Model name: *//p') ($(getconf _NPROCESSORS_ONLN) cores); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# workload: N=$N neurons, d=$DIM, P=$P samples, float64, tanh, full batch; best of $REPS alternating rounds"
for r in $(seq 1 "$REPS"); do
  # the sides alternate, so that a slow spell of a shared machine does not fall on one side only
  echo "# round $r, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  mpiexec -n 1 "$BENCH" -bench_n "$N" -bench_dim "$DIM" -bench_batch "$P" | tee -a "$WORK/mck1.json" | sed 's/^/json: /'
  "$PY" "$HERE/mfnn_torch.py" --n "$N" --dim "$DIM" --batch "$P" --threads 1 | tee -a "$WORK/torch.json" | sed 's/^/json: /'
  "$PY" "$HERE/mfnn_torch.py" --n "$N" --dim "$DIM" --batch "$P" --threads 1 --autograd --reps 3 | tee -a "$WORK/torch_ag.json" | sed 's/^/json: /'
  mpiexec -n 2 "$BENCH" -bench_n "$N" -bench_dim "$DIM" -bench_batch "$P" | tee -a "$WORK/mck2.json" | sed 's/^/json: /'
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$WORK" <<'PYEOF'
import json, sys
w = sys.argv[1]
def lines(name, bench):
    out = []
    for l in open(f"{w}/{name}"):
        o = json.loads(l)
        if o.get("bench") == bench:
            out.append(o)
    return out
best = lambda rows: max(rows, key=lambda o: o["neuron_updates_per_s_per_core"])
m1, m2 = best(lines("mck1.json", "mfnn")), best(lines("mck2.json", "mfnn"))
t, ta = best(lines("torch.json", "mfnn_torch")), best(lines("torch_ag.json", "mfnn_torch"))
peak = max(o["gflops_per_rank"] for o in lines("mck1.json", "dgemm"))
tanh = min(lines("mck1.json", "tanh"), key=lambda o: o["mck_share_of_step"])
print("neuron-updates per second per core (best of the rounds):")
print(f"  McKean 1 rank           {m1['neuron_updates_per_s_per_core']:10.4g}   ({m1['seconds_per_step_best']:.3f} s/step, {m1['fraction_of_dgemm']:.2f} of DGEMM {peak:.1f} GFLOP/s)")
print(f"  PyTorch 1 thread        {t['neuron_updates_per_s_per_core']:10.4g}   ({t['seconds_per_step_best']:.3f} s/step, hand-written gradients)")
print(f"  PyTorch 1 thread, autograd {ta['neuron_updates_per_s_per_core']:7.4g}   ({ta['seconds_per_step_best']:.3f} s/step)")
print(f"  McKean 2 ranks          {m2['neuron_updates_per_s_per_core']:10.4g}   per core")
print(f"ratio McKean / PyTorch (1 core each): {m1['neuron_updates_per_s_per_core'] / t['neuron_updates_per_s_per_core']:.2f}"
      f" (autograd: {m1['neuron_updates_per_s_per_core'] / ta['neuron_updates_per_s_per_core']:.2f})")
print(f"McKean speed-up 1 -> 2 ranks: {m1['seconds_per_step_best'] / m2['seconds_per_step_best']:.2f}")
print(f"tanh share of the McKean step: {tanh['mck_share_of_step']:.2f} (libm tanh would take {tanh['libm_share_of_step']:.2f})")
PYEOF
