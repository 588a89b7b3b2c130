"""Initialization, errors, options and communicators: what every object of the package uses."""
import atexit
import contextlib
import sys
import weakref

import numpy as np
from mpi4py import MPI

from ._mckean import ffi, lib


class Error(RuntimeError):
    """A McKean error: the one-line message McKean's apps print, and PETSc's error code.

    ``collective`` says whether every rank of the world raised it (a user mistake or a failure
    raised on a communicator spanning the world); otherwise other ranks may still be waiting in a
    collective, and the job should end (``MPI.COMM_WORLD.Abort()``). ``where`` is the C detail
    the message leaves out: the code, function, file and line PETSc raised it at ("" when the
    error was not raised in C)."""

    def __init__(self, message, code, collective, where=""):
        super().__init__(message)
        self.code = code
        self.collective = collective
        self.where = where

    def __reduce__(self):
        # pickled whole (mpi4py's gather of errors, multiprocessing, copy): Exception's own
        # pickling would call Error(message) alone
        return type(self), (str(self), self.code, self.collective, self.where)


# Python exceptions raised inside callbacks on this rank, kept until the failure is raised
# collectively (McKean's C code cannot carry them).
_callback_exceptions = []

# A KeyboardInterrupt (or SystemExit) raised inside a forward model on this rank: it stops the
# model's callbacks and is raised again when the C call returns, instead of failing a member.
_interrupt = None

# The communicator whose ranks agree on every error while objects are created (see agree), or None.
_agreement = None


def check(ierr):
    """Raise the McKean error behind a nonzero error code (inside agreeing(comm), on every rank of
    comm when any rank failed: see agree)."""
    if _agreement is not None:
        agree(_agreement, ierr)
    elif _interrupt is not None:
        raise_interrupt(ierr)
    elif ierr:
        raise_error(ierr, *take_error())


def raise_interrupt(ierr):
    """Raise this rank's KeyboardInterrupt or SystemExit of a callback (its C call's error, if
    any, is dropped: it only stopped the call)."""
    global _interrupt
    interrupt, _interrupt = _interrupt, None
    if ierr:
        take_error()
    raise interrupt


def agree(comm, ierr, refusal=None):
    """Raise on every rank of comm when ierr is nonzero on any, or a callback was interrupted on
    any: a rank that failed raises its own error, the others one naming the first rank that
    failed, with its message. A step of creating an object (its options, SetFromOptions, SetUp),
    a bad argument given on one rank only, or a Python callback interrupted on one rank fails on
    that rank alone: without this, that rank would raise and the others would wait forever in
    the next collective. One reduction of one integer when nothing failed; an interrupt comes
    before an error. refusal: this rank's Python exception refusing an argument (see refusing),
    raised itself. What it raises is marked as agreed (agreed()): an enclosing block that agrees
    on exceptions does not agree on it again."""
    try:
        _agree(comm, ierr, refusal)
    except BaseException as exc:  # noqa: B902 -- marked, not handled
        exc._mckean_agreed = True
        raise


def agreed(exc):
    """Whether every rank of the communicator raised exc (or an Error naming it): see agree."""
    return getattr(exc, "_mckean_agreed", False)


def _agree(comm, ierr, refusal):
    state = 0 if _interrupt is not None else 1 if ierr or refusal is not None else 2
    if comm.size == 1:  # nobody to tell (a model on MPI.COMM_SELF): no reduction
        kind, first = state, 0
    else:
        kind, first = divmod(comm.allreduce(state * comm.size + comm.rank, op=MPI.MIN), comm.size)
    if kind == 2:
        return
    collective = comm.size == MPI.COMM_WORLD.size
    if kind == 0:
        mine = _interrupt if first == comm.rank else None
        what = comm.bcast(str(mine) if isinstance(mine, Error) else type(mine).__name__, root=first)
        if isinstance(_interrupt, Error):
            _interrupt.collective = collective  # every rank of comm raises now
        if _interrupt is not None:
            raise_interrupt(ierr)
        if ierr:
            take_error()
        _callback_exceptions.clear()
        raise Error(f"the call was stopped on rank {first} of {comm.size}: {what} in a Python callback there",
                    lib.PETSC_ERR_ORDER, collective)
    mine = (*take_error(), ierr) if ierr else None
    if refusal is not None:
        mine = (str(refusal), False, "", lib.PETSC_ERR_ARG_WRONG)
    message, _, where, code = comm.bcast(mine if first == comm.rank else None, root=first)
    if refusal is not None:
        raise refusal
    if ierr:
        raise_error(ierr, mine[0], collective, mine[2])
    raise_error(code, f"{message} (on rank {first} of {comm.size})", collective, where)


def take_error():
    """The message of the last error, whether every rank raised it and where in C it was raised;
    clears it."""
    message = ffi.string(lib.MckPyErrorMessage()).decode()
    where = ffi.string(lib.MckPyErrorWhere()).decode()
    lib.MckPyErrorClear()
    return message, bool(lib.MckPyErrorOnWorld()), where


def raise_error(ierr, message, collective, where=""):
    """Raise Error, caused by the Python exception of a callback on this rank if there was one;
    a KeyboardInterrupt or SystemExit in a callback is raised itself (the other ranks raise Error)."""
    error = Error(message, ierr, collective, where)
    if _callback_exceptions:
        cause = _callback_exceptions[0]
        _callback_exceptions.clear()
        if not isinstance(cause, Exception):
            raise cause from error
        raise error from cause
    raise error


_initialized = False


def initialize(args=()):
    """Start McKean (and PETSc, unless petsc4py or another caller already did); MPI is mpi4py's.

    Importing mckean calls it without arguments, so PETSc options for the whole process
    (``-log_view``) go in the environment variable PETSC_OPTIONS, or to petsc4py.init(args)
    before mckean is imported. McKean ends only what it started (``finalize``, at exit)."""
    global _initialized
    if _initialized:
        return
    program = sys.argv[0] if sys.argv and sys.argv[0] else "python3"
    argv = [ffi.new("char[]", a.encode()) for a in [program] + list(args)]
    check(lib.MckPyInitialize(len(argv), ffi.new("char *[]", argv)))
    _initialized = True
    atexit.register(finalize)


def finalize():
    """End McKean (PETSc too if McKean started it); called at exit. Objects still alive can no
    longer be used (their methods raise ValueError)."""
    global _initialized
    if not _initialized:
        return
    _initialized = False
    for obj in list(_objects):
        obj._forget("mckean.finalize()")
    check(lib.MckPyFinalize())


def fcomm(comm):
    """The Fortran handle of an mpi4py communicator (None: COMM_WORLD): the portable form C
    converts back with MPI_Comm_f2c. Every call that makes a McKean object passes here, so it is
    where a call after mckean.finalize() is refused (PETSc would fail without a message)."""
    if not _initialized:
        raise Error("McKean is not initialized (mckean.finalize() was called): call mckean.initialize() first",
                    lib.PETSC_ERR_ORDER, True)
    if not isinstance(comm, (MPI.Comm, type(None))):
        raise TypeError(f"a communicator must be an mpi4py communicator (MPI.Comm) or None, not {type(comm).__name__}")
    if comm == MPI.COMM_NULL:
        raise ValueError("a McKean object needs a communicator, not MPI.COMM_NULL")
    return (comm if comm is not None else MPI.COMM_WORLD).py2f()


def option_value(value):
    """An option's value as a command line would give it: the shortest text that reads back as
    the same float, booleans as true/false, sequences (NumPy arrays too) comma-separated."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return ",".join(option_value(v) for v in value)
    return str(value)


def option_args(deck=None, options=None):
    """Keyword options (names as the C options without the dash) and a YAML deck as arguments."""
    args = ["-options_file_yaml", str(deck)] if deck is not None else []
    for name, value in (options or {}).items():
        args.append("-" + name.lstrip("-"))
        if value is not None:
            args.append(option_value(value))
    return args


_shared_depth = 0  # > 0 inside a `with mckean.options(...)` block


@contextlib.contextmanager
def agreeing(comm):
    """Inside the block check() raises on every rank of comm when any rank failed (agree)."""
    global _agreement
    outer = _agreement
    _agreement = outer if outer is not None else (comm if comm is not None else MPI.COMM_WORLD)
    try:
        yield
    finally:
        _agreement = outer


class refusing:
    """Arguments checked in Python before a collective call: a refusal on one rank (a ValueError or
    TypeError of the checks, or any other exception the conversions raise: an OverflowError of an
    index beyond a PetscInt) raises there and as Error naming it on every other rank of comm
    (agree), which would otherwise go on into the call and wait for that rank. A class, not a
    generator: entering and leaving it is most of its cost on one rank (no reduction there)."""

    __slots__ = ("comm",)

    def __init__(self, comm):
        self.comm = comm if comm is not None else MPI.COMM_WORLD

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, traceback):
        if exc is None:
            agree(self.comm, 0)
        elif isinstance(exc, Exception) and not agreed(exc):  # whatever stops this rank stops every rank
            agree(self.comm, 0, exc)  # raises exc here, Error naming this rank on the others
        return False  # the exception goes on: one every rank raised already (a call's failure) as it is


def c_value(ctype, value):
    """value converted as a C call's argument of ctype (a scalar: "PetscReal", "PetscInt") would
    be: the TypeError or OverflowError the call would raise comes here instead, where it can be
    refused on every rank (refusing) before the collective call."""
    return ffi.new(f"{ctype} *", value)[0]


def collective_args(comm, what, *args):
    """The scalar arguments of a collective call, args as (ctype, value) pairs, converted as the
    call would convert them (c_value) and checked equal to rank 0's: a value that does not convert,
    or differs between the ranks (steps or a final time given per rank), raises on every rank of
    comm (refusing) instead of leaving the others in the call or in a different number of steps.
    Returns the converted values. One broadcast and one reduction on more than one rank."""
    comm = comm if comm is not None else MPI.COMM_WORLD
    if comm.size == 1:  # nothing to agree with: a value that does not convert raises here
        return tuple(c_value(ctype, value) for ctype, value in args)
    values, error = None, None
    try:
        values = tuple(c_value(ctype, value) for ctype, value in args)
    except Exception as e:  # raised below, once every rank has taken part in the broadcast
        error = e
    first = comm.bcast(values, root=0)
    with refusing(comm):
        if error is not None:
            raise error
        # first None: rank 0's value did not convert, and its error is the one every rank raises
        if first is not None and values != first and repr(values) != repr(first):  # NaN is its own value here
            raise ValueError(f"{what}: the arguments must be the same on every rank: "
                             f"{', '.join(map(repr, values))} here, {', '.join(map(repr, first))} on rank 0")
    return values


@contextlib.contextmanager
def options(comm, args, program="mckean", check_unused=True, agree_inside=True):
    """A private options database holding args (McKeanOptionsPush) for the objects created and
    set up inside the block; an option nobody read is refused at the end of the block, as an app
    refuses it. Inside a shared block (shared_options) an object reads the block's database.
    An error on one rank raises on every rank of comm (agree): in reading the options, in
    refusing unused ones and, with agree_inside, in the calls inside the block (the steps of
    creating an object, which every rank makes) and in a Python exception raised inside it."""
    if _shared_depth:
        with refusing(comm):  # options given to one rank's object only: every rank raises
            if args:
                raise ValueError("inside a `with mckean.options(...)` block, give the options to the block, "
                                 "not to the object")
        with agreeing(comm):
            yield
        return
    argv = [ffi.new("char[]", a.encode()) for a in [program] + list(args)]
    with agreeing(comm):
        check(lib.MckPyOptionsPush(fcomm(comm), len(argv), ffi.new("char *[]", argv)))
    try:
        try:
            with agreeing(comm) if agree_inside else contextlib.nullcontext():
                yield
        except Exception as exc:  # noqa: B902 -- raised on this rank alone: every rank raises
            # the other ranks agree next on the unused options: the same one reduction (no collective
            # call may come between this rank's failure and the end of the block: arguments a step
            # checks in Python before a collective one are refused there, with refusing)
            if not (agree_inside and check_unused) or agreed(exc):
                raise
            agree(comm if comm is not None else MPI.COMM_WORLD, 0, exc)
        if check_unused:
            with agreeing(comm):
                check(lib.MckPyOptionsCheckUnused(fcomm(comm)))
    finally:
        popped = lib.McKeanOptionsPop()  # local: no agreement needed
        if popped:
            raise_error(popped, *take_error())


@contextlib.contextmanager
def shared_options(comm=None, deck=None, check_unused=True, **values):
    """One options database (a deck and keywords) for every object created inside the block,
    as an app's command line is for its objects:

        with mckean.options(deck="inputs/langevin.yaml", particles_n=1000, check_unused=False):
            p = mckean.Particles()
            dyn = mckean.Langevin(p, mckean.RNG())   # the RNG reads -seed, as an app's run does

    At the end of the block an option no object read is refused (check_unused=False allows the
    options of an app's deck that only the app reads, such as -lgv_output_interval)."""
    global _shared_depth
    if _shared_depth:
        raise ValueError("mckean.options blocks do not nest")
    with options(comm, option_args(deck, values), check_unused=check_unused, agree_inside=False):
        _shared_depth += 1
        try:
            yield
        finally:
            _shared_depth -= 1


def seed_argument(comm, seed):
    """seed (None, or a PetscInt) checked on every rank of comm before an object is made: a seed
    refused on one rank raises on every rank, not in a step of making the object that the other
    ranks follow with its set-up's collectives."""
    fcomm(comm)  # a communicator first (an object that is none cannot agree)
    with refusing(comm):
        return None if seed is None else c_value("PetscInt", seed)


def default_seed(seed):
    """seed, or else the option -seed of the current options database (default 1), as an app's
    run reads it."""
    if seed is not None:
        return seed
    value, found = ffi.new("PetscInt *"), ffi.new("PetscBool *")
    check(lib.PetscOptionsGetInt(ffi.NULL, ffi.NULL, b"-seed", value, found))
    return value[0] if found[0] else 1


def out(ctype, n=1):
    """A C output argument (or n of them) for a call: ffi.new("ctype[n]")."""
    return ffi.new(f"{ctype}[{n}]")


def get(fn, handle, *ctypes):
    """The output arguments of a getter fn(handle, &a, &b, ...) of the C types ctypes: a value, or
    a tuple of them; C strings as str."""
    args = [out(t) for t in ctypes]
    check(fn(handle, *args))
    values = [ffi.string(a[0]).decode() if t == "const char *" else a[0] for a, t in zip(args, ctypes)]
    return values[0] if len(values) == 1 else tuple(values)


def version():
    return ffi.string(lib.McKeanVersion()).decode()


def cpu_model():
    buf = ffi.new("char[256]")
    check(lib.McKeanGetCPUModel(buf, 256))
    return ffi.string(buf).decode()


def isa():
    """The instruction set McKean's vector kernels run with (avx512, avx2, generic)."""
    return ffi.string(lib.McKeanISAName(lib.McKeanGetISA())).decode()


def pointer(array):
    """A PetscReal[] over a C-contiguous float64 NumPy array's memory; it keeps the array alive
    (a cast of ffi.from_buffer would not, and a temporary array could be freed under it)."""
    return ffi.from_buffer("PetscReal[]", array)


def reals(array, what):
    """array (NumPy, a torch tensor, an xarray object, a list, ...) as a C-contiguous float64 NumPy
    array; complex values are refused (NumPy would drop their imaginary parts with a warning)."""
    if np.iscomplexobj(array):
        raise TypeError(f"{what} must be real, not complex")
    return np.ascontiguousarray(array, dtype=np.float64)


def values(array, shape, what):
    """array as a C-contiguous float64 NumPy array of exactly shape, else ValueError naming what:
    C reads (or writes) exactly that many values, so a shorter array would be read past its end."""
    a = reals(array, what)
    if a.shape != tuple(shape):
        raise ValueError(f"{what} must have shape {tuple(shape)}, not {a.shape}")
    return a


def variances(r, n, what):
    """r as n variances: a single number (a scalar, or an array of shape ()) stands for n equal
    ones, as NumPy broadcasts a scalar; an array must have shape (n,) (even one of length 1 is
    refused for n > 1: it is more likely a list cut short than a shared variance)."""
    if np.ndim(r) == 0:
        return np.full(n, r, dtype=np.float64)
    return values(r, (n,), what)


def vector(array, what):
    """array as a C-contiguous one-dimensional float64 NumPy array, else ValueError naming what."""
    a = reals(array, what)
    if a.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional, not of shape {a.shape}")
    return a


class View:
    """An array interface over McKean's memory that keeps its owner alive: numpy.asarray(View)
    is a zero-copy view whose base holds the owner (the object that frees the memory). An owner
    destroyed while a view of it lives frees its memory only when the last view is gone."""

    def __init__(self, owner, pointer, n, readonly=False):
        self.owner = owner
        if isinstance(owner, Object):
            owner.handle  # raises once the owner is destroyed: its memory may be freed
            owner.keep(self)
        shape = tuple(n) if isinstance(n, (tuple, list)) else (n,)
        self.__array_interface__ = {"data": (int(ffi.cast("uintptr_t", pointer)), readonly), "shape": shape,
                                    "typestr": "<f8", "version": 3}


def view(owner, pointer, shape, readonly=False):
    """A zero-copy NumPy view of McKean's memory at pointer (float64, C order) keeping owner alive."""
    return np.asarray(View(owner, pointer, shape, readonly))


def copy(pointer, shape):
    """A NumPy copy of shape float64 values at pointer (memory McKean may reuse)."""
    n = int(np.prod(shape))
    return np.frombuffer(ffi.buffer(pointer, 8 * n), dtype=np.float64).copy().reshape(shape)


def make(obj, comm, deck, values, ctype, create, *steps):
    """obj.handle = a new C object of type ctype on comm, inside a private options database of
    the deck and keyword options: create(comm, &handle), then each step(handle) in order (each
    returns an error code: SetFromOptions, SetUp, ...)."""
    obj.comm = comm
    obj.handle = ffi.new(f"{ctype} *")
    with options(comm, option_args(deck, values)):
        check(create(fcomm(comm), obj.handle))
        for step in steps:
            check(step(obj.handle[0]))


# Every object the bindings made and still hold: finalize() makes them unusable.
_objects = weakref.WeakSet()


class Object:
    """A McKean object held by the bindings: self.handle points to the C object, and the class
    names its destroy function (_destroy).

    Once the object is destroyed (or McKean finalized), self.handle raises ValueError, so no
    method passes C a freed object. Its memory is freed when nothing still uses it: destroy()
    frees it at once unless a view of it or an object using it (keep) is alive, and then the
    garbage collector frees it after them."""

    _destroy = None
    _handle = None
    _gone = None

    @property
    def handle(self):
        if self._handle is None and self._gone is not None:
            raise ValueError(f"{type(self).__name__} used after {self._gone}")
        return self._handle

    @handle.setter
    def handle(self, handle):
        self._handle = handle
        _objects.add(self)

    def keep(self, user):
        """user (a view of this object's memory, or an object that uses this one) keeps its C
        object alive: destroy() leaves the freeing to the garbage collector while user lives."""
        self.__dict__.setdefault("_users", weakref.WeakSet()).add(user)

    def _forget(self, why):
        """Make the object unusable from Python; returns the C handle to free, if any."""
        handle, self._handle, self._gone = self._handle, None, why
        return handle

    def destroy(self):
        """Free the object now (collective on its communicator); the garbage collector does it
        otherwise, at a moment that may differ between ranks (safe: see docs/python.md). A second
        destroy() does nothing; any other use afterwards raises ValueError."""
        if self._gone is not None:
            return
        handle = self._forget("destroy()")
        if len(self.__dict__.get("_users", ())):
            self._held = handle  # freed by __del__, once its views and users are gone
        elif _initialized and handle is not None and handle[0] != ffi.NULL:
            check(getattr(lib, self._destroy)(handle))

    def __del__(self):
        handle = self.__dict__.get("_held", self._handle)
        if _initialized and handle is not None and handle[0] != ffi.NULL:
            getattr(lib, self._destroy)(handle)
