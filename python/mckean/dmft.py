"""MckDMFT: dynamical mean-field theory (model scs: random networks; pspin: spherical p-spin)."""
import numpy as np
from mpi4py import MPI

from ._mckean import lib
from . import _core
from ._core import check
from .particles import rng_of


class DMFT(_core.Object):
    """MckDMFT on comm, from options (``dmft_g=2.0, dmft_solver="population", dmft_steps=200``)
    or a deck, set up; rng None: an RNG with seed (None: the option -seed, default 1), as
    mckean-dmft's run makes it. The results are replicated on every rank."""

    _destroy = "MckDMFTDestroy"

    def __init__(self, comm=None, deck=None, rng=None, seed=None, **options):
        self.rng = rng
        seed = _core.seed_argument(comm, seed)
        _core.make(self, comm, deck, options, "MckDMFT", lib.MckPyDMFTCreate, lib.MckDMFTSetFromOptions,
                   lambda d: lib.MckDMFTSetRNG(d, rng_of(self, seed)), lib.MckDMFTSetUp)

    type = property(lambda self: _core.get(lib.MckDMFTGetType, self.handle[0], "const char *"))

    def _of(self, model, what):
        """Refuse what (a method of one model's results) on a DMFT of another model."""
        if self.type != model:
            raise _core.Error(f"DMFT.{what} is a result of the {model} model; this DMFT solves the {self.type} model",
                              lib.PETSC_ERR_ARG_WRONG, self.comm is None or self.comm.size == MPI.COMM_WORLD.size)

    def initialize(self):
        """The fresh-start state (step 0)."""
        check(lib.MckDMFTInitialize(self.handle[0]))

    def step(self, n=1):
        """n steps: iterations of a self-consistency, or time steps (after initialize()); n the same on
        every rank."""
        n, = _core.collective_args(self.comm, "DMFT.step", ("PetscInt", n))
        for _ in range(n):
            check(lib.MckDMFTStep(self.handle[0]))

    def solve(self):
        """Initialize (unless a solve is under way) and step to the end."""
        check(lib.MckDMFTSolve(self.handle[0]))

    def _steps(self):
        return _core.get(lib.MckDMFTGetStep, self.handle[0], "PetscInt64", "PetscInt64", "PetscReal")

    step_count = property(lambda self: self._steps()[0])
    nsteps = property(lambda self: self._steps()[1],
                      doc="The step the solve ends at (= step_count once it has finished, early or not).")
    time = property(lambda self: self._steps()[2])

    def correlations(self):
        """scs, after the solve: (C_x, C_phi), T x T arrays on the grid t_k = k dt (copies)."""
        self._of("scs", "correlations()")
        T, cx, cphi = _core.get(lib.MckDMFTSCSGetCorrelations, self.handle[0], "PetscInt", "const PetscReal *",
                                "const PetscReal *")
        return _core.copy(cx, (T, T)), _core.copy(cphi, (T, T))

    def autocorrelation(self):
        """scs, after the solve: (Delta, dtau), Delta(tau_k) at tau_k = k dtau (a copy)."""
        self._of("scs", "autocorrelation()")
        n, dtau, delta = _core.get(lib.MckDMFTSCSGetAutocorrelation, self.handle[0], "PetscInt", "PetscReal",
                                   "const PetscReal *")
        return _core.copy(delta, n), dtau

    @property
    def convergence(self):
        """scs: the self-consistency's iterations, residual and whether it converged."""
        self._of("scs", "convergence")
        its, res, conv = _core.get(lib.MckDMFTSCSGetConvergence, self.handle[0], "PetscInt", "PetscReal", "PetscBool")
        return {"iterations": its, "residual": res, "converged": bool(conv)}

    def pspin_solution(self):
        """pspin, after the solve: this rank's rows i = rows[0] .. rows[1] - 1 of C(t_i, t_j) and
        R(t_i, t_j) (arrays (rows, n + 1), copies of McKean's dense matrices), the rows, the grid
        step h, and mu(t_i) for every i."""
        self._of("pspin", "pspin_solution()")
        C, R = _core.get(lib.MckDMFTPSpinGetCorrelation, self.handle[0], "Mat", "Mat")
        n, h = _core.get(lib.MckDMFTPSpinGetGrid, self.handle[0], "PetscInt", "PetscReal")
        mu = _core.copy(_core.get(lib.MckDMFTPSpinGetMultiplier, self.handle[0], "const PetscReal *"), n + 1)
        rows = _core.get(lib.MatGetOwnershipRange, C, "PetscInt", "PetscInt")
        return _local_rows(C, rows), _local_rows(R, rows), rows, h, mu


def _local_rows(A, rows):
    """This rank's rows of a MATMPIDENSE matrix (stored by columns, leading dimension lda)."""
    ncols = _core.get(lib.MatGetSize, A, "PetscInt", "PetscInt")[1]
    lda = _core.get(lib.MatDenseGetLDA, A, "PetscInt")
    a = _core.out("const PetscReal *")
    check(lib.MatDenseGetArrayRead(A, a))
    try:
        block = _core.copy(a[0], (ncols, lda)) if lda else np.empty((ncols, 0))
    finally:
        check(lib.MatDenseRestoreArrayRead(A, a))
    return np.ascontiguousarray(block[:, : rows[1] - rows[0]].T)
