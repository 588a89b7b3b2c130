"""Cost of crossing from McKean's C engine into Python, side by side in one run.

1. Per callback: Langevin steps with chunks of 16 particles and a Python drift that does nothing,
   against the same steps with the built-in harmonic drift; the difference per chunk is the cost
   of one crossing (C -> cffi -> Python -> the cached NumPy views -> back), including the Python
   drift's failure flag in the step's reduction.
2. A NumPy drift on chunks of 4096 particles against the built-in C drift of the same arithmetic
   (harmonic): time per step, and the ratio.
3. Lorenz-96 (n = 40) written in NumPy against the built-in model, in an ensemble forecast of
   J = 20 members: time per cycle (one RK4 step per member).
4. A Python forward model whose own cost is about 1 ms per member-step (a NumPy right-hand side
   of 0.25 ms, four per RK4 step): the ensemble forecast's time against the same right-hand
   sides called directly, i.e. what McKean adds around a costly Python model.
5. A field stepped from a Python loop (Field.step(), one crossing per step) against the same
   steps inside MckFieldSolve (Cahn-Hilliard, 16^2 and 64^2 points): time per step.

    mpiexec -n 1 /usr/bin/python3 bench/bench-python.py [--particles 262144] [--steps 50]
Prints one JSON object (rank 0)."""
import argparse
import json
import os
import platform
import time

from mpi4py import MPI

import numpy as np

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


L96 = dict(model_type="lorenz96", l96_n=40, l96_forcing=8.0, model_dt=0.05)


def l96(t, x, f):
    f[:] = (np.roll(x, -1) - np.roll(x, 2)) * np.roll(x, 1) - x + 8.0


def forecast_time(model, options, cycles, n=40):
    ens = mckean.Ensemble(COMM, model=model, seed=1, ens_size=20, ens_analysis="etkf", **options)
    ens.initialize_members(np.full(n, 8.0) + np.sin(np.arange(n)), 1.0)
    ens.forecast(0.0, 1)
    COMM.barrier()
    t0 = time.perf_counter()
    ens.forecast(0.0, cycles)
    COMM.barrier()
    return (time.perf_counter() - t0) / cycles


def costly_rhs(repeats):
    """A right-hand side that spends its time in NumPy, in cache (repeats sines of the state),
    and returns -x."""

    def rhs(t, x, f):
        y = x
        for _ in range(repeats):
            y = np.sin(y)
        f[:] = -x + 0.0 * y
    return rhs


def field_step_times(n, steps, repeats):
    """Best time per step of a Cahn-Hilliard field on n^2 points: stepped from Python, and by
    MckFieldSolve (the same number of steps)."""
    def make():
        return mckean.Field(COMM, field_type="cahn_hilliard", grid_dim=2, grid_n=n, ts_dt=1e-4, ts_max_time=1.0, seed=1)

    t_py, t_c = [], []
    for _ in range(repeats):
        f = make()
        t0 = time.perf_counter()
        f.step(steps)
        t_py.append(time.perf_counter() - t0)
        g = make()
        t0 = time.perf_counter()
        g.solve(steps * 1e-4 * (1 - 1e-12))
        t_c.append(time.perf_counter() - t0)
        assert f.step_count == g.step_count == steps
    return min(t_py) / steps, min(t_c) / steps


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

    # 3. Lorenz-96 in NumPy against the built-in model, per forecast cycle of 20 members
    cycles = 50
    t_l96_c = min(forecast_time(None, L96, cycles) for _ in range(args.repeats))
    t_l96_py = min(forecast_time(dict(rhs=l96, n=40, dt=0.05), {}, cycles) for _ in range(args.repeats))

    # 4. a costly Python model: forecast against the same right-hand sides called directly, in
    # alternation (each pair under the same load), the median of the pairs' ratios
    size, steps, nlocal_members = 1000, 5, 20 // COMM.size
    repeats = 1
    x, f = np.ones(size), np.empty(size)
    while True:  # the repeat count costing about 0.25 ms per right-hand side (1 ms per RK4 step)
        rhs = costly_rhs(repeats)
        t0 = time.perf_counter()
        for _ in range(10):
            rhs(0.0, x, f)
        if (time.perf_counter() - t0) / 10 >= 2.5e-4:
            break
        repeats *= 2
    ratios, directs = [], []
    for _ in range(max(args.repeats, 7)):
        t0 = time.perf_counter()
        for _ in range(4 * steps * nlocal_members):
            rhs(0.0, x, f)
        t_direct = time.perf_counter() - t0
        t_forecast = forecast_time(dict(rhs=rhs, n=size, dt=1e-3), {}, steps, n=size) * steps
        ratios.append(t_forecast / t_direct)
        directs.append(t_direct)
    overhead = (float(np.median(ratios)) - 1) * 100

    # 5. a field stepped from Python against MckFieldSolve
    fields = {}
    for n in (16, 64):
        t_py_step, t_c_step = field_step_times(n, 200, max(args.repeats, 7))
        fields[f"n{n}"] = {"points": n * n, "step_python_loop_us": t_py_step * 1e6, "step_c_solve_us": t_c_step * 1e6,
                           "ratio": t_py_step / t_c_step}

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
            "lorenz96_forecast": {"n": 40, "members": 20, "cycle_c_s": t_l96_c, "cycle_numpy_s": t_l96_py,
                                  "ratio": t_l96_py / t_l96_c, "per_member_step_numpy_us": t_l96_py / 20 * COMM.size * 1e6},
            "costly_model": {"state_size": size, "member_step_ms": min(directs) / (steps * nlocal_members) * 1e3,
                             "ratios_forecast_to_direct": ratios, "overhead_percent_median": overhead},
            "field_step": fields,
        }, indent=1))


if __name__ == "__main__":
    main()
