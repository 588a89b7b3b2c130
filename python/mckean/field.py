"""MckField: PDE fields (Fokker-Planck, Allen-Cahn, Cahn-Hilliard) on McKean's grid."""
from ._mckean import ffi, lib
from . import _core
from ._core import check, fcomm


class Field(_core.Object):
    """MckField on comm, from options (``field_type="allen_cahn", grid_n=[64, 64], ts_dt=0.01``)
    or a deck, set up (the initial condition made). seed None: the option -seed (default 1), as
    mckean-field reads it. The solution is a global vector of the grid whose points are in
    natural order (x fastest); this rank holds the contiguous block ``range`` of it."""

    _destroy = "MckFieldDestroy"

    def __init__(self, comm=None, deck=None, seed=None, **options):
        self.comm = comm
        self.handle = ffi.new("MckField *")
        with _core.options(comm, _core.option_args(deck, options)):
            check(lib.MckPyFieldCreate(fcomm(comm), self.handle))
            check(lib.MckFieldSetSeed(self.handle[0], _core.default_seed(seed)))
            check(lib.MckFieldSetFromOptions(self.handle[0]))
            check(lib.MckFieldSetUp(self.handle[0]))
        self._vec = _core.out("Vec")
        check(lib.MckFieldGetSolution(self.handle[0], self._vec))
        lo, hi, n = _core.out("PetscInt"), _core.out("PetscInt"), _core.out("PetscInt")
        check(lib.VecGetOwnershipRange(self._vec[0], lo, hi))
        check(lib.VecGetSize(self._vec[0], n))
        self.range, self.size = (lo[0], hi[0]), n[0]

    def step(self, n=1):
        """n time steps of the field's TS (as mckean-field's run takes them)."""
        for _ in range(n):
            check(lib.MckFieldStep(self.handle[0]))

    def solve(self, tfinal):
        """Advance to time tfinal (the last step shortened to land on it)."""
        check(lib.MckFieldSolve(self.handle[0], tfinal))

    def _get(self, fn, ctype="PetscReal"):
        v = _core.out(ctype)
        check(fn(self.handle[0], v))
        return v[0]

    @property
    def time(self):
        return self._get(lib.MckFieldGetTime)

    @property
    def step_count(self):
        return self._get(lib.MckFieldGetStepNumber, "PetscInt")

    @property
    def mass(self):
        """The integral of the solution (collective)."""
        return self._get(lib.MckFieldGetMass)

    @property
    def energy(self):
        """The free energy of the solution (collective)."""
        return self._get(lib.MckFieldGetEnergy)

    @property
    def quantity(self):
        """What the solution is: rho (density) or u (phase field); the run file's /fields/<quantity>."""
        return ffi.string(self._get(lib.MckFieldGetQuantity, "const char *")).decode()

    @property
    def type(self):
        return ffi.string(self._get(lib.MckFieldGetType, "const char *")).decode()

    @property
    def solution(self):
        """This rank's part of the solution, the global points range[0] .. range[1] - 1: a
        read-only NumPy view of the field's vector (no copy; it follows the steps). Change the
        solution with set_solution(), which tells PETSc it changed."""
        a = _core.out("const PetscReal *")
        check(lib.VecGetArrayRead(self._vec[0], a))
        pointer = a[0]
        check(lib.VecRestoreArrayRead(self._vec[0], a))
        return _core.view(self, pointer, self.range[1] - self.range[0], readonly=True)

    def set_solution(self, values):
        """Write this rank's part of the solution (between steps)."""
        a = _core.out("PetscReal *")
        check(lib.VecGetArray(self._vec[0], a))
        try:
            _core.view(self, a[0], self.range[1] - self.range[0])[:] = values
        finally:
            check(lib.VecRestoreArray(self._vec[0], a))

    def write(self, path, dset=None):
        """Write a run file at path with the solution as dset (default /fields/<quantity>, shape
        (points, 1), x fastest) and the grid's layout (/fields/shape, /fields/box), as mckean-field
        writes them (collective); mckean.open_run reads it."""
        dset = dset or f"/fields/{self.quantity}"
        check(lib.MckPyFieldWrite(self.handle[0], str(path).encode(), dset.encode()))
