"""McKean's ensemble Kalman sampler calibrating the parameters of a model written in NumPy.

The model G(u) = A u (2 whitened parameters, 3 data, Gaussian noise of variance 0.5) is a Python
function each member calls; the members are spread over the ranks. For a linear model the
posterior is Gaussian and known exactly, S = (A^T A / gamma + I)^-1, m = S A^T y / gamma, and EKS
(with its finite-ensemble correction) samples it: after burn-in, the ensemble mean and
covariance, averaged in 20 batches, must lie within 4 standard errors (batch means) of m and S.

    mpiexec -n 2 /usr/bin/python3 examples/python/eks_calibration.py
"""
import argparse

import numpy as np
from mpi4py import MPI

import mckean

COMM = MPI.COMM_WORLD
GAMMA = 0.5


def problem():
    rng = np.random.default_rng(5)  # the same on every rank
    A = rng.standard_normal((3, 2))
    u_true = np.array([1.0, -0.5])
    y = A @ u_true + np.sqrt(GAMMA) * rng.standard_normal(3)
    return A, y


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burn", type=int, default=500)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--per-batch", type=int, default=250)
    args = parser.parse_args()

    A, y = problem()

    def forward(u, g):
        g[:] = A @ u

    ens = mckean.Ensemble(COMM, model=dict(forward=forward, n=2, ndata=3), seed=11, ens_size=10,
                          ens_analysis="eks", eks_dt=0.02, eks_correction=True)
    ens.set_observations(y, np.full(3, GAMMA))
    ens.initialize_members(None, 1.0)
    for _ in range(args.burn):
        ens.iterate()
    batches = np.zeros((args.batches, 6))
    for b in range(args.batches):
        for _ in range(args.per_batch):
            ens.iterate()
            mean, _, _ = ens.mean()
            batches[b] += np.concatenate([mean, ens.covariance().ravel()]) / args.per_batch

    S = np.linalg.inv(A.T @ A / GAMMA + np.eye(2))
    exact = np.concatenate([S @ A.T @ y / GAMMA, S.ravel()])
    estimate = batches.mean(axis=0)
    se = batches.std(axis=0, ddof=1) / np.sqrt(args.batches)
    z = np.abs(estimate - exact) / se
    if COMM.rank == 0:
        print(f"EKS, J = 10 members on {COMM.size} rank(s), model in NumPy, {args.burn + args.batches * args.per_batch} iterations")
        for name, e, x, zz in zip(["mean_0", "mean_1", "cov_00", "cov_01", "cov_10", "cov_11"], estimate, exact, z):
            print(f"  {name}: sampled {e:+.4f}  exact {x:+.4f}  ({zz:.2f} standard errors)")
    if z.max() >= 4:
        raise SystemExit(f"eks_calibration: the sampled posterior is {z.max():.1f} standard errors from the exact one")


if __name__ == "__main__":
    main()
