"""MckGenSampler: generative models as McKean-Vlasov particle systems (interpolants, diffusions,
SMC, guided), and their targets."""
import numpy as np

from ._mckean import ffi, lib
from . import _core
from ._core import check, fcomm
from .particles import RNG


class GenSampler(_core.Object):
    """MckGenSampler on comm, from options or a deck: the sampler (``gen_type="interpolant",
    gen_n=10000``), its target (``target_type="gmm"``, or data: ``target_type="data",
    target_file="x.h5"``) and features, set up. rng None: an RNG with seed (None: the option
    -seed, default 1), as mckean-gen's run makes it. A solve is fit() (the -gen_fit_rounds
    regression rounds of a learned drift) then sample() (the -gen_steps sampling steps)."""

    _destroy = "MckGenSamplerDestroy"

    def __init__(self, comm=None, deck=None, rng=None, seed=None, **options):
        self.comm = comm
        self.handle = ffi.new("MckGenSampler *")
        with _core.options(comm, _core.option_args(deck, options)):
            self.rng = rng if rng is not None else RNG(comm, seed=seed)
            check(lib.MckPyGenSamplerCreate(fcomm(comm), self.handle))
            check(lib.MckGenSamplerSetFromOptions(self.handle[0]))
            check(lib.MckGenSamplerSetRNG(self.handle[0], self.rng.handle[0]))
            check(lib.MckGenSamplerSetUp(self.handle[0]))
        rounds = _core.out("PetscInt")
        check(lib.MckGenSamplerGetFitRounds(self.handle[0], rounds))
        self.fit_rounds = rounds[0]
        self._initialized = False

    @property
    def type(self):
        t = _core.out("const char *")
        check(lib.MckGenSamplerGetType(self.handle[0], t))
        return ffi.string(t[0]).decode()

    def initialize(self):
        """Step 0: the initial samples drawn, the fit forgotten."""
        check(lib.MckGenSamplerInitialize(self.handle[0]))
        self._initialized = True

    def step(self, n=1):
        """n steps: fit rounds while they remain, then sampling steps."""
        if not self._initialized:
            self.initialize()
        for _ in range(n):
            check(lib.MckGenSamplerStep(self.handle[0]))

    def _steps(self):
        step, nsteps = _core.out("PetscInt64"), _core.out("PetscInt64")
        check(lib.MckGenSamplerGetStep(self.handle[0], step, nsteps))
        return step[0], nsteps[0]

    @property
    def step_count(self):
        return self._steps()[0]

    @property
    def nsteps(self):
        return self._steps()[1]

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
        N, dim, nlocal, gstart = _core.out("PetscInt64"), _core.out("PetscInt"), _core.out("PetscInt"), _core.out("PetscInt64")
        x = _core.out("PetscReal *const *")
        check(lib.MckGenSamplerGetSamples(self.handle[0], N, dim, nlocal, gstart, x))
        return N[0], dim[0], nlocal[0], gstart[0], x[0]

    @property
    def samples(self):
        """This rank's samples: one NumPy view per dimension of McKean's memory (structure of
        arrays), global ids gstart .. gstart + nlocal - 1."""
        _, dim, nlocal, _, x = self._samples()
        return tuple(_core.view(self, x[a], nlocal) for a in range(dim))

    @property
    def N(self):
        return self._samples()[0]

    @property
    def dim(self):
        return self._samples()[1]

    @property
    def gstart(self):
        return self._samples()[3]

    @property
    def info(self):
        """Diagnostics of the current state (MckGenSamplerInfo) as a dict."""
        i = ffi.new("MckGenSamplerInfo *")
        check(lib.MckGenSamplerGetInfo(self.handle[0], i))
        return {k: getattr(i, k) for k in ("time", "fit_residual", "ess", "log_z", "accept", "resamplings")}

    def target_moments(self):
        """The target's exact mean (dim,) and covariance (dim, dim), or None if unknown."""
        t = _core.out("MckGenTarget")
        check(lib.MckGenSamplerGetTarget(self.handle[0], t))
        has = [_core.out("PetscBool") for _ in range(4)]
        check(lib.MckGenTargetHas(t[0], *has))
        if not has[3][0]:
            return None
        d = self.dim
        mean, cov = np.empty(d), np.empty((d, d))
        check(lib.MckGenTargetGetMoments(t[0], _core.pointer(mean), _core.pointer(cov)))
        return mean, cov

    def evaluate_model(self, t, X):
        """The fitted (or exact) model at time t on the rows of X (n x dim): velocity and
        denoiser (interpolant, n x 2 dim) or the denoiser (n x dim)."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        out, nout = np.empty(X.shape[0] * 2 * self.dim), _core.out("PetscInt")
        check(lib.MckGenSamplerEvaluateModel(self.handle[0], t, X.shape[0], _core.pointer(X), nout, _core.pointer(out)))
        return out[: X.shape[0] * nout[0]].reshape(X.shape[0], nout[0])
