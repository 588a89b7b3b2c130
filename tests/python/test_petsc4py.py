"""McKean next to petsc4py: petsc4py starts PETSc first; McKean neither restarts nor ends it."""
import petsc4py

petsc4py.init([])
from petsc4py import PETSc  # noqa: E402

import numpy as np  # noqa: E402
from mpi4py import MPI  # noqa: E402

import mckean  # noqa: E402


def test_mckean_runs_inside_petsc4py_and_leaves_petsc_running():
    v = PETSc.Vec().createMPI(8, comm=MPI.COMM_WORLD)
    v.set(2.0)
    p = mckean.Particles(MPI.COMM_WORLD, particles_n=64, particles_dim=1)
    l = mckean.Langevin(p, lgv_drifts="harmonic")
    l.initialize()
    l.step(3)
    assert l.step_count == 3 and np.all(np.isfinite(p.x[0]))
    l.destroy()
    p.destroy()
    mckean.finalize()  # McKean did not start PETSc: PETSc keeps running for petsc4py
    assert PETSc.Sys.isInitialized() and not PETSc.Sys.isFinalized()
    assert v.sum() == 16.0
    v.destroy()
