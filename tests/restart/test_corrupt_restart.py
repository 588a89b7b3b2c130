#!/usr/bin/env python3
"""Damaged checkpoints through a real app: every restart of mckean-langevin from a checkpoint
with a random bit flipped, or cut at a random offset, is either bitwise identical to the
uninterrupted run or refused in one line; none crashes, hangs or runs on wrong data.

    test_corrupt_restart.py --app MCKEAN_LANGEVIN --deck DECK [--flips N] [--cuts M] [--seed S]

1. a run of 20 steps writes the checkpoint mid.chk.h5; an uninterrupted run of 40 steps gives
   full.h5; the undamaged checkpoint restarted to 40 steps must give full.h5 again;
2. each trial damages a copy of mid.chk.h5 and restarts from it (one rank, no mpiexec), and is
   classified (tests/restart/kill_restart.py says what "identical" compares):
     identical -- exit 0 and a run file equal to full.h5;
     refused   -- exit != 0, exactly one stderr line "mckean-langevin: error: -restart FILE: ...",
                  no PETSc traceback, and no file left (no run file, file in progress or lock);
     crash     -- a signal, a traceback, or a refusal that is not one clean line;
     hang      -- no end within the time limit;
     wrong     -- exit 0 with a run file that differs from full.h5;
3. two fixed cases: a NaN written into /checkpoint/particles/x with h5py (checksums stay right)
   and a damaged superblock must both be refused.
The counts are printed as JSON; the test fails unless crash = hang = wrong = 0. The default suite
runs a few trials (each restart is a process start, ~0.5 s); a longer study is the same script
with larger --flips and --cuts.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill_restart import differences  # noqa: E402

TIMEOUT = 60
APP_OPTIONS = ["-particles_n", "2000", "-lgv_output_interval", "2", "-lgv_snapshot_interval", "10", "-progress_interval", "0"]


def run(app, args, cwd):
    try:
        r = subprocess.run([app] + args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    return r


def must_run(app, args, cwd):
    r = run(app, args, cwd)
    if r is None or r.returncode != 0:
        print(r.stdout + r.stderr if r else "timed out")
        raise SystemExit("FAIL: %s failed" % " ".join(args))


def classify(r, cwd, trial):
    """identical, refused, crash, hang or wrong (see the module's docstring), with a reason."""
    if r is None:
        return "hang", "no end within %d s" % TIMEOUT
    left = sorted(f for f in os.listdir(cwd) if f.startswith("out.h5") or f.startswith("out.chk"))
    if r.returncode == 0:
        if differences(os.path.join(cwd, "full.h5"), os.path.join(cwd, "out.h5")):
            return "wrong", "the restart succeeded with another run file"
        return "identical", ""
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if r.returncode < 0:
        return "crash", "signal %d" % -r.returncode
    if "PETSC ERROR" in r.stderr or "Traceback" in r.stderr or len(lines) != 1:
        return "crash", "not one clean line: %r" % lines[:3]
    if not lines[0].startswith("mckean-langevin: error: -restart %s: " % trial):
        return "crash", "the line does not name -restart %s: %r" % (trial, lines[0])
    if left:
        return "crash", "refused, but left %s" % ", ".join(left)
    return "refused", lines[0]


def restart(a, cwd, trial):
    for f in os.listdir(cwd):
        if f.startswith("out."):
            os.remove(os.path.join(cwd, f))
    r = run(a.app, ["-options_file_yaml", a.deck] + APP_OPTIONS + ["-lgv_steps", "40", "-checkpoint_interval", "0", "-restart", trial, "-output", "out.h5"], cwd)
    return classify(r, cwd, trial)


def damage(src, dst, offset, bit):
    data = bytearray(open(src, "rb").read())
    if bit is None:
        data = data[:offset]
    else:
        data[offset] ^= 1 << bit
    open(dst, "wb").write(bytes(data))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--app", required=True)
    ap.add_argument("--deck", required=True)
    ap.add_argument("--flips", type=int, default=16)
    ap.add_argument("--cuts", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    a.app, a.deck = os.path.abspath(a.app), os.path.abspath(a.deck)
    cwd = tempfile.mkdtemp(prefix="mck-corrupt-restart-")
    base = ["-options_file_yaml", a.deck] + APP_OPTIONS
    must_run(a.app, base + ["-lgv_steps", "20", "-checkpoint_interval", "20", "-output", "part.h5", "-checkpoint", "mid.chk.h5"], cwd)
    must_run(a.app, base + ["-lgv_steps", "40", "-checkpoint_interval", "0", "-output", "full.h5"], cwd)
    chk = os.path.join(cwd, "mid.chk.h5")
    size = os.path.getsize(chk)
    counts = {"identical": 0, "refused": 0, "crash": 0, "hang": 0, "wrong": 0}
    bad = []

    kind, why = restart(a, cwd, "mid.chk.h5")
    if kind != "identical":
        raise SystemExit("FAIL: the undamaged checkpoint did not restart to the uninterrupted run: %s %s" % (kind, why))

    rng = random.Random(a.seed)
    for k in range(a.flips + a.cuts):
        offset = rng.randrange(size)
        bit = rng.randrange(8) if k < a.flips else None
        what = "bit %d of byte %d flipped" % (bit, offset) if bit is not None else "cut after %d bytes" % offset
        trial = "trial%d.chk.h5" % k
        damage(chk, os.path.join(cwd, trial), offset, bit)
        kind, why = restart(a, cwd, trial)
        counts[kind] += 1
        if kind in ("crash", "hang", "wrong"):
            bad.append("%s (%s): %s" % (kind, what, why))
        os.remove(os.path.join(cwd, trial))

    # a NaN written into the particle state, checksum recomputed by HDF5
    shutil.copy(chk, os.path.join(cwd, "nan.chk.h5"))
    with h5py.File(os.path.join(cwd, "nan.chk.h5"), "r+") as f:
        x = f["/checkpoint/particles/x"]
        row = x[17]
        row[0] = np.nan
        x[17] = row
    kind, why = restart(a, cwd, "nan.chk.h5")
    print("NaN in the particle state: %s: %s" % (kind, why))
    if kind != "refused" or "/checkpoint/particles/x" not in why or "NaN" not in why:
        bad.append("a NaN in /checkpoint/particles/x was not refused naming the dataset: %s %s" % (kind, why))
    # a damaged superblock (its root group address and checksum span bytes 8..47)
    damage(chk, os.path.join(cwd, "super.chk.h5"), 20, 3)
    kind, why = restart(a, cwd, "super.chk.h5")
    print("damaged superblock: %s: %s" % (kind, why))
    if kind != "refused":
        bad.append("a damaged superblock was not refused in one line: %s %s" % (kind, why))

    print(json.dumps(dict(checkpoint_bytes=size, flips=a.flips, cuts=a.cuts, **counts)))
    if bad:
        print("FAIL (run directory kept: %s):\n  %s" % (cwd, "\n  ".join(bad)))
        return 1
    shutil.rmtree(cwd, ignore_errors=True)
    print("PASS: %d damaged checkpoints, each restarted identically or refused in one line" % (a.flips + a.cuts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
