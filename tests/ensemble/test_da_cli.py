#!/usr/bin/env python3
"""CLI tests of mckean-da (one case per invocation, 2 ranks, 5 cycles of the Lorenz-96 deck):
every bad input gives a non-zero exit, one "mckean-da: error: ..." line naming the option, the
value and what is allowed, and no output file. "ok" and "help" are the positive controls.

    test_da_cli.py MPIEXEC APP DECK CASE
"""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from test_bad_input import MAX_STDERR_LINES, Failure, Runner, check, listing, outputs, value_in  # noqa: E402

CASES = {  # name: (extra options, option named, value shown, patterns of what is allowed)
    "size_one": (["-ens_size", "1"], "-ens_size", "1", [r"at least 2"]),
    "analysis_unknown": (["-ens_analysis", "kalman"], "-ens_analysis", "kalman", [r"etkf", r"letkf"]),
    "inflation_below_one": (["-ens_inflation", "0.9"], "-ens_inflation", "0.9", [r">= 1"]),
    "rtps_above_one": (["-ens_rtps", "1.5"], "-ens_rtps", "1.5", [r"\[0, 1\]"]),
    "obs_var_zero": (["-da_obs_var", "0"], "-da_obs_var", "0", [r"positive"]),
    "letkf_no_radius": (["-ens_analysis", "letkf"], "-ens_loc_radius", "0", [r"positive"]),
    "ranks_per_member": (["-ens_ranks_per_member", "3"], "-ens_ranks_per_member", "3", [r"divide"]),
    "inverse_model": (["-model_type", "linear"], "-model_type", "linear", [r"dynamical"]),
    "failed_unknown": (["-ens_failed", "retry"], "-ens_failed", "retry", [r"drop", r"replace"]),
}


def expect_user_error(r, before, cwd, option, value, allowed):
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    errs = [l for l in lines if "mckean-da: error: " in l]
    check(r.returncode != 0, "exit code is 0, expected non-zero")
    check("PETSC ERROR" not in r.stderr, "stderr holds a PETSc traceback instead of one message")
    check(len(lines) <= MAX_STDERR_LINES and len(errs) == 1, "expected one 'mckean-da: error:' line, got: %r" % r.stderr)
    msg = errs[0]
    check(option in msg, "the message does not name %s: %s" % (option, msg))
    check(value is None or value_in(value, msg), "the message does not show the value %r: %s" % (value, msg))
    for pattern in allowed:
        check(re.search(pattern, msg, re.IGNORECASE), "the message does not say what is allowed (%s): %s" % (pattern, msg))
    left = sorted(listing(cwd) - before)
    check(not left, "files left behind: %s" % left)


def main():
    mpiexec, app, deck, case = sys.argv[1:5]
    runner = Runner(app, mpiexec)
    base = ["-options_file_yaml", deck, "-da_cycles", "5", "-da_burnin", "1", "-progress_interval", "0", "-output", "run.h5"]
    cwd = tempfile.mkdtemp(prefix="mck-da-cli-")
    try:
        if case == "ok":
            r = runner.run(base, cwd)
            check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "run.h5")), "the valid run failed or wrote no run.h5")
            check(not os.path.exists(os.path.join(cwd, "run.h5.partial")), "run.h5.partial left behind")
        elif case == "help":
            r = runner.run(base + ["-help"], cwd)
            check(r.returncode == 0, "-help exited %d" % r.returncode)
            for opt in ("-ens_size", "-ens_analysis", "-ens_inflation", "-da_obs_every", "-model_type"):
                check(re.search(r"^\s*" + re.escape(opt) + r"\b.*<", r.stdout, re.MULTILINE), "-help does not list %s with its default" % opt)
            check(not listing(cwd), "-help wrote files")
        elif case == "restart_mismatch":
            r = runner.run(base + ["-checkpoint_interval", "5", "-output", "a.h5"], cwd)
            check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up the checkpoint failed")
            before = listing(cwd)
            r = runner.run(base + ["-da_cycles", "10", "-ens_inflation", "1.1", "-restart", "a.chk.h5", "-output", "b.h5"], cwd)
            expect_user_error(r, before, cwd, "-ens_inflation", "1.1", [r"1\.08"])
        else:
            extra, option, value, allowed = CASES[case]
            before = listing(cwd)
            r = runner.run(base + extra, cwd)
            expect_user_error(r, before, cwd, option, value, allowed)
            check(not any(os.path.exists(p) for p in outputs(cwd, "run.h5")), "an output file exists")
    except Failure as e:
        print("FAIL [%s]: %s" % (case, e))
        return 1
    shutil.rmtree(cwd, ignore_errors=True)
    print("PASS [%s]" % case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
