#!/usr/bin/env python3
"""CLI tests of mckean-da (one case per invocation, 2 ranks, 5 cycles of the Lorenz-96 deck):
every bad input gives a non-zero exit, one "mckean-da: error: ..." line naming the option, the
value and what is allowed, and no output file (the checker is tests/mckcli.py). "ok" and
"help" are the positive controls.

    test_da_cli.py --app PATH --mpiexec PATH --deck DECK --case NAME
"""
import os
import sys

import mckcli
from mckcli import check, refused, refused_restart


def base(runner):
    return ["-options_file_yaml", runner.deck, "-da_cycles", "5", "-da_burnin", "1", "-progress_interval", "0"]


def simple_case(extra, option, value, allowed):
    return lambda runner, cwd: refused(base(runner), extra, option, value, allowed)(runner, cwd)


CASES = {
    "size_one": simple_case(["-ens_size", "1"], "-ens_size", "1", [r"at least 2"]),
    "analysis_unknown": simple_case(["-ens_analysis", "kalman"], "-ens_analysis", "kalman", [r"etkf", r"letkf"]),
    "inflation_below_one": simple_case(["-ens_inflation", "0.9"], "-ens_inflation", "0.9", [r">= 1"]),
    "rtps_above_one": simple_case(["-ens_rtps", "1.5"], "-ens_rtps", "1.5", [r"\[0, 1\]"]),
    "obs_var_zero": simple_case(["-da_obs_var", "0"], "-da_obs_var", "0", [r"positive"]),
    "letkf_no_radius": simple_case(["-ens_analysis", "letkf"], "-ens_loc_radius", "0", [r"positive"]),
    "ranks_per_member": simple_case(["-ens_ranks_per_member", "3"], "-ens_ranks_per_member", "3", [r"divide"]),
    "inverse_model": simple_case(["-model_type", "linear"], "-model_type", "linear", [r"dynamical"]),
    "failed_unknown": simple_case(["-ens_failed", "retry"], "-ens_failed", "retry", [r"drop", r"replace"]),
}


def case_ok(runner, cwd):
    mckcli.expect_ran(runner.run(base(runner) + ["-output", "run.h5"], cwd), cwd, "run.h5")


def case_help(runner, cwd):
    r = runner.run(base(runner) + ["-output", "run.h5", "-help"], cwd)
    mckcli.expect_help(r, cwd, ("-ens_size", "-ens_analysis", "-ens_inflation", "-da_obs_every", "-model_type"))


def case_restart_mismatch(runner, cwd):
    r = runner.run(base(runner) + ["-checkpoint_interval", "5", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up the checkpoint failed")
    args = base(runner) + ["-da_cycles", "10", "-ens_inflation", "1.1", "-restart", "a.chk.h5", "-output", "b.h5"]
    refused_restart(runner, cwd, args, "-ens_inflation", "1.1", [r"1\.08"], "b.h5")


CASES.update({"ok": case_ok, "help": case_help, "restart_mismatch": case_restart_mismatch})

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
