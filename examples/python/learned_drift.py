"""A PyTorch network as a learned drift of McKean's Langevin engine.

The network F_theta(x) = W phi(x) + b with features phi(x) = (x, x^3) is fitted by least squares to
forces McKean's built-in double_well drift computes (read zero-copy from the engine), then drives
the same Langevin dynamics in its place: per chunk of particles, positions in, forces written in
place through torch.from_numpy. Since the features span the double-well force, the fit is exact
to rounding, and so must be the trajectories: the script compares them with the C drift's, with
the same seed (the same noise), on any number of ranks:

    mpiexec -n 2 /usr/bin/python3 examples/python/learned_drift.py [--steps 200]
"""
import argparse

import numpy as np
import torch
from mpi4py import MPI

import mckean

COMM = MPI.COMM_WORLD
OPTIONS = dict(lgv_integrator="baoab", lgv_dt=0.005, lgv_temperature=0.3)
C_DRIFT = dict(lgv_drifts="double_well", double_well_height=1.0, double_well_width=1.0)


class LearnedForce(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(2, 1, dtype=torch.float64)

    def forward(self, x):  # x: (n, 1)
        return self.linear(torch.cat([x, x**3], dim=1))


def training_data(n):
    """Forces of the C double_well drift at n points spread over both wells (the engine's force
    arrays, read through zero-copy views), gathered from all ranks."""
    p = mckean.Particles(COMM, particles_n=n, particles_dim=1, particles_init="uniform", particles_init_mean=0.0,
                         particles_init_std=1.5)
    dyn = mckean.Langevin(p, mckean.RNG(COMM, seed=99), **C_DRIFT, **OPTIONS)
    dyn.initialize()
    x = np.concatenate(COMM.allgather(p.x[0].copy()))
    F = np.concatenate(COMM.allgather(dyn.forces[0].copy()))
    return torch.from_numpy(x[:, None]), torch.from_numpy(F[:, None])


def fit(model, x, F):
    """Least squares for the last (linear) layer: the network's training, exact for this model."""
    features = torch.cat([x, x**3, torch.ones_like(x)], dim=1)
    solution = torch.linalg.lstsq(features, F).solution
    with torch.no_grad():
        model.linear.weight.copy_(solution[:2].T)
        model.linear.bias.copy_(solution[2])
    return (features @ solution - F).abs().max().item()


class NetworkDrift(mckean.Drift):
    def __init__(self, model):
        self.model = model

    def force(self, x, F, sums):
        with torch.no_grad():
            f = self.model(torch.from_numpy(x[0].copy())[:, None])[:, 0]
            torch.from_numpy(F[0]).add_(f)  # in place: McKean's force array


def trajectory(drift, n, steps, seed):
    p = mckean.Particles(COMM, particles_n=n, particles_dim=1, particles_init="gaussian", particles_init_std=1.0)
    dyn = mckean.Langevin(p, mckean.RNG(COMM, seed=seed), **drift, **OPTIONS)
    dyn.initialize()
    dyn.step(steps)
    return np.concatenate(COMM.allgather(p.x[0].copy()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--particles", type=int, default=4096)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--tolerance", type=float, default=1e-9, help="largest |x_network - x_C| accepted")
    args = parser.parse_args()

    model = LearnedForce()
    residual = fit(model, *training_data(2048))
    mckean.register_drift("network", NetworkDrift(model))
    x_c = trajectory(C_DRIFT, args.particles, args.steps, seed=5)
    x_net = trajectory(dict(lgv_drifts="network"), args.particles, args.steps, seed=5)
    difference = np.abs(x_net - x_c).max()
    if COMM.rank == 0:
        w = model.linear.weight.detach().numpy()[0]
        print(f"learned force: {w[0]:.15f} x + {w[1]:.15f} x^3 + {model.linear.bias.item():.1e} "
              f"(exact: 4 x - 4 x^3); fit residual {residual:.1e}")
        print(f"{args.particles} particles, {args.steps} BAOAB steps on {COMM.size} rank(s): "
              f"max |x_network - x_C| = {difference:.2e}; wells occupied: {np.mean(x_c > 0):.3f} right")
    if difference > args.tolerance:
        raise SystemExit(f"learned_drift: the network's trajectories differ from the C drift's by {difference:.2e}")


if __name__ == "__main__":
    main()
