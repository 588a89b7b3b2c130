"""MckField: PDE fields (Fokker-Planck, Allen-Cahn, Cahn-Hilliard) on McKean's grid."""
from ._mckean import lib
from . import _core
from ._core import check


class Field(_core.Object):
    """MckField on comm, from options (``field_type="allen_cahn", grid_n=[64, 64], ts_dt=0.01``)
    or a deck, set up (the initial condition made). seed None: the option -seed (default 1), as
    mckean-field reads it. The solution is a global vector of the grid whose points are in
    natural order (x fastest); this rank holds the contiguous block ``range`` of it."""

    _destroy = "MckFieldDestroy"

    def __init__(self, comm=None, deck=None, seed=None, **options):
        seed = _core.seed_argument(comm, seed)
        _core.make(self, comm, deck, options, "MckField", lib.MckPyFieldCreate,
                   lambda f: lib.MckFieldSetSeed(f, _core.default_seed(seed)), lib.MckFieldSetFromOptions,
                   lib.MckFieldSetUp)
        self._vec = _core.out("Vec")
        check(lib.MckFieldGetSolution(self.handle[0], self._vec))
        self.range = _core.get(lib.VecGetOwnershipRange, self._vec[0], "PetscInt", "PetscInt")
        self.size = _core.get(lib.VecGetSize, self._vec[0], "PetscInt")

    def step(self, n=1):
        """n time steps of the field's TS (as mckean-field's run takes them); n the same on every rank."""
        n, = _core.collective_args(self.comm, "Field.step", ("PetscInt", n))
        for _ in range(n):
            check(lib.MckFieldStep(self.handle[0]))

    def solve(self, tfinal):
        """Advance to time tfinal (the last step shortened to land on it); tfinal the same on every rank."""
        tfinal, = _core.collective_args(self.comm, "Field.solve", ("PetscReal", tfinal))
        check(lib.MckFieldSolve(self.handle[0], tfinal))

    time = property(lambda self: _core.get(lib.MckFieldGetTime, self.handle[0], "PetscReal"))
    step_count = property(lambda self: _core.get(lib.MckFieldGetStepNumber, self.handle[0], "PetscInt"))
    mass = property(lambda self: _core.get(lib.MckFieldGetMass, self.handle[0], "PetscReal"),
                    doc="The integral of the solution (collective).")
    energy = property(lambda self: _core.get(lib.MckFieldGetEnergy, self.handle[0], "PetscReal"),
                      doc="The free energy of the solution (collective).")
    quantity = property(lambda self: _core.get(lib.MckFieldGetQuantity, self.handle[0], "const char *"),
                        doc="What the solution is: rho (density) or u (phase field); the run file's "
                            "/fields/<quantity>.")
    type = property(lambda self: _core.get(lib.MckFieldGetType, self.handle[0], "const char *"))

    @property
    def vec(self):
        """The solution's PETSc Vec (the field owns it; raises once the field is destroyed)."""
        self.handle  # noqa: B018 -- raises once the field is destroyed
        return self._vec[0]

    @property
    def solution(self):
        """This rank's part of the solution, the global points range[0] .. range[1] - 1: a
        read-only NumPy view of the field's vector (no copy; it follows the steps). Change the
        solution with set_solution(), which tells PETSc it changed."""
        a = _core.out("const PetscReal *")
        check(lib.VecGetArrayRead(self.vec, a))
        pointer = a[0]
        check(lib.VecRestoreArrayRead(self.vec, a))
        return _core.view(self, pointer, self.range[1] - self.range[0], readonly=True)

    def set_solution(self, values):
        """Write this rank's part of the solution (between steps)."""
        n = self.range[1] - self.range[0]
        values = _core.reals(values, "Field.set_solution: values")
        if values.shape not in ((1,), (n,)):  # one value for every point (a scalar), or this rank's part
            raise ValueError(f"Field.set_solution: values must have shape ({n},) (this rank's part), "
                             f"not {values.shape}")
        a = _core.out("PetscReal *")
        check(lib.VecGetArray(self.vec, a))
        try:
            _core.view(self, a[0], n)[:] = values
        finally:
            check(lib.VecRestoreArray(self.vec, a))

    def write(self, path, dset=None):
        """Write a run file at path with the solution as dset (default /fields/<quantity>, shape
        (points, 1), x fastest) and the grid's layout (/fields/shape, /fields/box), as mckean-field
        writes them (collective); mckean.open_run reads it."""
        dset = dset or f"/fields/{self.quantity}"
        check(lib.MckPyFieldWrite(self.handle[0], str(path).encode(), dset.encode()))
