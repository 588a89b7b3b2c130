"""Cost of agreeing on a call's arguments before a collective call (mckean._core.refusing), side
by side in one run: Model.advance of a tiny Python model (n = 2 per rank, 0 steps: the call's own
work is the crossing alone) with the agreement, against the same checks and C call without it
(Model.advance before the agreement); and the agreement alone (an empty refusing block). On one
rank the agreement makes no reduction; on more it is one MPI_Allreduce of one integer.

    mpiexec -n 1 /usr/bin/python3 bench/bench-python-agree.py [--calls 20000] [--repeats 7]
Prints one JSON object (rank 0): microseconds per call, best of the repeats."""
import argparse
import json
import os
import time

import numpy as np
from mpi4py import MPI

import mckean
from mckean import _core
from mckean._mckean import ffi, lib

COMM = MPI.COMM_WORLD


def decay(t, x, f):
    f[:] = -x


def per_call_us(fn, calls, repeats):
    """Best of repeats of the mean time of fn() (all ranks in step), in microseconds."""
    best = float("inf")
    for _ in range(repeats):
        COMM.barrier()
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - t0) / calls)
    return best * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    model = mckean.Model(COMM, rhs=decay, n=2 * COMM.size, dt=0.1)
    x = np.ones(model.nlocal)

    def advance():  # the method: its arguments agreed, then the C call, then its error agreed
        model.advance(0.0, 0, x)

    def advance_unagreed():  # the same checks, C call and error agreement, without the arguments' agreement
        if not (isinstance(x, np.ndarray) and x.dtype == np.float64 and x.flags.c_contiguous and x.flags.writeable):
            raise ValueError("x")
        if x.shape != (model.nlocal,):
            raise ValueError("x")
        model._call(lib.MckPyModelAdvance, model.handle[0], 0.0, 0, _core.pointer(x), ffi.new("PetscBool *"))

    def agreement():
        with _core.refusing(COMM):
            pass

    times = {}
    for _ in range(2):  # alternated, each pair under the same load; the second round kept
        times = {name: per_call_us(fn, args.calls, args.repeats)
                 for name, fn in (("advance_us", advance), ("advance_without_agreement_us", advance_unagreed),
                                  ("agreement_alone_us", agreement))}
    if COMM.rank == 0:
        print(json.dumps({"benchmark": "python-agree", "cpu": mckean.cpu_model(), "ranks": COMM.size,
                          "loadavg_1min": os.getloadavg()[0], **times,
                          "added_us": times["advance_us"] - times["advance_without_agreement_us"]}, indent=1))


if __name__ == "__main__":
    main()
