"""Calls into a model through the bindings allocate nothing that outlives them, and no state:
the caller's NumPy arrays become the model's vectors (Model.advance, Model.forward). Measured with
PETSc's own count of PetscMalloc() (PETSC_OPTIONS="-malloc_debug -log_view_memory", python.cmake):
exact byte counts, no tolerance. A Python loop that catches a model's errors must not lose a state's worth each time."""
import numpy as np
import pytest
from mpi4py import MPI

import mckean
from mckean._mckean import ffi, lib

N = 4000  # a state of 32000 bytes: far above anything a call may allocate besides
L96 = dict(model_type="lorenz96", l96_n=N, l96_forcing=8.0, model_dt=0.01)
LINEAR = dict(model_type="linear", linear_n=N, linear_ndata=3)
CALLS = 20


def usage():
    space = ffi.new("PetscLogDouble *")
    mckean._core.check(lib.PetscMallocGetCurrentUsage(space))
    return space[0]


def peak_during(call):
    """The most PetscMalloc() held during call(), above what was held before it."""
    space = ffi.new("PetscLogDouble *")
    before = usage()
    mckean._core.check(lib.PetscMallocPushMaximumUsage(7))
    call()
    mckean._core.check(lib.PetscMallocPopMaximumUsage(7, space))
    return space[0] - before


def test_malloc_is_counted():
    debug = ffi.new("PetscBool[3]")
    mckean._core.check(lib.PetscMallocGetDebug(debug, debug + 1, debug + 2))
    assert debug[0], "run with PETSC_OPTIONS=-malloc_debug (PetscMalloc() is counted then)"
    peak = peak_during(lambda: mckean.Model(MPI.COMM_SELF, **L96))
    assert peak >= 8 * N, "run with PETSC_OPTIONS=-log_view_memory (the peak of a call is kept then)"


def loop(call, fails):
    for _ in range(CALLS):
        if fails:
            with pytest.raises(mckean.Error):
                call()
        else:
            call()


@pytest.mark.parametrize("fails", [False, True], ids=["good", "failing"])
def test_advance_keeps_nothing(fails):
    model = mckean.Model(MPI.COMM_SELF, **L96)
    x = np.sin(np.arange(float(N))) + 8.0
    nsteps = -1 if fails else 1  # a negative step count is the model's error
    loop(lambda: model.advance(0.0, nsteps, x), fails)  # the first calls may set up what later ones reuse
    before = usage()
    loop(lambda: model.advance(0.0, nsteps, x), fails)
    assert usage() == before, f"{CALLS} calls of Model.advance kept {usage() - before:.0f} bytes"
    peak = peak_during(lambda: loop(lambda: model.advance(0.0, nsteps, x), fails))
    assert peak < 8 * N, f"Model.advance allocated {peak:.0f} bytes, a state's worth ({8 * N}) or more"


@pytest.mark.parametrize("fails", [False, True], ids=["good", "failing"])
def test_forward_keeps_nothing(fails):
    # MckModelForward refuses a dynamical model: the failing calls reach the model and fail there
    model = mckean.Model(MPI.COMM_SELF, **(L96 if fails else LINEAR))
    u = np.linspace(-1.0, 1.0, N)
    loop(lambda: model.forward(u), fails)
    before = usage()
    loop(lambda: model.forward(u), fails)
    assert usage() == before, f"{CALLS} calls of Model.forward kept {usage() - before:.0f} bytes"
    peak = peak_during(lambda: loop(lambda: model.forward(u), fails))
    assert peak < 8 * N, f"Model.forward allocated {peak:.0f} bytes, a state's worth ({8 * N}) or more"
