#!/usr/bin/env python3
"""CLI tests of mckean-mfnn: a bad input exits non-zero with ONE line
"mckean-mfnn: error: <message>" naming the option (or file and dataset), the bad value and what
is allowed, and leaves no output file (neither the run file, its .partial, nor a checkpoint).
Positive controls: "ok" (the same tiny configuration runs and writes /timeseries/mfnn and
/learn/theta) and "help" (-help lists -mfnet_temperature with its default, writes nothing).

    test_mfnn_cli.py MPIEXEC APP CASE
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

BASE = ["-mfnet_n", 40, "-mfnet_dim", 4, "-mfnet_batch", 30, "-mfnet_steps", 5, "-progress_interval", 0]


def run(mpiexec, app, args, cwd):
    cmd = [mpiexec, "--quiet", "-n", "2", app] + [str(a) for a in args]
    print("$ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=60, env=os.environ.copy())
    print(f"exit {r.returncode}\n--- stdout ---\n{r.stdout}--- stderr ---\n{r.stderr}", flush=True)
    return r


def expect_error(r, cwd, before, *needles):
    """Non-zero exit, one 'mckean-mfnn: error:' line holding every needle, nothing new on disk."""
    errs = [l for l in r.stderr.splitlines() if "mckean-mfnn: error: " in l]
    problems = []
    if r.returncode == 0:
        problems.append("exit code 0")
    if "PETSC ERROR" in r.stderr or len([l for l in r.stderr.splitlines() if l.strip()]) > 4:
        problems.append("stderr is not one short message")
    if len(errs) != 1:
        problems.append(f"{len(errs)} 'mckean-mfnn: error:' lines, expected 1")
    for n in needles:
        if not errs or not re.search(n, errs[0]):
            problems.append(f"the message does not match /{n}/")
    new = sorted(set(os.listdir(cwd)) - before)
    if new:
        problems.append(f"files left behind: {new}")
    return problems


def bad_data(cwd):
    import h5py  # only the cases that read or write HDF5 pay for the import
    import numpy as np
    with h5py.File(os.path.join(cwd, "bad.h5"), "w") as f:
        f["X"] = np.zeros((30, 4))
        f["y"] = np.zeros(29)
    return ["-mfnet_data", "bad.h5", "-mfnet_dim", 4]


SIMPLE = {
    # option/value, then what the message must contain
    "temperature_negative": (["-mfnet_temperature", -0.5], [r"-mfnet_temperature", r"-0\.5", r"positive"]),
    "activation_unknown": (["-mfnet_activation", "swish"], [r"-mfnet_activation", r"swish", r"tanh", r"relu"]),
    "dynamics_unknown": (["-mfnet_dynamics", "adam"], [r"-mfnet_dynamics", r"adam", r"mfld", r"fedavg"]),
    "teacher_directions": (["-mfnet_teacher_directions", 5], [r"-mfnet_teacher_directions 5", r"-mfnet_dim 4"]),
    "fedavg_checkpoint": (["-mfnet_dynamics", "fedavg", "-mfnet_fedavg_local_steps", 2, "-checkpoint_interval", 3], [r"-checkpoint_interval 3", r"multiple of 2"]),
    "option_misspelt": (["-mfnet_temprature", 1], [r"-mfnet_temprature", r"-mfnet_temperature"]),
}


def case(name, mpiexec, app, cwd):
    if name in SIMPLE:
        extra, needles = SIMPLE[name]
        before = set(os.listdir(cwd))
        return expect_error(run(mpiexec, app, BASE + extra + ["-output", "run.h5"], cwd), cwd, before, *needles)
    if name == "data_shapes":
        extra = bad_data(cwd)
        before = set(os.listdir(cwd))
        r = run(mpiexec, app, BASE[:2] + extra + ["-mfnet_steps", 5, "-output", "run.h5"], cwd)
        return expect_error(r, cwd, before, r"bad\.h5", r"/X", r"\(30, 4\)", r"/y", r"\(29\)")
    if name == "restart_mismatch":
        r = run(mpiexec, app, BASE + ["-checkpoint_interval", 5, "-output", "a.h5"], cwd)
        if r.returncode or not os.path.isfile(os.path.join(cwd, "a.chk.h5")):
            return ["setting up: the checkpoint run failed"]
        before = set(os.listdir(cwd))
        r = run(mpiexec, app, BASE + ["-mfnet_alpha", 2, "-mfnet_steps", 10, "-restart", "a.chk.h5", "-output", "b.h5"], cwd)
        return expect_error(r, cwd, before, r"-mfnet_alpha", r"\b2\b", r"\b1\b")
    if name == "ok":
        import h5py
        import numpy as np
        r = run(mpiexec, app, BASE + ["-mfnet_test_size", 10, "-output", "run.h5"], cwd)
        problems = [] if r.returncode == 0 else [f"exit {r.returncode}"]
        path = os.path.join(cwd, "run.h5")
        if not os.path.isfile(path) or os.path.exists(path + ".partial"):
            return problems + ["run.h5 missing or .partial left"]
        with h5py.File(path, "r") as f:
            ts = f["timeseries/mfnn"][...]
            if ts.shape != (6, 5) or not np.all(np.isfinite(ts)):
                problems.append(f"/timeseries/mfnn has shape {ts.shape} or non-finite entries")
            if f["learn/theta"].shape != (40, 6):
                problems.append(f"/learn/theta has shape {f['learn/theta'].shape}, expected (40, 6)")
        return problems
    if name == "help":
        r = run(mpiexec, app, BASE + ["-output", "run.h5", "-help"], cwd)
        problems = [] if r.returncode == 0 else [f"-help exited {r.returncode}"]
        if not re.search(r"^\s*-mfnet_temperature <0\.?\s*[:>]", r.stdout, re.M):
            problems.append("-help does not list -mfnet_temperature <0.>")
        if os.listdir(cwd):
            problems.append(f"-help wrote {os.listdir(cwd)}")
        return problems
    return [f"unknown case {name}"]


def main():
    mpiexec, app, name = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    cwd = tempfile.mkdtemp(prefix=f"mck-mfnn-{name}-")
    problems = case(name, mpiexec, app, cwd)
    if problems:
        print(f"FAIL [{name}]: " + "; ".join(problems) + f" (run directory kept: {cwd})")
        return 1
    shutil.rmtree(cwd, ignore_errors=True)
    print(f"PASS [{name}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
