#!/usr/bin/env python3
"""CLI tests of mckean-dmft: every bad input gives a non-zero exit, one message naming the
option, the bad value and what is allowed, and no output file. The promise is checked by the
shared checker of tests/cli/test_bad_input.py (which reads "mckean-langevin" as the program
name: the program name in the output is mapped to it before the check).

    test_dmft_cli.py --app PATH --mpiexec PATH --case NAME

"ok" and "help" are the positive controls.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import test_bad_input  # noqa: E402
from test_bad_input import Failure, expect_user_error, listing, outputs  # noqa: E402

BASE = ["-dmft_steps", "20", "-dmft_population", "100", "-dmft_max_it", "3", "-dmft_n", "40", "-progress_interval", "0"]


def as_langevin(r):
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.replace("mckean-dmft", "mckean-langevin"),
                                       r.stderr.replace("mckean-dmft", "mckean-langevin"))


def simple_case(extra, option, value, allowed=()):
    def case(runner, cwd):
        before = listing(cwd)
        r = runner.run(BASE + ["-output", "run.h5"] + extra, cwd)
        expect_user_error(as_langevin(r), cwd, before, option, value, allowed, outputs(cwd, "run.h5"))
    return case


def case_ok(runner, cwd):
    for solver in ("population", "stationary", "network"):
        r = runner.run(BASE + ["-dmft_solver", solver, "-output", f"{solver}.h5"], cwd)
        if r.returncode != 0 or not os.path.exists(os.path.join(cwd, f"{solver}.h5")):
            raise Failure(f"-dmft_solver {solver}: the positive control failed (exit {r.returncode})")


def case_help(runner, cwd):
    r = runner.run(["-help"], cwd)
    if r.returncode != 0 or "-dmft_g" not in r.stdout or "-dmft_solver" not in r.stdout:
        raise Failure("-help: expected exit 0 and the -dmft_ options listed")
    if listing(cwd):
        raise Failure("-help wrote files: %s" % ", ".join(sorted(listing(cwd))))


CASES = {
    "g_zero": simple_case(["-dmft_g", "0"], "-dmft_g", "0", [r"positive"]),
    "g_negative": simple_case(["-dmft_g", "-1.5"], "-dmft_g", "-1.5", [r"positive"]),
    "steps_memory": simple_case(["-dmft_steps", "1000000"], "-dmft_steps", "1000000", [r"\d GB"]),
    "network_memory": simple_case(["-dmft_solver", "network", "-dmft_n", "3000000"], "-dmft_n", "3000000", [r"\d GB", r"ranks"]),
    "not_positive_definite": simple_case(["-dmft_steps", "100", "-dmft_population", "20", "-dmft_jitter", "0"], "-dmft_population", "20",
                                         [r"not positive definite", r"-dmft_jitter"]),
    "activation_unknown": simple_case(["-dmft_activation", "softsign"], "-dmft_activation", "softsign", [r"tanh", r"erf", r"relu"]),
    "solver_unknown": simple_case(["-dmft_solver", "cavity"], "-dmft_solver", "cavity", [r"population", r"stationary", r"network"]),
    "stationary_noise": simple_case(["-dmft_solver", "stationary", "-dmft_noise", "0.5"], "-dmft_noise", "0.5", [r"population"]),
    "model_unknown": simple_case(["-dmft_model", "sk"], "-dmft_model", "sk", [r"scs", r"pspin"]),
    "checkpoint_not_iterative": simple_case(["-dmft_solver", "network", "-checkpoint_interval", "2"], "-checkpoint_interval", "2", [r"population"]),
    "ok": case_ok,
    "help": case_help,
}


if __name__ == "__main__":
    # the shared driver (argument parsing, run directory, PASS/FAIL) with the cases above
    test_bad_input.CASES.clear()
    test_bad_input.CASES.update(CASES)
    sys.exit(test_bad_input.main())
