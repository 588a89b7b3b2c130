"""The same noisy gradient descent as bench-mfnn (mean-field Langevin of a two-layer tanh network),
in PyTorch on the CPU, for a side-by-side neuron-updates-per-second comparison.

    f(x) = (alpha / N) sum_i a_i tanh(w_i . x + b_i),   L = (1/2P) sum_mu (f(x_mu) - y_mu)^2
    theta_i <- theta_i - dt [N grad_theta_i L + lambda theta_i] + sqrt(2 tau dt) xi_i

Gradients are written out by hand (two GEMMs, as McKean does) rather than through autograd, so
that both sides do the same arithmetic; --autograd times torch.autograd instead.

    /usr/bin/python3 bench/mfnn_torch.py [--n 10000 --dim 100 --batch 1000 --steps 5 --reps 5 --threads 1]

Prints one JSON line: neuron_updates_per_s_per_core, seconds_per_step_best/median.
"""
import argparse
import json
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dt", type=float, default=0.1)
    ap.add_argument("--tau", type=float, default=1e-4)
    ap.add_argument("--lam", type=float, default=1e-4)
    ap.add_argument("--alpha", type=float, default=1.0)
    ap.add_argument("--autograd", action="store_true")
    ap.add_argument("--cpu-time", action="store_true",
                    help="time with the process's CPU time (on a machine shared with other jobs)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dtype = torch.float64
    N, d, P = a.n, a.dim, a.batch
    X = torch.randn(P, d, dtype=dtype) / d**0.5
    Xa = torch.cat([X, torch.ones(P, 1, dtype=dtype)], 1)  # [x 1]: one GEMM gives w.x + b
    u = torch.randn(d, dtype=dtype)
    u *= d**0.5 / u.norm()
    y = torch.tanh(X @ u)
    Wb = torch.randn(N, d + 1, dtype=dtype)  # rows (w_i, b_i)
    A = torch.randn(N, dtype=dtype)
    amp = (2 * a.tau * a.dt) ** 0.5

    def step_manual():
        nonlocal Wb, A
        S = torch.tanh(Wb @ Xa.T)  # N x P
        f = (a.alpha / N) * (A @ S)
        r = f - y
        c = a.alpha / P
        gA = c * (S @ r) + a.lam * A
        Delta = (1 - S * S) * r  # N x P
        gWb = (c * A)[:, None] * (Delta @ Xa) + a.lam * Wb
        Wb = Wb - a.dt * gWb + amp * torch.randn_like(Wb)
        A = A - a.dt * gA + amp * torch.randn_like(A)

    def step_autograd():
        nonlocal Wb, A
        Wb.requires_grad_(True)
        A.requires_grad_(True)
        f = (a.alpha / N) * (torch.tanh(Wb @ Xa.T).T @ A)
        loss = 0.5 * ((f - y) ** 2).mean()
        gWb, gA = torch.autograd.grad(loss, (Wb, A))
        with torch.no_grad():
            Wb = Wb - a.dt * (N * gWb + a.lam * Wb) + amp * torch.randn_like(Wb)
            A = A - a.dt * (N * gA + a.lam * A) + amp * torch.randn_like(A)

    step = step_autograd if a.autograd else step_manual
    clock = time.process_time if a.cpu_time else time.perf_counter
    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.reps):
        t0 = clock()
        for _ in range(a.steps):
            step()
        times.append((clock() - t0) / a.steps)
    times.sort()
    print(json.dumps({"bench": "mfnn_torch", "torch": torch.__version__, "threads": a.threads, "autograd": a.autograd,
                      "clock": "cpu" if a.cpu_time else "wall",
                      "N": N, "d": d, "P": P, "seconds_per_step_best": times[0],
                      "seconds_per_step_median": times[len(times) // 2],
                      "neuron_updates_per_s_per_core": N / times[0] / a.threads}))


if __name__ == "__main__":
    main()
