"""MckGenSampler: generative models as McKean-Vlasov particle systems (interpolants, diffusions,
SMC, guided), and their targets."""
import numpy as np

from ._mckean import ffi, lib
from . import _core
from ._core import check
from .particles import rng_of


class GenSampler(_core.Object):
    """MckGenSampler on comm, from options or a deck: the sampler (``gen_type="interpolant",
    gen_n=10000``), its target (``target_type="gmm"``, or data: ``target_type="data",
    target_file="x.h5"``) and features, set up. rng None: an RNG with seed (None: the option
    -seed, default 1), as mckean-gen's run makes it. A solve is fit() (the -gen_fit_rounds
    regression rounds of a learned drift) then sample() (the -gen_steps sampling steps)."""

    _destroy = "MckGenSamplerDestroy"

    def __init__(self, comm=None, deck=None, rng=None, seed=None, **options):
        self.rng = rng
        seed = _core.seed_argument(comm, seed)
        _core.make(self, comm, deck, options, "MckGenSampler", lib.MckPyGenSamplerCreate,
                   lib.MckGenSamplerSetFromOptions,
                   lambda s: lib.MckGenSamplerSetRNG(s, rng_of(self, seed)), lib.MckGenSamplerSetUp)
        self.fit_rounds = _core.get(lib.MckGenSamplerGetFitRounds, self.handle[0], "PetscInt")
        self._initialized = False

    type = property(lambda self: _core.get(lib.MckGenSamplerGetType, self.handle[0], "const char *"))

    def initialize(self):
        """Step 0: the initial samples drawn, the fit forgotten."""
        check(lib.MckGenSamplerInitialize(self.handle[0]))
        self._initialized = True

    def step(self, n=1):
        """n steps: fit rounds while they remain, then sampling steps; n the same on every rank."""
        n, = _core.collective_args(self.comm, "GenSampler.step", ("PetscInt", n))
        if not self._initialized:
            self.initialize()
        for _ in range(n):
            check(lib.MckGenSamplerStep(self.handle[0]))

    def _steps(self):
        return _core.get(lib.MckGenSamplerGetStep, self.handle[0], "PetscInt64", "PetscInt64")

    step_count = property(lambda self: self._steps()[0])
    nsteps = property(lambda self: self._steps()[1])

    def fit(self):
        """The remaining fit rounds (initializing first if needed); returns the fit residual."""
        self.step(max(0, self.fit_rounds - (self.step_count if self._initialized else 0)))
        return self.info["fit_residual"]

    def sample(self):
        """Fit if needed, then the remaining sampling steps; returns this rank's samples as an
        array (dim, nlocal) (a copy; ``samples`` views them)."""
        self.fit()
        self.step(self.nsteps - self.step_count)
        return np.array(self.samples)

    def _samples(self):
        return _core.get(lib.MckGenSamplerGetSamples, self.handle[0], "PetscInt64", "PetscInt", "PetscInt",
                         "PetscInt64",
                         "PetscReal *const *")

    @property
    def samples(self):
        """This rank's samples: one NumPy view per dimension of McKean's memory (structure of
        arrays), global ids gstart .. gstart + nlocal - 1."""
        _, dim, nlocal, _, x = self._samples()
        return tuple(_core.view(self, x[a], nlocal) for a in range(dim))

    N = property(lambda self: self._samples()[0])
    dim = property(lambda self: self._samples()[1])
    gstart = property(lambda self: self._samples()[3])

    @property
    def info(self):
        """Diagnostics of the current state (MckGenSamplerInfo) as a dict."""
        i = ffi.new("MckGenSamplerInfo *")
        check(lib.MckGenSamplerGetInfo(self.handle[0], i))
        return {k: getattr(i, k) for k in ("time", "fit_residual", "ess", "log_z", "accept", "resamplings")}

    def target_moments(self):
        """The target's exact mean (dim,) and covariance (dim, dim), or None if unknown."""
        target = _core.get(lib.MckGenSamplerGetTarget, self.handle[0], "MckGenTarget")
        if not _core.get(lib.MckGenTargetHas, target, *["PetscBool"] * 4)[3]:
            return None
        d = self.dim
        mean, cov = np.empty(d), np.empty((d, d))
        check(lib.MckGenTargetGetMoments(target, _core.pointer(mean), _core.pointer(cov)))
        return mean, cov

    def evaluate_model(self, t, X):
        """The fitted (or exact) model at time t on the rows of X (n x dim): velocity and
        denoiser (interpolant, n x 2 dim) or the denoiser (n x dim)."""
        X = _core.reals(X, "GenSampler.evaluate_model: X")
        if X.ndim != 2 or X.shape[1] != self.dim:
            raise ValueError(f"GenSampler.evaluate_model: X must be n x {self.dim}, not {X.shape}")
        out, nout = np.empty(X.shape[0] * 2 * self.dim), _core.out("PetscInt")
        check(lib.MckGenSamplerEvaluateModel(self.handle[0], t, X.shape[0], _core.pointer(X), nout, _core.pointer(out)))
        return out[: X.shape[0] * nout[0]].reshape(X.shape[0], nout[0])
