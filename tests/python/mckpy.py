"""Helpers of the Python bindings' tests: gathering rank-local arrays in global-id order."""
import numpy as np
from mpi4py import MPI

import mckean

COMM = MPI.COMM_WORLD


def gather(arrays):
    """The rank-local arrays (one per dimension) of every rank, stacked in global-id order, on
    every rank: shape (N, dim). Ranks own contiguous blocks in rank order."""
    local = np.stack([np.asarray(a) for a in arrays], axis=1)
    return np.concatenate(COMM.allgather(local), axis=0)


def dynamics(drifts, n=1000, dim=2, seed=11, steps=25, **options):
    """A fresh Langevin system stepped `steps` times; returns (particles, dynamics)."""
    p = mckean.Particles(COMM, particles_n=n, particles_dim=dim, particles_chunk_size=64)
    l = mckean.Langevin(p, mckean.RNG(COMM, seed=seed), lgv_drifts=drifts, **options)
    l.initialize()
    l.step(steps)
    return p, l


def suffix():
    """A file-name suffix per rank count: the 1- and 2-rank runs of a test may run at once."""
    return f"np{COMM.size}"
