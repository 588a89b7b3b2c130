"""Helpers shared by McKean's Python-driven tests: run an app under MPI, read run files,
compare run files dataset by dataset."""
import os
import subprocess
import sys

import h5py
import numpy as np


class Runner:
    """Runs one app under mpiexec: Runner(mpiexec, app)(nranks, *options)."""

    def __init__(self, mpiexec, app):
        self.mpiexec, self.app = mpiexec, app

    def __call__(self, nranks, *options, check=True):
        cmd = [self.mpiexec, "-n", str(nranks), self.app] + [str(o) for o in options]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
        if check and proc.returncode != 0:
            sys.exit(f"FAIL: {' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc


def runner_from_argv():
    """Tests are called as: script MPIEXEC APP [more]."""
    if len(sys.argv) < 3:
        sys.exit(f"usage: {sys.argv[0]} MPIEXEC APP")
    return Runner(sys.argv[1], sys.argv[2])


def series(path, name="langevin"):
    """A time series of a run file as a dict column -> array."""
    with h5py.File(path, "r") as f:
        d = f[f"/timeseries/{name}"]
        cols = d.attrs["columns"]
        cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
        data = d[...]
    return {c: data[:, i] for i, c in enumerate(cols)}


def snapshots(path):
    with h5py.File(path, "r") as f:
        return f["/particles/snapshots"][...]


def datasets(path):
    """Every dataset outside /perf and /checkpoint as name -> raw bytes, dtype and shape."""
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and not name.startswith(("perf", "checkpoint")):
            arr = obj[...]
            out[name] = (arr.dtype.str, arr.shape, np.ascontiguousarray(arr).tobytes())

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return out


def bitwise_differences(a, b):
    """Names of datasets that differ in any bit (or exist in only one file)."""
    da, db = datasets(a), datasets(b)
    names = sorted(set(da) | set(db))
    return [n for n in names if da.get(n) != db.get(n)]


def check(condition, message):
    """Print every check's outcome; remember failures; the test fails at finish()."""
    print(("ok    " if condition else "FAIL  ") + message, flush=True)
    if not condition:
        check.failures += 1


check.failures = 0


def finish():
    if check.failures:
        sys.exit(f"{check.failures} check(s) failed")
    print("all checks passed")
