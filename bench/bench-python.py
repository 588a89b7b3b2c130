"""Cost of crossing from McKean's C engine into Python, side by side in one run.

1. Per callback: Langevin steps with chunks of 16 particles and a Python drift that does nothing,
   against the same steps with the built-in harmonic drift; the difference per chunk is the cost
   of one crossing (C -> cffi -> Python -> the cached NumPy views -> back), including the Python
   drift's failure flag in the step's reduction.
2. A NumPy drift on chunks of 4096 particles against the built-in C drift of the same arithmetic
   (harmonic): time per step, and the ratio.

    mpiexec -n 1 /usr/bin/python3 bench/bench-python.py [--particles 262144] [--steps 50]
Prints one JSON object (rank 0)."""
import argparse
import json
import os
import platform
import time

from mpi4py import MPI

import mckean

COMM = MPI.COMM_WORLD


def noop(x, F):
    pass


def numpy_harmonic(x, F):
    for a in range(len(x)):
        F[a] -= 1.0 * (x[a] - 0.0)


def step_time(n, dim, chunk, drift, steps, repeats):
    """Best of `repeats` of the mean wall time of one step (all ranks in step)."""
    p = mckean.Particles(COMM, particles_n=n, particles_dim=dim, particles_chunk_size=chunk)
    dyn = mckean.Langevin(p, mckean.RNG(COMM, seed=1), lgv_drifts=drift, lgv_integrator="euler_maruyama", lgv_dt=0.001,
                          lgv_steps=10**9)
    dyn.initialize()
    dyn.step(2)
    best = float("inf")
    for _ in range(repeats):
        COMM.barrier()
        t0 = time.perf_counter()
        dyn.step(steps)
        COMM.barrier()
        best = min(best, (time.perf_counter() - t0) / steps)
    return best, p.nchunks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--particles", type=int, default=262144)
    parser.add_argument("--dim", type=int, default=3)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    mckean.register_drift("py_noop", noop)
    mckean.register_drift("py_harmonic", numpy_harmonic)

    # 1. crossing cost: many tiny chunks
    n_small = 16 * 4096
    t_c, nchunks = step_time(n_small, 1, 16, "harmonic", args.steps, args.repeats)
    t_py, _ = step_time(n_small, 1, 16, "py_noop,harmonic", args.steps, args.repeats)
    crossing_us = (t_py - t_c) / nchunks * 1e6

    # 2. NumPy drift on chunks of 4096 against the C drift
    t_cdrift, nchunks_big = step_time(args.particles, args.dim, 4096, "harmonic", args.steps, args.repeats)
    t_npdrift, _ = step_time(args.particles, args.dim, 4096, "py_harmonic", args.steps, args.repeats)

    if COMM.rank == 0:
        print(json.dumps({
            "benchmark": "python",
            "cpu": mckean.cpu_model(), "isa": mckean.isa(), "ranks": COMM.size,
            "loadavg_1min": os.getloadavg()[0], "python": platform.python_version(),
            "crossing": {"particles": n_small, "chunk": 16, "chunks_per_rank": nchunks,
                         "step_c_s": t_c, "step_python_noop_s": t_py, "per_callback_us": crossing_us},
            "numpy_drift": {"particles": args.particles, "dim": args.dim, "chunk": 4096, "chunks_per_rank": nchunks_big,
                            "step_c_drift_s": t_cdrift, "step_numpy_drift_s": t_npdrift,
                            "ratio": t_npdrift / t_cdrift,
                            "ns_per_particle_step_c": t_cdrift / args.particles * COMM.size * 1e9,
                            "ns_per_particle_step_numpy": t_npdrift / args.particles * COMM.size * 1e9},
        }, indent=1))


if __name__ == "__main__":
    main()
