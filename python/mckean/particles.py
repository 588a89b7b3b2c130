"""MckRNG, MckParticles and MckLangevin, and drifts written in Python."""
import numpy as np

from ._mckean import ffi, lib
from . import _core
from ._core import check, fcomm


class RNG(_core.Object):
    """MckRNG: counter-based Philox keyed by (seed, stream), counter (step, draw)."""

    _destroy = "MckRNGDestroy"

    def __init__(self, comm=None, seed=None):
        """seed None: the option -seed (default 1), as an app's run reads it."""
        self.comm = comm
        seed = _core.seed_argument(comm, seed)
        self.handle = ffi.new("MckRNG *")
        check(lib.MckPyRNGCreate(fcomm(comm), self.handle))
        check(lib.MckRNGSetSeed(self.handle[0], _core.default_seed(seed)))

    @property
    def seed(self):
        s = ffi.new("PetscInt *")
        check(lib.MckRNGGetSeed(self.handle[0], s))
        return s[0]

    def _draws(self, fn, stream0, n, step, draw0, ndraws):
        out = np.empty((ndraws, n))
        rows = ffi.new("PetscReal *[]", [_core.pointer(out[j]) for j in range(ndraws)])
        check(fn(self.handle[0], stream0, n, step, draw0, ndraws, rows))
        return out

    def normals(self, stream0, n, step, draw0=0, ndraws=1):
        """out[j, i]: normal number draw0 + j of stream stream0 + i at step, shape (ndraws, n)."""
        return self._draws(lib.MckRNGNormals, stream0, n, step, draw0, ndraws)

    def uniforms(self, stream0, n, step, draw0=0, ndraws=1):
        """Uniforms in (0, 1), same layout as normals."""
        return self._draws(lib.MckRNGUniforms, stream0, n, step, draw0, ndraws)


def rng_of(obj, seed):
    """The handle of obj.rng; when it is None, an RNG on obj.comm with seed (None: the option
    -seed of the options being read, as an app's run makes its generator) becomes obj.rng."""
    if obj.rng is None:
        obj.rng = RNG(obj.comm, seed=seed)
    obj.rng.keep(obj)  # obj.rng stays usable from Python while obj lives
    return obj.rng.handle[0]


class Particles(_core.Object):
    """MckParticles: N particles with global ids 0..N-1 in chunks; this rank owns a contiguous
    block of whole chunks. Options as keywords (``particles_n=1000, particles_dim=2``) or a deck."""

    _destroy = "MckParticlesDestroy"

    def __init__(self, comm=None, deck=None, **options):
        self.comm = comm
        self.handle = ffi.new("MckParticles *")
        with _core.options(comm, _core.option_args(deck, options)):
            check(lib.MckPyParticlesCreate(fcomm(comm), self.handle))
            check(lib.MckParticlesSetFromOptions(self.handle[0]))
            check(lib.MckParticlesSetUp(self.handle[0]))
        N, dim = ffi.new("PetscInt64 *"), ffi.new("PetscInt *")
        nlocal, gstart = ffi.new("PetscInt *"), ffi.new("PetscInt64 *")
        check(lib.MckParticlesGetSizes(self.handle[0], N, dim, nlocal, gstart))
        self.N, self.dim, self.nlocal, self.gstart = N[0], dim[0], nlocal[0], gstart[0]
        B, nchunks = ffi.new("PetscInt *"), ffi.new("PetscInt *")
        check(lib.MckParticlesGetChunks(self.handle[0], B, nchunks))
        self.chunk_size, self.nchunks = B[0], nchunks[0]

    def _arrays(self, which):
        x, v = ffi.new("PetscReal *const **"), ffi.new("PetscReal *const **")
        check(lib.MckParticlesGetArrays(self.handle[0], x, v))
        arrays = x[0] if which == "x" else v[0]
        return tuple(np.asarray(_core.View(self, arrays[a], self.nlocal)) for a in range(self.dim))

    @property
    def x(self):
        """Positions: one NumPy array per dimension, of this rank's particles, viewing McKean's
        memory (writing to it moves the particles; call Langevin.prepare() afterwards)."""
        return self._arrays("x")

    @property
    def v(self):
        """Velocities, as x."""
        return self._arrays("v")

    @property
    def gids(self):
        """Global ids of this rank's particles: the contiguous block gstart .. gstart + nlocal - 1
        (McKean stores them as that block, so this array is computed, not a view)."""
        return np.arange(self.gstart, self.gstart + self.nlocal, dtype=np.int64)

    def initialize(self, rng):
        """Initial positions from -particles_init, keyed by global id (as an app's fresh start)."""
        check(lib.MckParticlesInitialize(self.handle[0], rng.handle[0]))


class Langevin(_core.Object):
    """MckLangevin over particles: options as keywords (``lgv_dt=0.01, lgv_drifts="harmonic"``) or
    a deck; drifts registered with register_drift() are chosen by name like the built-in ones."""

    _destroy = "MckLangevinDestroy"

    def __init__(self, particles, rng=None, deck=None, **options):
        self.particles = particles
        self.rng = rng if rng is not None else RNG(particles.comm)
        particles.keep(self)
        self.rng.keep(self)  # self.rng stays usable from Python while the dynamics lives
        self.handle = ffi.new("MckLangevin *")
        with _core.options(particles.comm, _core.option_args(deck, options)):
            check(lib.MckLangevinCreate(particles.handle[0], self.handle))
            check(lib.MckLangevinSetFromOptions(self.handle[0]))
            check(lib.MckLangevinSetRNG(self.handle[0], self.rng.handle[0]))
            check(lib.MckLangevinSetUp(self.handle[0]))
        d = ffi.new("MckDrift *")
        self._python_drifts = []  # the Python drifts this dynamics uses: their failures are checked
        for name in _drifts:
            check(lib.MckLangevinGetDrift(self.handle[0], name.encode(), d))
            if d[0] != ffi.NULL:
                self._python_drifts.append(name)
        if self._python_drifts:
            # a drift's setup() ran in SetUp: its exception is raised here, on every rank, not by
            # the first step (nor by another dynamics, if this one is never stepped)
            self._check_drifts(0)

    def initialize(self):
        """Fresh start: initial positions (and velocities), step 0, forces at the positions."""
        self.particles.initialize(self.rng)
        self._prepare(True)

    def prepare(self):
        """Recompute the forces at the current positions (after writing to particles.x)."""
        self._prepare(False)

    def _prepare(self, fresh):
        err = lib.MckLangevinPrepare(self.handle[0], lib.PETSC_TRUE if fresh else lib.PETSC_FALSE)
        self._check_drifts(err)

    def step(self, n=1):
        """Advance n steps (n the same on every rank). A Python drift's exception on any rank raises on
        every rank."""
        n, = _core.collective_args(self.particles.comm, "Langevin.step", ("PetscInt", n))
        err = 0
        for _ in range(n):
            err = lib.MckLangevinStep(self.handle[0])
            if err:
                break
        self._check_drifts(err)

    def _check_drifts(self, err):
        check(err)
        if self._python_drifts:
            check(lib.MckPyDriftCheck(fcomm(self.particles.comm)))

    @property
    def forces(self):
        """The forces at the current positions, one array per dimension (views)."""
        F = ffi.new("PetscReal *const **")
        check(lib.MckLangevinGetForces(self.handle[0], F))
        return tuple(np.asarray(_core.View(self, F[0][a], self.particles.nlocal)) for a in range(self.particles.dim))

    @property
    def step_count(self):
        s = ffi.new("PetscInt64 *")
        check(lib.MckLangevinGetStep(self.handle[0], s, ffi.NULL))
        return s[0]

    @property
    def nsteps(self):
        s = ffi.new("PetscInt64 *")
        check(lib.MckLangevinGetStep(self.handle[0], ffi.NULL, s))
        return s[0]

    @property
    def time(self):
        t = ffi.new("PetscReal *")
        check(lib.MckLangevinGetTime(self.handle[0], t))
        return t[0]

    @property
    def parameters(self):
        """(dt, gamma, mass)."""
        p = ffi.new("PetscReal[3]")
        check(lib.MckLangevinGetParameters(self.handle[0], p, p + 1, p + 2))
        return p[0], p[1], p[2]


# ---- drifts written in Python ------------------------------------------------------------------

class Drift:
    """A drift term written in Python. Per chunk of particles (B consecutive global ids), in the
    order of McKean's step:

    - ``accumulate(x, partial)`` (only if ``nstats`` > 0): write the chunk's partial sums of the
      drift's ``nstats`` summary statistics into ``partial`` (a sum over the chunk's particles in
      a fixed order); McKean adds them exactly and reduces them once per step over all ranks;
    - ``force(x, F, sums)``: add the force at the chunk's positions to ``F`` in place; ``sums``
      are the reduced statistics (sums over all N particles).

    ``x`` (a tuple) and ``F`` (a list, so that ``F[a] += f`` works) hold one NumPy array per
    dimension viewing McKean's memory (no copy; ``torch.from_numpy(F[a])`` shares it too); ``x`` is
    read-only. ``setup(N, dim)`` is called once when a dynamics sets the drift up. Callbacks must
    not call MPI or McKean collectives (docs/python.md lists what they may do)."""

    nstats = 0

    def setup(self, N, dim):
        pass

    def accumulate(self, x, partial):
        pass

    def force(self, x, F, sums):
        raise NotImplementedError


class _FunctionDrift(Drift):
    def __init__(self, fn):
        self.fn = fn

    def force(self, x, F, sums):
        self.fn(x, F)


class _DriftState:
    """What the C drift type's handle points to: the user's drift and NumPy views of the memory
    it was called on, made once per (drift object, chunk) and checked against the addresses."""

    def __init__(self, drift):
        self.drift = drift
        self.views = {}

    def arrays(self, kind, drift, dim, offset, n, pointers, writeable):
        """Views of pointers[a][offset:offset + n] for a < dim (kind names the memory)."""
        key = (kind, drift, offset)
        entry = self.views.get(key)
        if entry is None or entry[0] != pointers or entry[1] != n:
            views = []
            for a in range(dim):
                view = np.frombuffer(ffi.buffer(pointers[a] + offset, 8 * n), dtype=np.float64)
                view.flags.writeable = writeable
                views.append(view)
            entry = (pointers, n, tuple(views))
            self.views[key] = entry
        return entry[2]

    def forget(self, drift):
        """Drop the views made for a drift object being destroyed (its address may be reused)."""
        for key in [k for k in self.views if k[1] == drift]:
            del self.views[key]

    def vector(self, kind, drift, pointer, n, writeable):
        """A view of pointer[0:n]."""
        key = (kind, drift)
        entry = self.views.get(key)
        if entry is None or entry[0] != pointer:
            view = np.frombuffer(ffi.buffer(pointer, 8 * n), dtype=np.float64) if n else None
            if view is not None:
                view.flags.writeable = writeable
            entry = (pointer, n, view)
            self.views[key] = entry
        return entry[2]


_drifts = {}
_drift_handles = []


def register_drift(name, drift):
    """Register a Python drift under a name for -lgv_drifts (``lgv_drifts="mine,harmonic"``):
    a Drift, or a function ``f(x, F)`` adding a force. Every rank must register the same drifts.
    A built-in drift's name (or one registered in C) is refused: it would replace that drift for
    the whole process. A Python drift's name may be registered again: the dynamics made
    afterwards use the new drift."""
    if not isinstance(name, str):
        raise TypeError(f"register_drift: the name must be a str, not {type(name).__name__}")
    if not isinstance(drift, Drift):
        if not callable(drift):
            raise TypeError(f"register_drift {name}: a Drift or a function f(x, F), not {type(drift).__name__}")
        drift = _FunctionDrift(drift)
    handle = ffi.new_handle(_DriftState(drift))
    check(lib.MckPyDriftRegister(name.encode(), handle, int(drift.nstats)))
    _drifts[name] = handle  # only once McKean knows the name: every dynamics looks these up
    _drift_handles.append(handle)  # a dynamics made before a new registration of the name keeps using it


def _failed(exc):
    _core._callback_exceptions.append(exc)
    return 1


@ffi.def_extern()
def mckpy_drift_setup(handle, drift, N, dim):
    try:
        ffi.from_handle(handle).drift.setup(N, dim)
        return 0
    except BaseException as exc:  # noqa: B902 -- any exception must become a collective error
        return _failed(exc)


@ffi.def_extern()
def mckpy_drift_destroy(handle, drift):
    ffi.from_handle(handle).forget(drift)


@ffi.def_extern()
def mckpy_drift_accumulate(handle, drift, dim, offset, n, gstart, x, partial):
    try:
        state = ffi.from_handle(handle)
        xs = state.arrays("x", drift, dim, offset, n, x, False)
        state.drift.accumulate(xs, state.vector("partial", drift, partial, state.drift.nstats, True))
        return 0
    except BaseException as exc:  # noqa: B902
        return _failed(exc)


@ffi.def_extern()
def mckpy_drift_force(handle, drift, dim, offset, n, gstart, x, F, sums):
    try:
        state = ffi.from_handle(handle)
        state.drift.force(state.arrays("x", drift, dim, offset, n, x, False),
                          list(state.arrays("F", drift, dim, offset, n, F, True)),
                          state.vector("sums", drift, sums, state.drift.nstats, False))
        return 0
    except BaseException as exc:  # noqa: B902
        return _failed(exc)
