"""MckMFNet: a mean-field two-layer network trained as a particle system (and cbo)."""
import numpy as np

from ._mckean import ffi, lib
from . import _core
from ._core import check, fcomm


class MFNet(_core.Object):
    """MckMFNet on comm, from options (``mfnet_n=2048, mfnet_dim=8, mfnet_dynamics="mfld"``) or
    a deck, set up (data drawn or read, particles initialized). seed None: the option -seed
    (default 1), as mckean-mfnn reads it. Neuron i is the row theta_i = (w_i, b_i, a_i) of
    ``parameters``; this rank holds the global ids gstart .. gstart + nlocal - 1."""

    _destroy = "MckMFNetDestroy"

    def __init__(self, comm=None, deck=None, seed=None, **options):
        self.comm = comm
        self.handle = ffi.new("MckMFNet *")
        with _core.options(comm, _core.option_args(deck, options)):
            check(lib.MckPyMFNetCreate(fcomm(comm), self.handle))
            check(lib.MckMFNetSetSeed(self.handle[0], _core.default_seed(seed)))
            check(lib.MckMFNetSetFromOptions(self.handle[0]))
            check(lib.MckMFNetSetUp(self.handle[0]))
        N, D, nlocal, gstart = _core.out("PetscInt64"), _core.out("PetscInt"), _core.out("PetscInt"), _core.out("PetscInt64")
        self._theta = _core.out("PetscReal *")
        check(lib.MckMFNetGetParticles(self.handle[0], N, D, nlocal, gstart, self._theta))
        self.N, self.D, self.nlocal, self.gstart = N[0], D[0], nlocal[0], gstart[0]
        network = _core.out("PetscBool")
        check(lib.MckMFNetIsNetwork(self.handle[0], network))
        self.is_network = bool(network[0])

    @property
    def type(self):
        t = _core.out("const char *")
        check(lib.MckMFNetGetType(self.handle[0], t))
        return ffi.string(t[0]).decode()

    def step(self, n=1):
        """n training steps of the dynamics."""
        for _ in range(n):
            check(lib.MckMFNetStep(self.handle[0]))

    def evaluate(self, gradient=False):
        """Forward pass on the step's batch (one reproducible collective): the loss, the output."""
        check(lib.MckMFNetEvaluate(self.handle[0], bool(gradient)))

    @property
    def step_count(self):
        step, nsteps = _core.out("PetscInt64"), _core.out("PetscInt")
        check(lib.MckMFNetGetStep(self.handle[0], step, nsteps))
        return step[0]

    @property
    def nsteps(self):
        step, nsteps = _core.out("PetscInt64"), _core.out("PetscInt")
        check(lib.MckMFNetGetStep(self.handle[0], step, nsteps))
        return nsteps[0]

    @property
    def loss(self):
        """L_N of the last forward pass (see MckMFNetGetLoss)."""
        v = _core.out("PetscReal")
        check(lib.MckMFNetGetLoss(self.handle[0], v))
        return v[0]

    @property
    def parameters(self):
        """This rank's particles, shape (nlocal, D): a writable NumPy view of McKean's memory
        (network: rows (w_1 .. w_d, b, a))."""
        return _core.view(self, self._theta[0], (self.nlocal, self.D))

    @property
    def data(self):
        """The training data (X (P, d), y (P,)), copies, identical on every rank."""
        P, d = _core.out("PetscInt"), _core.out("PetscInt")
        X, y, u = _core.out("const PetscReal *"), _core.out("const PetscReal *"), _core.out("const PetscReal *")
        check(lib.MckMFNetGetData(self.handle[0], P, d, X, y, u))
        return _core.copy(X[0], (P[0], d[0])), _core.copy(y[0], P[0])

    @property
    def test_data(self):
        """The held-out samples (X (Pt, d), y (Pt,)), copies."""
        Pt = _core.out("PetscInt")
        check(lib.MckMFNetGetTestSize(self.handle[0], Pt))
        X, y = _core.out("const PetscReal *"), _core.out("const PetscReal *")
        check(lib.MckMFNetGetTestData(self.handle[0], X, y))
        d = self.D - 2
        return _core.copy(X[0], (Pt[0], d)), _core.copy(y[0], Pt[0])

    def test_loss(self):
        """(1/2Pt) sum (f - y)^2 on the test samples (collective)."""
        v = _core.out("PetscReal")
        check(lib.MckMFNetEvaluateTest(self.handle[0], v))
        return v[0]

    @property
    def output(self):
        """f on the batch of the last forward pass (a copy, identical on every rank)."""
        P = self.data[1].size
        f = _core.out("const PetscReal *")
        check(lib.MckMFNetGetOutput(self.handle[0], f))
        return _core.copy(f[0], P)

    def predict(self, X):
        """f(x) for the rows of X (n x d, the same on every rank; collective): McKean's forward
        pass, identical on every rank and rank count."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.D - 2:
            raise ValueError(f"MFNet.predict: X must be n x {self.D - 2}, not {X.shape}")
        f = np.empty(X.shape[0])
        check(lib.MckMFNetPredict(self.handle[0], X.shape[0], _core.pointer(X), _core.pointer(f)))
        return f
