#!/usr/bin/env python3
"""CLI tests of mckean-twin (docs/twin.md): every bad input gives a non-zero exit, one
"mckean-twin: error: ..." line naming the option, the bad value and what is allowed, and no
output file (neither the run file, its .partial, its XDMF sidecar, nor a checkpoint); the checker
is tests/mckcli.py. One case per invocation, 2 ranks, the default deck made small. "ok" and
"help" are the positive controls.

    test_twin_cli.py --app PATH --mpiexec PATH --deck inputs/default.yaml --case NAME
"""
import os
import sys

import mckcli
from mckcli import check, listing, outputs


def base(runner):
    return ["-options_file_yaml", runner.deck, "-particles_n", "500", "-grid_n", "16", "-ens_size", "8",
            "-twin_iterations", "1", "-progress_interval", "0"]


def refused(extra, option, value, allowed):
    def case(runner, cwd):
        before = listing(cwd)
        r = runner.run(base(runner) + ["-output", "run.h5"] + extra, cwd)
        mckcli.expect_user_error(r, cwd, before, option, value, allowed, outputs(cwd, "run.h5") + [os.path.join(cwd, "run.xmf")])
    return case


THETA = r"-mv_prior_median"  # what sets the members' J and T instead of the refused options

CASES = {
    # the truth PDE's temperature comes from -twin_truth through the model's PDE counterpart
    "fp_temperature_given": refused(["-fp_temperature", "0.5"], "-fp_temperature", "0.5", [r"from theta", r"remove it"]),
    "truth_negative": refused(["-twin_truth", "-1,0.6"], "-twin_truth", "-1", [r"positive"]),
    "truth_three_values": refused(["-twin_truth", "3,0.6,1"], "-twin_truth", "3,0.6,1", [r"at most 2", r"\b3 values"]),
    "noise_zero": refused(["-twin_noise_std", "0"], "-twin_noise_std", "0", [r"positive"]),
    "strength_given": refused(["-mf_strength", "2"], "-mf_strength", "2", [THETA, r"remove it"]),
    "temperature_given": refused(["-lgv_temperature", "0.5"], "-lgv_temperature", "0.5", [THETA, r"remove it"]),
    "option_misspelt": refused(["-twin_nosie_std", "0.01"], "-twin_nosie_std", "0.01", [r"unknown option", r"did you mean -twin_noise_std(?!_)"]),
    # 0.205 is 20.5 steps of the deck's -lgv_dt 0.01
    "obs_times_not_multiple": refused(["-mv_obs_times", "0.1,0.205"], "-mv_obs_times", "0.205", [r"multiple of -lgv_dt", r"0\.01"]),
    "obs_times_decreasing": refused(["-mv_obs_times", "0.2,0.1"], "-mv_obs_times", "0.1", [r"increasing"]),
    # a narrow smoothing needs more modes than the deck's 5: the first dropped one is not negligible
    "sensors_truncation": refused(["-sensors_width", "0.1"], "-sensors_width", "0.1", [r"-sensors_modes 5", r"at most 1e-3", r"raise"]),
    "analysis_unknown": refused(["-ens_analysis", "kalman"], "-ens_analysis", "kalman", [r"eks", r"eki"]),
    # the truth's grid must be the particles' box (the deck's 2 pi), or truth and members are measured differently
    "grid_box_mismatch": refused(["-grid_L", "5"], "-grid_L", "5", [r"-particles_box 6\.28"]),
    "restart_missing": refused(["-restart", "missing.chk.h5"], "-restart", "missing.chk.h5", [r"no such file|does not exist|not found"]),
}


def case_ok(runner, cwd):
    """Positive control: the small configuration runs and writes its run file and XDMF sidecar."""
    r = runner.run(base(runner) + ["-output", "run.h5"], cwd)
    mckcli.expect_ran(r, cwd, "run.h5")
    check(os.path.isfile(os.path.join(cwd, "run.xmf")), "run.xmf (the XDMF sidecar) not written")
    check("mckean-twin: wrote run.h5" in r.stdout, "stdout does not say run.h5 was written")


def case_help(runner, cwd):
    r = runner.run(base(runner) + ["-output", "run.h5", "-help"], cwd)
    mckcli.expect_help(r, cwd, ("-twin_truth", "-twin_noise_std", "-twin_iterations", "-mv_obs_times", "-sensors_width", "-sensors_modes"))


CASES.update({"ok": case_ok, "help": case_help})
CASES.update(mckcli.help_without_deck(("-twin_truth", "-twin_iterations", "-mv_obs_times", "-sensors_width", "-lgv_drifts", "-grid_n")))


if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
