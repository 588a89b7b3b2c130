#!/usr/bin/env python3
"""CLI tests of mckean-field: a bad input gives a non-zero exit, one "mckean-field: error: ..."
line naming the option, the bad value and what is allowed, and leaves no file behind (no run
file, no .partial, no checkpoint, no XDMF sidecar). Cases "ok" and "help" are the positive
controls.

    test_field_cli.py MPIEXEC APP CASE
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

NP = 2
BASE = ["-grid_n", "16", "-ts_max_time", "0.05", "-ts_dt", "0.01", "-progress_interval", "0"]
APP = "mckean-field"


def run(mpiexec, app, args, cwd):
    cmd = [mpiexec, "--quiet", "-n", str(NP), app] + args
    print("$ (cd %s && %s)" % (cwd, " ".join(cmd)), flush=True)
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, env=dict(os.environ))
    print("exit %d\n--- stdout ---\n%s--- stderr ---\n%s" % (r.returncode, r.stdout, r.stderr), flush=True)
    return r


def user_error(r, cwd, option, value, allowed):
    """The list of broken promises of a refused input (empty: all kept)."""
    problems = []
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    errs = [l for l in lines if (APP + ": error: ") in l]
    msg = errs[0] if errs else r.stderr
    if r.returncode == 0:
        problems.append("exit code 0")
    if "PETSC ERROR" in r.stderr or len(lines) > 4 or len(errs) != 1:
        problems.append("stderr is not one '%s: error:' message" % APP)
    if option not in msg:
        problems.append("message does not name %s" % option)
    if value is not None and not re.search(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", msg):
        problems.append("message does not show the value %r" % value)
    problems += ["message does not say what is allowed (/%s/)" % a for a in allowed if not re.search(a, msg, re.I)]
    left = sorted(os.listdir(cwd))
    if left:
        problems.append("files left behind: %s" % left)
    return problems


def simple(extra, option, value, allowed=()):
    return lambda mpiexec, app, cwd: user_error(run(mpiexec, app, BASE + ["-output", "run.h5"] + extra, cwd), cwd, option, value, allowed)


CASES = {
    "type_unknown": simple(["-field_type", "navier_stokes"], "-field_type", "navier_stokes", [r"fokker_planck", r"allen_cahn", r"cahn_hilliard"]),
    "temperature_negative": simple(["-fp_temperature", "-0.5"], "-fp_temperature", "-0.5", [r"positive"]),
    "kernel_unknown": simple(["-fp_interaction", "-mf_kernel", "yukawa"], "-mf_kernel", "yukawa", [r"cosine", r"gaussian"]),
    "potential_unknown": simple(["-fp_potentials", "harmonic,morse"], "-fp_potentials", "morse", [r"harmonic", r"double_well"]),
    # 3 planes of y over 2 ranks in blocks of 2 leave the last rank 1 plane < stencil width 2
    "grid_unsplittable": simple(["-grid_n", "16,3", "-grid_stencil_width", "2"], "-grid_n", "16,3", [r"nearest|smallest"]),
    "epsilon_negative": simple(["-field_type", "allen_cahn", "-ac_epsilon", "-0.01"], "-ac_epsilon", "-0.01", [r"positive"]),
    "option_unknown": simple(["-fp_temprature", "1"], "-fp_temprature", "1", [r"unknown option"]),
    "restart_missing": simple(["-restart", "missing.chk.h5"], "-restart", "missing.chk.h5", []),
}


def case_ok(mpiexec, app, cwd):
    r = run(mpiexec, app, BASE + ["-output", "run.h5"], cwd)
    problems = [] if r.returncode == 0 else ["exit %d" % r.returncode]
    for f in ("run.h5", "run.xmf"):
        if not os.path.isfile(os.path.join(cwd, f)):
            problems.append("%s not written" % f)
    if any(f.endswith(".partial") for f in os.listdir(cwd)):
        problems.append(".partial file left next to the finished run")
    return problems


def case_help(mpiexec, app, cwd):
    r = run(mpiexec, app, ["-help"], cwd)
    problems = [] if r.returncode == 0 else ["exit %d" % r.returncode]
    for opt in ("-field_type", "-fp_temperature", "-fp_potentials", "-fp_interaction", "-grid_n", "-ts_dt", "-checkpoint_interval"):
        if opt not in r.stdout:
            problems.append("-help does not list %s" % opt)
    if os.listdir(cwd):
        problems.append("-help wrote files: %s" % os.listdir(cwd))
    return problems


CASES.update({"ok": case_ok, "help": case_help})


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in CASES:
        sys.exit("usage: %s MPIEXEC APP {%s}" % (sys.argv[0], ",".join(sorted(CASES))))
    cwd = tempfile.mkdtemp(prefix="mck-field-cli-")
    problems = CASES[sys.argv[3]](sys.argv[1], os.path.abspath(sys.argv[2]), cwd)
    if problems:
        print("FAIL [%s]: %s (run directory kept: %s)" % (sys.argv[3], "; ".join(problems), cwd))
        return 1
    shutil.rmtree(cwd, ignore_errors=True)
    print("PASS [%s]" % sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
