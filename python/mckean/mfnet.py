"""MckMFNet: a mean-field two-layer network trained as a particle system (and cbo)."""
import numpy as np

from ._mckean import lib
from . import _core
from ._core import check


class MFNet(_core.Object):
    """MckMFNet on comm, from options (``mfnet_n=2048, mfnet_dim=8, mfnet_dynamics="mfld"``) or
    a deck, set up (data drawn or read, particles initialized). seed None: the option -seed
    (default 1), as mckean-mfnn reads it. Neuron i is the row theta_i = (w_i, b_i, a_i) of
    ``parameters``; this rank holds the global ids gstart .. gstart + nlocal - 1."""

    _destroy = "MckMFNetDestroy"

    def __init__(self, comm=None, deck=None, seed=None, **options):
        seed = _core.seed_argument(comm, seed)
        _core.make(self, comm, deck, options, "MckMFNet", lib.MckPyMFNetCreate,
                   lambda net: lib.MckMFNetSetSeed(net, _core.default_seed(seed)), lib.MckMFNetSetFromOptions,
                   lib.MckMFNetSetUp)
        self.N, self.D, self.nlocal, self.gstart, self._theta = _core.get(
            lib.MckMFNetGetParticles, self.handle[0], "PetscInt64", "PetscInt", "PetscInt", "PetscInt64", "PetscReal *")
        self.is_network = bool(_core.get(lib.MckMFNetIsNetwork, self.handle[0], "PetscBool"))

    type = property(lambda self: _core.get(lib.MckMFNetGetType, self.handle[0], "const char *"))

    def step(self, n=1):
        """n training steps of the dynamics; n the same on every rank."""
        n, = _core.collective_args(self.comm, "MFNet.step", ("PetscInt", n))
        for _ in range(n):
            check(lib.MckMFNetStep(self.handle[0]))

    def evaluate(self, gradient=False):
        """Forward pass on the step's batch (one reproducible collective): the loss, the output."""
        check(lib.MckMFNetEvaluate(self.handle[0], bool(gradient)))

    step_count = property(lambda self: _core.get(lib.MckMFNetGetStep, self.handle[0], "PetscInt64", "PetscInt")[0])
    nsteps = property(lambda self: _core.get(lib.MckMFNetGetStep, self.handle[0], "PetscInt64", "PetscInt")[1])
    loss = property(lambda self: _core.get(lib.MckMFNetGetLoss, self.handle[0], "PetscReal"),
                    doc="L_N of the last forward pass (see MckMFNetGetLoss).")

    @property
    def parameters(self):
        """This rank's particles, shape (nlocal, D): a writable NumPy view of McKean's memory
        (network: rows (w_1 .. w_d, b, a))."""
        return _core.view(self, self._theta, (self.nlocal, self.D))

    @property
    def data(self):
        """The training data (X (P, d), y (P,)), copies, identical on every rank."""
        P, d, X, y, _ = _core.get(lib.MckMFNetGetData, self.handle[0], "PetscInt", "PetscInt", "const PetscReal *",
                                  "const PetscReal *", "const PetscReal *")
        return _core.copy(X, (P, d)), _core.copy(y, P)

    @property
    def test_data(self):
        """The held-out samples (X (Pt, d), y (Pt,)), copies."""
        Pt = _core.get(lib.MckMFNetGetTestSize, self.handle[0], "PetscInt")
        X, y = _core.get(lib.MckMFNetGetTestData, self.handle[0], "const PetscReal *", "const PetscReal *")
        return _core.copy(X, (Pt, self.D - 2)), _core.copy(y, Pt)

    def test_loss(self):
        """(1/2Pt) sum (f - y)^2 on the test samples (collective)."""
        return _core.get(lib.MckMFNetEvaluateTest, self.handle[0], "PetscReal")

    @property
    def output(self):
        """f on the batch of the last forward pass (a copy, identical on every rank)."""
        return _core.copy(_core.get(lib.MckMFNetGetOutput, self.handle[0], "const PetscReal *"), self.data[1].size)

    def predict(self, X):
        """f(x) for the rows of X (n x d, the same on every rank; collective): McKean's forward
        pass, identical on every rank and rank count. X refused on one rank raises on every rank."""
        with _core.refusing(self.comm):
            X = _core.reals(X, "MFNet.predict: X")
            if X.ndim != 2 or X.shape[1] != self.D - 2:
                raise ValueError(f"MFNet.predict: X must be n x {self.D - 2}, not {X.shape}")
        f = np.empty(X.shape[0])
        check(lib.MckMFNetPredict(self.handle[0], X.shape[0], _core.pointer(X), _core.pointer(f)))
        return f
