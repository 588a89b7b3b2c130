"""Running an app's job in-process: mckean.run("langevin", deck, **options)."""
from mpi4py import MPI

from ._mckean import ffi, lib
from . import _core
from ._core import check, fcomm
from .particles import _drifts


def apps():
    """The names of the apps run() can run (mckean-<name>)."""
    names, i = [], 0
    while lib.MckPyAppName(i) != ffi.NULL:
        names.append(ffi.string(lib.MckPyAppName(i)).decode())
        i += 1
    return names


def run(app, deck=None, **options):
    """Run the job of mckean-<app> in this process, on MPI.COMM_WORLD (collective), as
    ``mckean-<app> -options_file_yaml deck -<name> <value> ...`` would: the same options, the
    same run file (its datasets bit for bit; the run attributes record this run). Options are
    keywords named as the C options without the dash (``output="run.h5", lgv_steps=100``); an
    option the app does not read is refused as the app refuses it. Python drifts registered with
    register_drift() are available to -lgv_drifts. Returns the run file's path when the options
    (keywords or deck) name it with -output, else None (the app's default name)."""
    if app not in apps():
        raise ValueError(f"unknown app {app!r}; apps: {', '.join(apps())}")
    args, world = _core.option_args(deck, options), MPI.COMM_WORLD
    # an app's command line is the same on every rank: a value given on one rank only would be
    # refused there alone, inside the app, and leave the other ranks waiting in its collectives
    if world.allreduce([app] + args != world.bcast([app] + args, root=0), op=MPI.LOR):
        raise ValueError(f"mckean.run({app!r}): the app and options must be the same on every rank")
    program = ffi.new("char[4096]")
    check(lib.PetscGetProgramName(program, 4096))
    check(lib.PetscSetProgramName(f"mckean-{app}".encode()))
    try:
        with _core.options(world, args, program=f"mckean-{app}", check_unused=False,
                           agree_inside=False):
            found = ffi.new("int *")
            err = lib.MckPyRunApp(app.encode(), found)
            if err and lib.MckPyErrorOnWorld():
                # every rank raised it: remove the files in progress, as McKeanFinalize would
                message, _, where = _core.take_error()
                lib.MckIOAbortAll()
                _core.take_error()
                _core.raise_error(err, message, True, where)
            check(err)
            if _drifts:
                check(lib.MckPyDriftCheck(fcomm(MPI.COMM_WORLD)))
            output, found = ffi.new("char[4096]"), ffi.new("PetscBool *")
            check(lib.PetscOptionsGetString(ffi.NULL, ffi.NULL, b"-output", output, 4096, found))
    finally:
        lib.PetscSetProgramName(program)
    return ffi.string(output).decode() if found[0] else None
