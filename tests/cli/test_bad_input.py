#!/usr/bin/env python3
"""CLI tests of mckean-langevin: every bad input must give a non-zero exit, ONE short message
on stderr ("<prog>: error: <message>") naming the option, the bad value and what is allowed,
and no output file left behind (neither -output, nor "<output>.partial", nor a checkpoint).

One case per invocation (one ctest per case), run on 2 ranks with a tiny configuration:

    test_bad_input.py --app PATH --mpiexec PATH --case NAME

Cases "ok" (positive control: the same configuration without a mistake runs and writes its
file) and "help" (-help exits 0, lists -lgv_dt with its default, writes nothing) make sure the
tests can fail when the app itself is broken.
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

NP = 2
BASE = ["-particles_n", "100", "-lgv_steps", "5", "-progress_interval", "0"]
MAX_STDERR_LINES = 4  # "fewer than ~5 lines": one message, no PETSc traceback
RUN_TIMEOUT = 60


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def is_open_mpi(mpiexec):
    try:
        out = subprocess.run([mpiexec, "--version"], capture_output=True, text=True, timeout=30, env=dict(os.environ))
    except (OSError, subprocess.SubprocessError):
        return False
    return "Open MPI" in out.stdout + out.stderr or "OpenRTE" in out.stdout + out.stderr


class Runner:
    def __init__(self, app, mpiexec):
        self.app = os.path.abspath(app)
        self.mpiexec = mpiexec
        # Open MPI's own "Primary job terminated normally, but 1 process returned a non-zero
        # exit code" banner is mpiexec's, not McKean's: --quiet keeps it out of the stderr we judge.
        self.launcher = [mpiexec] + (["--quiet"] if is_open_mpi(mpiexec) else []) + ["-n", str(NP)]

    def run(self, args, cwd):
        cmd = self.launcher + [self.app] + list(args)
        print("$ (cd %s && %s)" % (cwd, " ".join(cmd)), flush=True)
        try:
            r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=dict(os.environ))
        except subprocess.TimeoutExpired as e:
            raise Failure("timed out after %d s; stdout=%r stderr=%r" % (RUN_TIMEOUT, e.stdout, e.stderr))
        print("exit code: %d" % r.returncode)
        print("--- stdout ---\n%s--- stderr ---\n%s--------------" % (r.stdout, r.stderr), flush=True)
        return r


def listing(d):
    """Every file below d (relative paths), to see what a run left behind."""
    out = set()
    for root, dirs, files in os.walk(d):
        for f in files + [x for x in dirs if not os.listdir(os.path.join(root, x))]:
            out.add(os.path.relpath(os.path.join(root, f), d))
    return out


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def value_in(value, text):
    """value appears in text as a token of its own (not as part of a longer number or name)."""
    return re.search(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", text) is not None


def expect_user_error(r, cwd, before, option, value, allowed=(), also_absent=()):
    """The promise for a bad input: exit != 0, exactly one '<prog>: error: ...' line naming the
    option, the value and what is allowed, a short stderr, nothing new on disk."""
    problems = []
    if r.returncode == 0:
        problems.append("exit code is 0, expected non-zero")
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if "PETSC ERROR" in r.stderr:
        problems.append("stderr holds a PETSc traceback ([n]PETSC ERROR lines) instead of one message")
    if len(lines) > MAX_STDERR_LINES:
        problems.append("stderr has %d non-empty lines, expected one message (at most %d lines)" % (len(lines), MAX_STDERR_LINES))
    errs = [l for l in lines if re.search(r"mckean-langevin: error: ", l)]
    if len(errs) != 1:
        problems.append("expected exactly one 'mckean-langevin: error: ...' line on stderr, found %d" % len(errs))
    msg = errs[0] if errs else r.stderr
    if option not in msg:
        problems.append("the message does not name the option %s" % option)
    if value is not None and not value_in(value, msg):
        problems.append("the message does not show the bad value %r" % value)
    if re.search(r",\s*(,|;|$)", msg.rstrip()):
        problems.append("the message has an empty item in a list (dangling ', ')")
    for pattern in allowed:
        if not re.search(pattern, msg, re.IGNORECASE):
            problems.append("the message does not say what is allowed (expected /%s/)" % pattern)
    if "mckean-langevin: wrote" in r.stdout:
        problems.append("stdout claims a file was written")
    new = sorted(listing(cwd) - before)
    if new:
        problems.append("files left behind in the run directory: %s" % ", ".join(new))
    for p in also_absent:
        if os.path.lexists(p):
            problems.append("file left behind: %s" % p)
    if problems:
        raise Failure("; ".join(problems))


def outputs(cwd, name):
    """The run file, its partial file, the default checkpoint and its partial file."""
    stem = name[:-3] if name.endswith(".h5") else name
    return [os.path.join(cwd, x) for x in (name, name + ".partial", stem + ".chk.h5", stem + ".chk.h5.partial")]


# ---- the cases ------------------------------------------------------------------------------

def simple_case(extra, option, value, allowed=()):
    def case(runner, cwd):
        before = listing(cwd)
        r = runner.run(BASE + ["-output", "run.h5"] + extra, cwd)
        expect_user_error(r, cwd, before, option, value, allowed, outputs(cwd, "run.h5"))
    return case


POSITIVE = r"positive"

CASES = {
    "dt_zero": simple_case(["-lgv_dt", "0"], "-lgv_dt", "0", [POSITIVE]),
    "dt_negative": simple_case(["-lgv_dt", "-1"], "-lgv_dt", "-1", [POSITIVE]),
    "temperature_nonpositive": simple_case(["-lgv_temperature", "0"], "-lgv_temperature", "0", [POSITIVE]),
    "integrator_unknown": simple_case(["-lgv_integrator", "leapfrog"], "-lgv_integrator", "leapfrog", [r"euler_maruyama", r"baoab"]),
    # the unknown drift follows a valid one: the message must name the wrong one
    "drift_unknown": simple_case(["-lgv_drifts", "harmonic,no_such_drift"], "-lgv_drifts", "no_such_drift", [r"harmonic", r"double_well"]),
    "option_misspelt": simple_case(["-lgv_tempreature", "1"], "-lgv_tempreature", "1", [r"unknown option", r"-lgv_temperature(?!_)"]),
    "option_unknown": simple_case(["-frobnicate", "3"], "-frobnicate", "3", [r"unknown option", r"-help|did you mean"]),
    "dim_4": simple_case(["-particles_dim", "4"], "-particles_dim", "4", [r"\b3\b"]),
    "fourier_no_box": simple_case(["-lgv_drifts", "fourier_meanfield"], "-lgv_drifts", "fourier_meanfield", [r"-particles_box"]),
}


def case_output_unwritable(runner, cwd):
    path = "/nonexistent/dir/run.h5"
    check(not os.path.exists("/nonexistent"), "precondition: /nonexistent must not exist on this machine")
    before = listing(cwd)
    r = runner.run(BASE + ["-output", path], cwd)
    expect_user_error(r, cwd, before, "-output", path, (), outputs("/nonexistent/dir", "run.h5") + outputs(cwd, "run.h5") + outputs(cwd, "langevin.h5"))


def case_restart_missing(runner, cwd):
    before = listing(cwd)
    r = runner.run(BASE + ["-output", "run.h5", "-restart", "missing.chk.h5"], cwd)
    expect_user_error(r, cwd, before, "-restart", "missing.chk.h5", [r"no such file|does not exist|not found"], outputs(cwd, "run.h5"))


def case_restart_config_mismatch(runner, cwd):
    # a genuine checkpoint first: 5 steps, checkpoint at step 5
    r = runner.run(BASE + ["-lgv_dt", "0.01", "-checkpoint_interval", "5", "-output", "a.h5"], cwd)
    check(r.returncode == 0, "setting up: the run writing the checkpoint failed (exit %d)" % r.returncode)
    check(os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: -checkpoint_interval 5 -lgv_steps 5 -output a.h5 wrote no a.chk.h5 (files: %s)" % sorted(listing(cwd)))
    kept = {p: digest(os.path.join(cwd, p)) for p in listing(cwd)}
    before = listing(cwd)
    # the same run continued to step 10, but with another time step
    args = ["-particles_n", "100", "-lgv_steps", "10", "-progress_interval", "0", "-lgv_dt", "0.02", "-output", "b.h5", "-restart", "a.chk.h5"]
    r = runner.run(args, cwd)
    expect_user_error(r, cwd, before, "-lgv_dt", "0.02", [r"(?<![\w.])0\.01(?![\w])"], outputs(cwd, "b.h5"))
    for p, h in kept.items():
        check(os.path.isfile(os.path.join(cwd, p)) and digest(os.path.join(cwd, p)) == h, "the refused restart changed or removed %s" % p)


def case_ok(runner, cwd):
    """Positive control: the tiny configuration runs, exits 0 and writes its run file."""
    r = runner.run(BASE + ["-output", "run.h5"], cwd)
    check(r.returncode == 0, "the tiny configuration without a mistake failed (exit %d)" % r.returncode)
    check(": error:" not in r.stderr and "PETSC ERROR" not in r.stderr, "a successful run printed an error on stderr")
    path = os.path.join(cwd, "run.h5")
    check(os.path.isfile(path), "-output run.h5 was not written (files: %s)" % sorted(listing(cwd)))
    check(not os.path.exists(path + ".partial"), "run.h5.partial is left next to the finished run.h5")
    with open(path, "rb") as f:
        check(f.read(8) == b"\x89HDF\r\n\x1a\n", "run.h5 is not an HDF5 file")
    try:
        import h5py
    except ImportError:
        return
    with h5py.File(path, "r") as f:
        check("/particles/x" in f, "run.h5 has no /particles/x")
        check(f["/particles/x"].shape[0] == 100, "/particles/x has %d rows, expected -particles_n 100" % f["/particles/x"].shape[0])


def help_default(stdout, option):
    """The numbers PETSc shows between <...> on the -help line of option."""
    m = re.search(r"^\s*" + re.escape(option) + r"\s*<([^>]*)>", stdout, re.MULTILINE)
    check(m is not None, "-help does not list %s with its value in <...>" % option)
    nums = re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", m.group(1))
    check(nums, "-help shows no number for %s: %r" % (option, m.group(0)))
    vals = {float(x) for x in nums}
    check(len(vals) == 1, "-help shows several values for %s without it being set: %r" % (option, m.group(0)))
    return vals.pop()


def case_help(runner, cwd):
    r = runner.run(BASE + ["-output", "run.h5", "-help"], cwd)
    check(r.returncode == 0, "-help exited %d, expected 0" % r.returncode)
    check(": error:" not in r.stderr and "PETSC ERROR" not in r.stderr, "-help printed an error on stderr")
    left = sorted(listing(cwd))
    check(not left, "-help wrote files: %s" % ", ".join(left))
    dt = help_default(r.stdout, "-lgv_dt")
    # The default that -help shows must be the one a run actually uses (-lgv_view prints it).
    sub = os.path.join(cwd, "view")
    os.mkdir(sub)
    v = runner.run(["-particles_n", "100", "-lgv_steps", "0", "-progress_interval", "0", "-lgv_view", "-output", "v.h5"], sub)
    check(v.returncode == 0, "-lgv_view run failed (exit %d)" % v.returncode)
    m = re.search(r"\bdt ([-+0-9.eE]+)", v.stdout)
    check(m is not None, "-lgv_view does not print dt")
    check(float(m.group(1)) == dt, "-help shows the default -lgv_dt %g but a run without -lgv_dt uses dt %s" % (dt, m.group(1)))


CASES.update({
    "output_unwritable": case_output_unwritable,
    "restart_missing": case_restart_missing,
    "restart_config_mismatch": case_restart_config_mismatch,
    "ok": case_ok,
    "help": case_help,
})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--app", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    a = ap.parse_args()
    if not os.access(a.app, os.X_OK):
        print("FAIL: %s is not an executable" % a.app)
        return 1
    runner = Runner(a.app, a.mpiexec)
    cwd = tempfile.mkdtemp(prefix="mck-cli-%s-" % a.case)
    try:
        CASES[a.case](runner, cwd)
    except Failure as e:
        print("FAIL [%s]: %s" % (a.case, e))
        print("(run directory kept: %s)" % cwd)
        return 1
    shutil.rmtree(cwd, ignore_errors=True)
    print("PASS [%s]" % a.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
