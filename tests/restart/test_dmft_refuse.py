#!/usr/bin/env python3
"""mckean-dmft refuses what it cannot restart: non-zero exit, one "mckean-dmft: error:" line
naming the option, its value and what is allowed, no run file written, the checkpoint left as
it was.

    test_dmft_refuse.py --app PATH --mpiexec PATH --case pspin_temperature|stationary

  pspin_temperature  a p-spin checkpoint continued with another -pspin_temperature (the message
                     shows both temperatures);
  stationary         -checkpoint_interval with the stationary solver, which is not iterative.
The bad-input machinery (runner, the one-message rule, "nothing left behind") is the CLI tests'.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "cli"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "dmft"))
import test_bad_input  # noqa: E402
from test_bad_input import check, digest, expect_user_error, listing, outputs  # noqa: E402
from test_dmft_cli import as_langevin  # noqa: E402  (the checker reads the program name as mckean-langevin)

PSPIN = ["-dmft_model", "pspin", "-pspin_steps", "40", "-pspin_tmax", "2", "-pspin_temperature", "0.5", "-progress_interval", "0"]


def case_pspin_temperature(runner, cwd):
    r = runner.run(PSPIN + ["-checkpoint_interval", "10", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: the p-spin run writing a.chk.h5 failed")
    kept = {p: digest(os.path.join(cwd, p)) for p in listing(cwd)}
    before = listing(cwd)
    r = runner.run(PSPIN + ["-pspin_temperature", "0.7", "-output", "b.h5", "-restart", "a.chk.h5"], cwd)
    expect_user_error(as_langevin(r), cwd, before, "-pspin_temperature", "0.7", [r"(?<![\w.])0\.5(?![\w.])"], outputs(cwd, "b.h5"))
    for p, h in kept.items():
        check(digest(os.path.join(cwd, p)) == h, "the refused restart changed %s" % p)


def case_stationary(runner, cwd):
    before = listing(cwd)
    r = runner.run(["-dmft_solver", "stationary", "-dmft_steps", "50", "-checkpoint_interval", "2", "-output", "run.h5"], cwd)
    expect_user_error(as_langevin(r), cwd, before, "-checkpoint_interval", "2", [r"not iterative", r"population", r"network", r"pspin"],
                      outputs(cwd, "run.h5"))


CASES = {"pspin_temperature": case_pspin_temperature, "stationary": case_stationary}

if __name__ == "__main__":
    test_bad_input.CASES = CASES
    sys.exit(test_bad_input.main())
