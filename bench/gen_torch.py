"""The sampling benchmark of bench-gen in PyTorch: the same feature model and integrator.

    out(t, X) = Psi(X) C(t),  Psi = [1, X, sqrt(2/m) cos(X W + b)],  C(t) = sum_k T_k(t) C_k (hats)
    Heun: k1 = v(t, X), k2 = v(t + h, X + h k1), X <- X + h (k1 + k2) / 2,  v = out[:, :d]

float64 on the CPU, all N samples as one batch (McKean works in chunks of 512), coefficients
random (they do not change the cost). Prints one JSON line: samples_per_s_per_core.

    /usr/bin/python3 bench/gen_torch.py [--n 100000 --rff 256 --time-size 8 --steps 20 --reps 3 --threads 1]
"""
import argparse
import json
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--rff", type=int, default=256)
    ap.add_argument("--time-size", type=int, default=8)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dt = torch.float64
    d, m, nt = 2, a.rff, a.time_size
    px, q = 1 + d + m, 2 * d
    W = torch.randn(d, m, dtype=dt)
    b = 2 * torch.pi * torch.rand(m, dtype=dt)
    C = torch.randn(nt, px, q, dtype=dt) / px
    amp = (2.0 / m) ** 0.5

    def hats(t):
        s = t * (nt - 1)
        k = min(int(s), nt - 2)
        T = torch.zeros(nt, dtype=dt)
        T[k], T[k + 1] = k + 1 - s, s - k
        return T

    def velocity(t, X):
        Ct = torch.einsum("k,kjq->jq", hats(t), C)
        Psi = torch.cat([torch.ones(X.shape[0], 1, dtype=dt), X, amp * torch.cos(X @ W + b)], 1)
        return (Psi @ Ct)[:, :d]

    def trajectory():
        X = torch.randn(a.n, d, dtype=dt)
        h = 1.0 / a.steps
        for k in range(a.steps):
            t = k * h
            k1 = velocity(t, X)
            k2 = velocity(t + h, X + h * k1)
            X = X + 0.5 * h * (k1 + k2)
        return X

    trajectory()  # warm-up
    times = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        trajectory()
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(json.dumps({"bench": "gen_sample_torch", "torch": torch.__version__, "threads": a.threads, "n": a.n,
                      "space_features": px, "time_functions": nt, "steps": a.steps, "integrator": "heun",
                      "seconds": best, "samples_per_s_per_core": a.n / best / a.threads}))


main()
