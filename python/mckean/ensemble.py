"""MckModel and MckEnsemble, with forward models written in Python.

Provisional: the ensemble and model layers' C interfaces are being reworked; this module follows
them as they are and stays small until they settle."""
import operator

import numpy as np
from mpi4py import MPI

from ._mckean import ffi, lib
from . import _core
from ._core import check, fcomm
from .particles import RNG

# Exceptions raised by Python models on this rank: each failed its member (the ensemble's failure
# policy applies) instead of the job; kept here for the user to inspect.
model_failures = []


class _ModelCallback:
    def __init__(self, fn):
        self.fn = fn
        self.running = False  # inside fn: the model's work vectors hold a call in progress

    def call(self, *args):
        self.running = True
        try:
            self.fn(*args)
        finally:
            self.running = False


def _array(pointer, n, writeable):
    a = np.frombuffer(ffi.buffer(pointer, 8 * n), dtype=np.float64)
    a.flags.writeable = writeable
    return a


class _Reentered(_core.Error):
    """Model.advance or Model.forward called from inside the model's own callback: a mistake in
    the program, not a failed member, so it is raised by the outer call (as an interrupt is)."""


def _model_failed(exc):
    """A model's exception fails its member; a KeyboardInterrupt or SystemExit is the user's: it
    stops the model's callbacks on this rank and is raised when the C call returns (check), and
    so is a call of the model from inside its own callback."""
    if isinstance(exc, Exception) and not isinstance(exc, _Reentered):
        model_failures.append(exc)
    else:
        _core._interrupt = exc
    return 1


@ffi.def_extern()
def mckpy_model_rhs(handle, t, n, x, f):
    if _core._interrupt is not None:
        return 1
    try:
        ffi.from_handle(handle).call(t, _array(x, n, False), _array(f, n, True))
        return 0
    except BaseException as exc:  # noqa: B902 -- a failed member, not a failed job
        return _model_failed(exc)


@ffi.def_extern()
def mckpy_model_forward(handle, n, u, ndata, g):
    if _core._interrupt is not None:
        return 1
    try:
        ffi.from_handle(handle).call(_array(u, n, False), _array(g, ndata, True))
        return 0
    except BaseException as exc:  # noqa: B902
        return _model_failed(exc)


# Observation operators registered from Python, by name: their handles must outlive every
# ensemble that may call them (McKean's registry keeps only the pointer).
_obs_operators = {}


class _ObsOperator:
    def __init__(self, fn, width):
        self.fn, self.width = fn, width


def _readonly(pointer, n):
    return _array(pointer, n, False) if n else np.empty(0)


def register_obs_operator(name, fn, width=1):
    """Register ``fn(coord, stencil, hx)`` as the observation operator ``name`` (chosen by
    ``ens_obs_operator=name`` or Ensemble.set_obs_operator). For this rank's nobs observations
    and one member, fn writes H(x)_l into hx[l] from stencil[k][l] = x[(floor(coord[l]) + k) mod n],
    k < width (1 or 2); coord (nobs,), stencil (width, nobs) read-only and hx (nobs,) are NumPy
    views of McKean's memory, valid during the call only. fn is called once per member, must not
    depend on how the observations are batched, and must not call McKean. An exception raises
    mckean.Error on every rank of the ensemble (caused by the exception on the rank that raised
    it). Every rank must register the same operators. A built-in operator's name is refused; a
    registered name registered again is replaced."""
    if not isinstance(name, str) or not callable(fn):
        raise TypeError(f"register_obs_operator: a name (str) and a function fn(coord, stencil, hx), "
                        f"not {name!r}, {fn!r}")
    if width not in (1, 2):
        raise ValueError(f"register_obs_operator {name}: stencil width {width} (allowed: 1, 2)")
    handle = ffi.new_handle(_ObsOperator(fn, width))
    check(lib.MckPyObsOperatorRegister(name.encode(), handle, width))
    _obs_operators[name] = handle


@ffi.def_extern()
def mckpy_obs_operator(handle, nobs, coord, stencil, hx):
    try:
        op = ffi.from_handle(handle)
        if nobs == 0 or op.width == 1 or stencil[1] == stencil[0] + nobs:  # one block: a 2D view
            st = _readonly(stencil[0], op.width * nobs).reshape(op.width, nobs)
        else:
            st = np.stack([_readonly(stencil[k], nobs) for k in range(op.width)])
        op.fn(_readonly(coord, nobs), st, _array(hx, nobs, True) if nobs else np.empty(0))
        return 0
    except BaseException as exc:  # noqa: B902 -- any exception must become a collective error
        _core._callback_exceptions.append(exc)
        return 1


class Model(_core.Object):
    """MckModel: a built-in model chosen by options (``model_type="lorenz96", l96_n=40``), or one
    written in Python: dynamical, ``rhs(t, x, f)`` writing dx/dt into f (stepped by McKean's RK4
    with step dt), or inverse, ``forward(u, g)`` writing G(u) into g (n parameters, ndata data).
    Arrays are NumPy views of McKean's vectors (this rank's part)."""

    _destroy = "MckModelDestroy"

    def __init__(self, comm=None, rhs=None, forward=None, n=None, ndata=None, dt=None, deck=None, **options):
        self.comm = comm
        self.handle = ffi.new("MckModel *")
        with _core.options(comm, _core.option_args(deck, options)):
            check(lib.MckPyModelCreate(fcomm(comm), self.handle))
            self._setup(comm, rhs, forward, n, ndata, dt)

    @classmethod
    def _on_members(cls, ensemble, rhs=None, forward=None, n=None, ndata=None, dt=None):
        """The model of an ensemble's members, on their communicator (inside its options)."""
        self = cls.__new__(cls)
        self.comm, self.handle = None, ffi.new("MckModel *")
        check(lib.MckPyEnsembleCreateModel(ensemble.handle[0], self.handle))
        self._setup(ensemble.comm, rhs, forward, n, ndata, dt)
        comm = ffi.new("MPI_Fint *")
        check(lib.MckPyObjectGetComm(self.handle[0], comm))
        self._ranks = MPI.Comm.f2py(comm[0])  # the members' communicator: advance and forward agree on it
        return self

    def _setup(self, comm, rhs, forward, n, ndata, dt):
        """Set the model up; its arguments are refused on every rank of comm (the ranks that make
        it) when one rank refuses them, before the set-up's collective calls."""
        m = self.handle[0]
        if rhs is not None or forward is not None:
            with _core.refusing(comm):
                if ((rhs is None) == (forward is None) or n is None or (rhs is not None and dt is None)
                        or (forward is not None and not ndata)):
                    raise ValueError("a Python model is rhs=f(t, x, f) with n and dt, or forward=G(u, g) with n and "
                                     "ndata")
                if not callable(rhs if rhs is not None else forward):
                    raise TypeError(f"a Python model's {'rhs' if rhs is not None else 'forward'} must be callable")
                n = _core.c_value("PetscInt", n)
                ndata = _core.c_value("PetscInt", ndata if forward is not None else 0)
                dt = _core.c_value("PetscReal", dt if rhs is not None else 0.0)
            self._python = _ModelCallback(rhs if rhs is not None else forward)
            self._callback = ffi.new_handle(self._python)
            check(lib.MckPyModelSetPython(m, self._callback, n, ndata, dt))
        else:
            check(lib.MckModelSetFromOptions(m))
        check(lib.MckModelSetUp(m))
        sizes = ffi.new("PetscInt[2]")
        check(lib.MckModelGetSizes(m, sizes, sizes + 1))
        self.n, self.ndata = sizes[0], sizes[1]
        check(lib.MckPyModelGetLocalSizes(m, sizes, sizes + 1))
        self.nlocal, self.ndata_local = sizes[0], sizes[1]

    @property
    def dt(self):
        dt = ffi.new("PetscReal *")
        check(lib.MckModelGetTimeStep(self.handle[0], dt))
        return dt[0]

    _python = None  # the callback of a model written in Python
    _ranks = None  # the communicator of advance and forward, if not comm's

    @property
    def _comm(self):
        """The communicator of advance and forward, on whose ranks they agree."""
        return self._ranks or self.comm or MPI.COMM_WORLD

    def _enter(self, what):
        """Refuse a call from inside the model's own callback: it would overwrite the work vectors
        of the call in progress (its RK4 stages). Raised on this rank alone, before any agreement
        (the other ranks are inside the call in progress, not at an agreement)."""
        if self._python is not None and self._python.running:
            raise _Reentered(f"Model.{what} called from inside the model's own callback (it would overwrite the "
                             "work vectors of the call in progress; use a second Model)", lib.PETSC_ERR_ORDER, False)

    def _call(self, fn, *args):
        """fn(*args) of the model, collective on its communicator: an error or an interrupt (in the
        Python callback) on one rank raises on every rank (_core.agree)."""
        _core.agree(self._comm, fn(*args))

    def advance(self, t, nsteps, x):
        """Advance this rank's part x of a state in place by nsteps from time t; False if the
        state became non-finite (a failed member). An argument refused on one rank raises on
        every rank."""
        self._enter("advance")
        with _core.refusing(self._comm):
            if not (isinstance(x, np.ndarray) and x.dtype == np.float64 and x.flags.c_contiguous
                    and x.flags.writeable):
                raise ValueError("Model.advance: x must be a writable C-contiguous float64 NumPy array "
                                 "(advanced in place)")
            if x.shape != (self.nlocal,):
                raise ValueError(f"Model.advance: x must have shape ({self.nlocal},) (this rank's part), "
                                 f"not {x.shape}")
            t, nsteps = _core.c_value("PetscReal", t), _core.c_value("PetscInt", nsteps)
        failed = ffi.new("PetscBool *")
        self._call(lib.MckPyModelAdvance, self.handle[0], t, nsteps, _core.pointer(x), failed)
        return not failed[0]

    def forward(self, u):
        """(G(u), ok) for this rank's part of a parameter u. An argument refused on one rank
        raises on every rank."""
        self._enter("forward")
        with _core.refusing(self._comm):
            u = _core.values(u, (self.nlocal,), "Model.forward: u (this rank's part)")
        g = np.empty(self.ndata_local)
        failed = ffi.new("PetscBool *")
        self._call(lib.MckPyModelForward, self.handle[0], _core.pointer(u), _core.pointer(g), failed)
        return g, not failed[0]


class Ensemble(_core.Object):
    """MckEnsemble on comm: members spread over the ranks (-ens_size, -ens_analysis, ...), each
    advanced or evaluated by the model: ``model=dict(rhs=..., n=40, dt=0.05)`` or
    ``dict(forward=..., n=..., ndata=...)`` for a Python model, None for the built-in model the
    options choose (``model_type="lorenz96"``). A Python model's exception fails its member.

    ``grid_shape=(n0, n1[, n2])``: the periodic grid the state lives on, component
    i0 + n0 (i1 + n1 i2), first index fastest (MckEnsembleSetGridShape; the product must be n).
    Observation coordinates are then rows of d reals, the interp operator is d-linear and
    localisation distances are Euclidean in grid units. It is given here because the ensemble is
    set up here; ``grid_shape`` reads it back ((n,) by default, the 1D ring)."""

    _destroy = "MckEnsembleDestroy"

    def __init__(self, comm=None, model=None, rng=None, seed=None, deck=None, grid_shape=None, **options):
        self.comm = comm
        self.handle = ffi.new("MckEnsemble *")
        self.rng = rng if rng is not None else RNG(comm, seed=seed)
        with _core.options(comm, _core.option_args(deck, options)):
            check(lib.MckPyEnsembleCreate(fcomm(comm), self.handle))
            check(lib.MckEnsembleSetFromOptions(self.handle[0]))
            self.model = Model._on_members(self, **(model or {}))
            check(lib.MckEnsembleSetModel(self.handle[0], self.model.handle[0]))
            check(lib.MckEnsembleSetRNG(self.handle[0], self.rng.handle[0]))
            if grid_shape is not None:
                with _core.refusing(comm):  # refused on one rank: every rank raises, before SetUp
                    sizes = [operator.index(v) for v in grid_shape]  # 2.5 is no size: not truncated
                check(lib.MckEnsembleSetGridShape(self.handle[0], len(sizes), ffi.new("PetscInt[]", sizes or [0])))
            check(lib.MckEnsembleSetUp(self.handle[0]))
        sizes = ffi.new("PetscInt[3]")
        check(lib.MckEnsembleGetSizes(self.handle[0], sizes, sizes + 1, sizes + 2))
        self.J, self.n, self.ndata = sizes[0], sizes[1], sizes[2]

    @property
    def grid_shape(self):
        """The periodic grid of the state, a tuple of the axes' sizes (MckEnsembleGetGridShape)."""
        dim, sizes = ffi.new("PetscInt *"), ffi.new("PetscInt[%d]" % lib.MCK_ENS_MAX_DIM)
        check(lib.MckEnsembleGetGridShape(self.handle[0], dim, sizes))
        return tuple(sizes[a] for a in range(dim[0]))

    def initialize_members(self, center=None, spread=1.0):
        """x_j = center + spread xi_j, xi_j ~ N(0, I) keyed by (component, member). An argument
        refused on one rank raises on every rank."""
        with _core.refusing(self.comm):
            if center is not None:
                center = _core.values(center, (self.n,), "Ensemble.initialize_members: center")
            spread = _core.c_value("PetscReal", spread)
        c = ffi.NULL if center is None else _core.pointer(center)
        check(lib.MckEnsembleInitializeMembers(self.handle[0], c, spread))

    def set_observations(self, y, r, idx=None):
        """Observations y with error variances r of the components idx (data assimilation), or
        the data of an inverse problem (idx None). r is one variance per value of y, or one
        number for all of them (broadcast to len(y), as NumPy broadcasts a scalar); an array of
        any other shape, even of length 1, is refused."""
        with _core.refusing(self.comm):  # arguments refused on one rank only: every rank raises
            y = _core.vector(y, "Ensemble.set_observations: y")
            r = _core.variances(r, len(y), "Ensemble.set_observations: r (one variance per value of y)")
            if idx is not None and len(idx) != len(y):
                raise ValueError(f"Ensemble.set_observations: idx must have one component per value of y ({len(y)}), "
                                 f"not {len(idx)}")
            i = ffi.NULL if idx is None else ffi.new("PetscInt[]", [operator.index(v) for v in idx])  # not truncated
        with _core.agreeing(self.comm):  # so are indices C refuses on one rank only
            check(lib.MckEnsembleSetObservations(self.handle[0], len(y), i, _core.pointer(y), _core.pointer(r)))

    def set_observations_at(self, coord, y, r, local=False):
        """Observations y with error variances r at real coordinates coord (state-index units,
        in [0, n); on a grid of d axes, grid_shape, an (nobs, d) array, 0 <= coord[l, a] < n_a)
        of the current observation operator (a filter). local=False: the whole list,
        the same on every rank (coordinates non-decreasing). local=True: this rank's part of the
        list, in any order (the list is the parts in rank order); each observation goes to the
        rank that evaluates it, so no rank needs the whole list (MckEnsembleSetObservationsAtLocal)
        and the analysis is the same bits as with the whole list. r: as for set_observations (one
        number stands for one variance of every observation)."""
        d = len(self.grid_shape)
        with _core.refusing(self.comm):  # arguments refused on one rank only: every rank raises
            y = _core.vector(y, "set_observations_at: y")
            coord = _core.reals(coord, "set_observations_at: coord")
            if d == 1 and coord.shape == (len(y), 1):
                coord = coord.reshape(len(y))
            coord = _core.values(coord, (len(y),) if d == 1 else (len(y), d),
                                 "set_observations_at: coord (one row per value of y)")
            r = _core.variances(r, len(y), "set_observations_at: r (one variance per value of y)")
        give = lib.MckEnsembleSetObservationsAtLocal if local else lib.MckEnsembleSetObservationsAt
        with _core.agreeing(self.comm):  # so are coordinates C refuses on one rank only
            check(give(self.handle[0], len(y), _core.pointer(coord), _core.pointer(y), _core.pointer(r)))

    def set_obs_operator(self, name):
        """Choose the observation operator of the next analyses: a built-in one (selection,
        interp, abs, square) or one registered with register_obs_operator(). A name refused on
        one rank (not a str, or not registered there) raises on every rank: the others would go
        on to an analysis the refusing rank does not make."""
        with _core.refusing(self.comm):
            if not isinstance(name, str):
                raise TypeError(f"Ensemble.set_obs_operator: the name must be a str, not {type(name).__name__}")
        with _core.agreeing(self.comm):
            check(lib.MckEnsembleSetObsOperator(self.handle[0], name.encode()))

    @property
    def obs_operator(self):
        name = ffi.new("const char **")
        check(lib.MckEnsembleGetObsOperator(self.handle[0], name))
        return ffi.string(name[0]).decode()

    def _check_members(self, ierr):
        """check(ierr) of a collective call that ran the members' models: a KeyboardInterrupt or
        SystemExit in a model on one rank is raised there and as Error on the others, which would
        otherwise go on to a collective call the interrupted rank never makes (_core.agree)."""
        _core.agree(self.comm or MPI.COMM_WORLD, ierr)

    def forecast(self, t, nsteps):
        """Every member advanced nsteps model steps from time t (t and nsteps the same on every rank)."""
        t, nsteps = _core.collective_args(self.comm, "Ensemble.forecast", ("PetscReal", t), ("PetscInt", nsteps))
        self._check_members(lib.MckEnsembleForecast(self.handle[0], t, nsteps))

    def analyze(self):
        check(lib.MckEnsembleAnalyze(self.handle[0]))

    def iterate(self):
        """One inverse-problem iteration (G on every member, one update); True when finished."""
        done = ffi.new("PetscBool *")
        self._check_members(lib.MckEnsembleIterate(self.handle[0], done))
        return bool(done[0])

    def mean(self, truth=None):
        """(mean, spread, rmse against truth or None) of the active members."""
        mean = np.empty(self.n)
        spread, rmse = ffi.new("PetscReal *"), ffi.new("PetscReal *")
        with _core.refusing(self.comm):  # refused on one rank: every rank raises, before the reductions
            tr = ffi.NULL if truth is None else _core.pointer(_core.values(truth, (self.n,), "Ensemble.mean: truth"))
        check(lib.MckEnsembleGetMean(self.handle[0], _core.pointer(mean), spread, tr, rmse))
        return mean, spread[0], (rmse[0] if truth is not None else None)

    def covariance(self):
        cov = np.empty((self.n, self.n))
        check(lib.MckEnsembleGetCovariance(self.handle[0], _core.pointer(cov)))
        return cov

    @property
    def active(self):
        """Whether each member is active (not failed), for all members."""
        a = ffi.new("PetscBool *")
        out = np.empty(self.J, dtype=bool)
        for j in range(self.J):
            check(lib.MckEnsembleGetMemberActive(self.handle[0], j, a))
            out[j] = bool(a[0])
        return out

    @property
    def info(self):
        """Diagnostics of the last analysis or iteration (MckEnsembleInfo) as a dict."""
        i = ffi.new("MckEnsembleInfo *")
        check(lib.MckEnsembleGetInfo(self.handle[0], i))
        return {k: getattr(i, k)
                for k in ("cycle", "nactive", "nfailed", "nfailed_total", "misfit", "misfit_mean", "dt", "time")}
