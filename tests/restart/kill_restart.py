#!/usr/bin/env python3
"""Kill-and-restart test for any McKean app: a run killed with SIGKILL after a checkpoint and
restarted from it must end with the run file of an uninterrupted run.

    kill_restart.py --mpiexec MPIEXEC --app APP --checkpoint-interval C [--ranks N]
                    [--restart-ranks M] -- APP_OPTIONS...

1. the uninterrupted run: N ranks, APP_OPTIONS -checkpoint_interval C -output full.h5;
2. the same with -output killed.h5, SIGKILLed (every process of it: the ranks and mpiexec, as a
   node failure would) as soon as its first checkpoint killed.chk.h5 exists -- so the kill lands
   after a checkpoint -- and required to be still running then, with no finished killed.h5 --
   so the kill lands before the end;
3. the restart: M ranks, -restart killed.chk.h5 -output killed.h5, must exit 0;
4. killed.h5 must equal full.h5: the same groups and datasets, every dataset bit for bit, and
   every attribute that is a function of the options and the seed.

Rule for what may differ (DESIGN.md §3): anything under /perf, and the attributes named in
MACHINE_ATTRIBUTES -- the date, the wall time, the rank count, and the options string (it holds
-output and -restart, which differ between the two runs by construction). Everything else is
compared. The restart may use another rank count: the results do not depend on it.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

MACHINE_ATTRIBUTES = {"created", "wall_time_seconds", "nranks", "options"}
MACHINE_GROUPS = ("perf",)
RUN_TIMEOUT = 300.0
POLL = 0.005


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def machine_dependent(name):
    return name.split("/")[0] in MACHINE_GROUPS


def contents(path):
    """Every object (name -> kind), dataset (name -> dtype, shape, bytes) and attribute
    ((object, name) -> value as bytes) of a run file, less the machine-dependent ones."""
    objects, data, attrs = {}, {}, {}

    def add_attrs(name, obj):
        for key, value in obj.attrs.items():
            if key not in MACHINE_ATTRIBUTES:
                v = np.asarray(value)
                attrs[(name, key)] = (v.dtype.str, v.shape, v.tobytes() if v.dtype != object else repr(value).encode())

    def visit(name, obj):
        if machine_dependent(name):
            return
        objects[name] = "dataset" if isinstance(obj, h5py.Dataset) else "group"
        if isinstance(obj, h5py.Dataset):
            arr = obj[...]
            data[name] = (arr.dtype.str, arr.shape, np.ascontiguousarray(arr).tobytes())
        add_attrs(name, obj)

    with h5py.File(path, "r") as f:
        add_attrs("/", f)
        f.visititems(visit)
    return objects, data, attrs


def differences(a, b):
    out = []
    for what, da, db in zip(("object", "dataset", "attribute"), contents(a), contents(b)):
        for key in sorted(set(da) | set(db), key=str):
            if key not in da or key not in db:
                out.append("%s %s only in %s" % (what, key, os.path.basename(a if key in da else b)))
            elif da[key] != db[key]:
                out.append("%s %s differs" % (what, key))
    return out


def launch(mpiexec, nranks, app, options, cwd):
    cmd = [mpiexec, "-n", str(nranks), app] + options
    print("$ (cd %s && %s)" % (cwd, " ".join(cmd)), flush=True)
    return subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def run(mpiexec, nranks, app, options, cwd):
    p = launch(mpiexec, nranks, app, options, cwd)
    try:
        out, _ = p.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        kill_tree(p.pid)
        fail("timed out after %.0f s" % RUN_TIMEOUT)
    print(out, end="", flush=True)
    if p.returncode != 0:
        fail("exit code %d" % p.returncode)


def descendants(pid):
    """pid and every process below it (from /proc), children first."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out[::-1]


def kill_tree(pid):
    for p in descendants(pid):
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


def checkpoint_step(path):
    with h5py.File(path, "r") as f:
        return int(f["/checkpoint"].attrs["step"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--app", required=True)
    ap.add_argument("--checkpoint-interval", type=int, required=True)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--restart-ranks", type=int)
    ap.add_argument("options", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    options = [o for o in a.options if o != "--"] + ["-checkpoint_interval", str(a.checkpoint_interval)]
    restart_ranks = a.restart_ranks or a.ranks
    cwd = tempfile.mkdtemp(prefix="mck-kill-restart-")

    run(a.mpiexec, a.ranks, a.app, options + ["-output", "full.h5"], cwd)

    chk, killed = os.path.join(cwd, "killed.chk.h5"), os.path.join(cwd, "killed.h5")
    p = launch(a.mpiexec, a.ranks, a.app, options + ["-output", "killed.h5"], cwd)
    deadline = time.monotonic() + RUN_TIMEOUT
    while not os.path.exists(chk) and p.poll() is None and time.monotonic() < deadline:
        time.sleep(POLL)
    running = p.poll() is None
    kill_tree(p.pid)
    out, _ = p.communicate()
    print(out, end="")
    if not os.path.exists(chk):
        fail("the run wrote no checkpoint killed.chk.h5 (exit code %s)" % p.returncode)
    if not running or os.path.exists(killed):
        fail("the run ended before the kill: make it longer than one checkpoint interval (%d steps)" % a.checkpoint_interval)
    step = checkpoint_step(chk)
    print("killed with SIGKILL after the checkpoint at step %d (exit code %d); left: %s"
          % (step, p.returncode, ", ".join(sorted(os.listdir(cwd)))), flush=True)

    run(a.mpiexec, restart_ranks, a.app, options + ["-restart", "killed.chk.h5", "-output", "killed.h5"], cwd)

    diff = differences(os.path.join(cwd, "full.h5"), killed)
    if diff:
        fail("the restarted run file differs from the uninterrupted one (run directory kept: %s):\n  %s" % (cwd, "\n  ".join(diff)))
    n = [len(x) for x in contents(killed)]
    print("PASS: killed at step %d on %d ranks, restarted on %d: %d objects, %d datasets and %d attributes identical"
          % (step, a.ranks, restart_ranks, n[0], n[1], n[2]))
    shutil.rmtree(cwd, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
