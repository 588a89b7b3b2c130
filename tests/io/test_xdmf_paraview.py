#!/usr/bin/env python3
"""Every app's XDMF sidecar as ParaView 5.11 reads it (pvbatch, under xvfb-run).

    test_xdmf_paraview.py --apps DIR --inputs DIR --mpiexec MPIEXEC [--pvbatch PVBATCH]

Runs the apps that write a sidecar -- mckean-twin (2D, two fields, the observation times) and
mckean-field (Cahn-Hilliard on 1D, 2D and 3D grids) -- and opens each sidecar with ParaView's
"XDMF Reader" in pvbatch (tests/io/xdmf_paraview.py). Against the run file, for every time step:
  - the time steps are the run file's snapshot times;
  - the number of points is the grid's, n_x n_y n_z;
  - the bounds are [0, L_a - L_a/n_a] (to single precision, as ParaView reads the spacing) along
    each axis of the grid and 0 along the others: a 1D or 2D grid lies in the x-y plane (ParaView
    puts a 2DCoRectMesh in the y-z plane);
  - every field is an array of that name whose minimum, maximum and sum are those of the
    snapshot in the run file (sum to 1e-12 relative: the values are read, not approximated);
and ParaView's default camera (looking down -z) sees the 2D and 3D grids: more than a quarter of
the image is not background.

ParaView is not installed by scripts/setup.sh (it adds about 900 MB); without pvbatch the test
is skipped (exit 77) saying how to install it.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

SKIP = 77


def fail(msg):
    raise SystemExit("FAIL: " + msg)


def run_app(a, app, args, cwd, nranks=2):
    cmd = [a.mpiexec, "-n", str(nranks), os.path.join(a.apps, app)] + args
    print("$ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    print(r.stdout + r.stderr, end="")
    if r.returncode != 0:
        fail("%s exited %d" % (app, r.returncode))


def paraview(a, files, cwd):
    """What ParaView sees in each file, in one pvbatch run under xvfb-run (a fresh X server may
    refuse the first connection on a loaded machine: up to three attempts)."""
    cmd = [a.pvbatch, os.path.join(os.path.dirname(os.path.abspath(__file__)), "xdmf_paraview.py")] + files
    if shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 640x480x24"] + cmd
    for attempt in range(3):
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
        seen = {}
        for line in r.stdout.splitlines():
            if line.startswith("XDMF-JSON "):
                out = json.loads(line[len("XDMF-JSON "):])
                seen[out["file"]] = out
        if len(seen) == len(files):
            return seen
        print("pvbatch attempt %d failed (exit %d):\n%s" % (attempt + 1, r.returncode, (r.stdout + r.stderr)[-2000:]))
        time.sleep(1)
    fail("pvbatch could not read %s" % ", ".join(files))


def close(x, y, rel):
    return abs(x - y) <= rel * max(1.0, abs(x), abs(y))


def check(case, seen, n, L, times, fields):
    """seen: pvbatch's JSON; n, L: grid points and lengths per axis; times: the snapshot times;
    fields: {array name: (nsnap, N) values}."""
    dim = len(n)
    if len(seen["times"]) != len(times) or not all(close(t, s, 1e-12) for t, s in zip(times, seen["times"])):
        fail("%s: ParaView's time steps %s are not the run file's %s" % (case, seen["times"], list(times)))
    want_bounds = []
    for ax in range(3):
        hi = L[ax] - L[ax] / n[ax] if ax < dim else 0.0
        want_bounds += [0.0, hi]
    for k, step in enumerate(seen["steps"]):
        if step["points"] != int(np.prod(n)):
            fail("%s: %d points at t=%g, the grid has %d" % (case, step["points"], step["time"], int(np.prod(n))))
        if not all(close(b, w, 1e-6) for b, w in zip(step["bounds"], want_bounds)):  # ParaView reads the spacing in single precision
            fail("%s: bounds %s at t=%g, expected %s (a %dD grid in the x-y plane)" % (case, step["bounds"], step["time"], want_bounds, dim))
        if set(step["arrays"]) != set(fields):
            fail("%s: arrays %s, expected %s" % (case, sorted(step["arrays"]), sorted(fields)))
        for name, values in fields.items():
            got, v = step["arrays"][name], values[k]
            if got["n"] != v.size or not (close(got["min"], v.min(), 1e-12) and close(got["max"], v.max(), 1e-12) and close(got["sum"], v.sum(), 1e-12)):
                fail("%s: array %s at t=%g is %s, the run file holds min %r max %r sum %r" % (case, name, step["time"], got, v.min(), v.max(), v.sum()))
    if dim >= 2 and seen["coverage"] < 0.25:
        fail("%s: ParaView's default camera sees %.1f%% of the image covered: the grid is not in the x-y plane" % (case, 100 * seen["coverage"]))
    print("PASS %s: %d times, %d points, bounds %s, arrays %s, %.0f%% of the default view covered"
          % (case, len(times), int(np.prod(n)), want_bounds, sorted(fields), 100 * seen["coverage"]), flush=True)


def snapshots(f, path):
    d = f[path][...]
    return d.reshape(d.shape[0], -1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--apps", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--pvbatch", default=shutil.which("pvbatch"))
    a = ap.parse_args()
    a.apps, a.inputs = os.path.abspath(a.apps), os.path.abspath(a.inputs)
    if not a.pvbatch:
        print("SKIP: pvbatch (ParaView) is not installed; install it with MCKEAN_PARAVIEW=1 scripts/setup.sh "
              "(Debian packages paraview, python3-paraview, xvfb: about 85 MB to download, 900 MB installed)")
        return SKIP
    cwd = tempfile.mkdtemp(prefix="mck-xdmf-paraview-")
    run_app(a, "mckean-twin", ["-options_file_yaml", os.path.join(a.inputs, "default.yaml"), "-particles_n", "1000",
                               "-grid_n", "16", "-ens_size", "8", "-twin_iterations", "2", "-progress_interval", "0", "-output", "twin.h5"], cwd)
    for dim, n in ((1, 64), (2, 32), (3, 8)):
        run_app(a, "mckean-field", ["-options_file_yaml", os.path.join(a.inputs, "cahn_hilliard.yaml"), "-grid_dim", str(dim),
                                    "-grid_n", str(n), "-ts_max_time", "0.01", "-progress_interval", "0", "-output", "field%dd.h5" % dim], cwd)
    seen = paraview(a, ["twin.xmf", "field1d.xmf", "field2d.xmf", "field3d.xmf"], cwd)
    with h5py.File(os.path.join(cwd, "twin.h5"), "r") as f:
        check("mckean-twin 2D", seen["twin.xmf"], [16, 16], list(f["/twin/box"][...]), f["/twin/obs_times"][...],
              {"density_truth": snapshots(f, "/fields/truth"), "density_predicted": snapshots(f, "/fields/predicted")})
    for dim in (1, 2, 3):
        with h5py.File(os.path.join(cwd, "field%dd.h5" % dim), "r") as f:
            check("mckean-field %dD" % dim, seen["field%dd.xmf" % dim], list(f["/fields/shape"][...]), list(f["/fields/box"][...]),
                  f["/timeseries/snapshot_times"][:, 0], {"u": snapshots(f, "/fields/u")})
    shutil.rmtree(cwd, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
