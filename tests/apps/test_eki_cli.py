#!/usr/bin/env python3
"""CLI tests of mckean-eki: every bad input gives a non-zero exit, ONE message on stderr
("mckean-eki: error: <message>") naming the option, the bad value and what is allowed, and no
output file left behind. One case per invocation, 2 ranks, a tiny linear or Darcy problem:

    test_eki_cli.py --app PATH --mpiexec PATH --case NAME

"ok" and "help" are the positive controls. The checker and driver are tests/mckcli.py.
"""
import os
import sys

import mckcli
from mckcli import check, refused, refused_restart

LINEAR = ["-model_type", "linear", "-linear_n", "4", "-linear_ndata", "6", "-ens_size", "10",
          "-eki_max_iterations", "2", "-progress_interval", "0"]
DARCY = ["-model_type", "darcy", "-darcy_n", "16", "-darcy_kl_modes", "4", "-darcy_sensors", "3",
         "-ens_size", "10", "-eki_max_iterations", "2", "-eki_noise_std", "1e-3", "-progress_interval", "0"]
simple_case = refused


CASES = {
    "noise_zero": simple_case(LINEAR, ["-eki_noise_std", "0"], "-eki_noise_std", "0", [r"positive"]),
    "tau_below_one": simple_case(LINEAR, ["-eki_discrepancy_tau", "0.5"], "-eki_discrepancy_tau", "0.5", [r"at least 1"]),
    "model_dynamical": simple_case(LINEAR, ["-model_type", "lorenz96"], "-model_type", "lorenz96", [r"linear", r"darcy"]),
    "model_unknown": simple_case(LINEAR, ["-model_type", "heat"], "-model_type", "heat", [r"linear", r"darcy", r"lorenz96"]),
    "analysis_filter": simple_case(LINEAR, ["-ens_analysis", "etkf"], "-ens_analysis", "etkf", [r"eki", r"eks"]),
    "eks_with_tau": simple_case(LINEAR, ["-ens_analysis", "eks", "-eki_discrepancy_tau", "1.5"], "-eki_discrepancy_tau", "1.5", [r"\b0\b"]),
    "darcy_sensors_too_many": simple_case(DARCY, ["-darcy_sensors", "16"], "-darcy_sensors", "16", [r"between 1 and", r"\b15\b"]),
    "option_misspelt": simple_case(DARCY, ["-darcy_sensor", "4"], "-darcy_sensor", "4", [r"did you mean -darcy_sensors"]),
    # options of a type that was not chosen are unused: an EKI step with the sampler, a Darcy option with the linear model
    "analysis_option_unused": simple_case(LINEAR, ["-ens_analysis", "eks", "-eki_dt", "0.5"], "-eki_dt", "0.5", [r"unknown option"]),
    "model_option_unused": simple_case(LINEAR, ["-darcy_n", "16"], "-darcy_n", "16", [r"unknown option"]),
}


def case_restart_config_mismatch(runner, cwd):
    r = runner.run(LINEAR + ["-checkpoint_interval", "2", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: the run writing a.chk.h5 failed (exit %d)" % r.returncode)
    args = LINEAR + ["-eki_noise_std", "0.2", "-eki_max_iterations", "4", "-output", "b.h5", "-restart", "a.chk.h5"]
    refused_restart(runner, cwd, args, "-eki_noise_std", "0.2", [r"(?<![\w.])0\.01(?![\w])"], "b.h5")


def case_ok(runner, cwd):
    """Positive control: both tiny problems run and write their run files."""
    for name, base in (("lin.h5", LINEAR), ("darcy.h5", DARCY)):
        mckcli.expect_ran(runner.run(base + ["-output", name], cwd), cwd, name)
    import h5py
    with h5py.File(os.path.join(cwd, "darcy.h5"), "r") as f:
        check(f["/ensemble/members"].shape == (4, 10), "/ensemble/members has shape %s, expected (4, 10)" % (f["/ensemble/members"].shape,))
        check(f["/fields/log_permeability_true"].shape == (17, 17), "/fields/log_permeability_true is not 17 x 17")
        check(f["/timeseries/eki"].shape[0] == 2, "/timeseries/eki does not have one row per iteration")


def case_help(runner, cwd):
    r = runner.run(LINEAR + ["-output", "run.h5", "-help"], cwd)
    mckcli.expect_help(r, cwd, ("-eki_noise_std", "-eki_truth_seed", "-eki_discrepancy_tau", "-model_type", "-linear_n"))


CASES.update({"restart_config_mismatch": case_restart_config_mismatch, "ok": case_ok, "help": case_help})

CASES.update(mckcli.help_without_deck(("-eki_noise_std", "-ens_size", "-model_type", "-linear_n")))


if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
