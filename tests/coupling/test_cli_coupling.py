#!/usr/bin/env python3
"""CLI tests of bad input to the coupling code (the chemotaxis drift in mckean-langevin: cases
ks_*; mckean-mv: cases mv_*): non-zero exit, one '<prog>: error: ...' line naming the option,
the bad value and what is allowed, no output file left (the checker is tests/mckcli.py).
Cases ks_ok, mv_ok and mv_help are the positive controls.

    test_cli_coupling.py --app PATH --mpiexec PATH --case NAME
"""
import sys

import mckcli
from mckcli import refused

KS = ["-particles_n", "200", "-particles_dim", "2", "-particles_box", "6.283185307179586", "-lgv_steps", "3",
      "-lgv_drifts", "chemotaxis", "-grid_n", "16", "-progress_interval", "0"]
MV = ["-particles_n", "200", "-particles_dim", "1", "-particles_box", "6.283185307179586", "-lgv_steps", "4",
      "-lgv_dt", "0.01", "-lgv_drifts", "fourier_meanfield", "-fp_interaction", "-grid_n", "16", "-ts_dt", "0.01",
      "-field_init", "gaussian", "-field_init_width", "0.5", "-particles_init", "gaussian",
      "-particles_init_mean", "3.141592653589793", "-particles_init_std", "0.5", "-progress_interval", "0"]


def ran(base):
    return lambda runner, cwd: mckcli.expect_ran(runner.run(base + ["-output", "run.h5"], cwd), cwd, "run.h5")


CASES = {
    "ks_modes_grid": refused(KS, ["-ks_modes", "9"], "-ks_modes", "9", [r"up to 7"]),
    "ks_kappa_negative": refused(KS, ["-ks_kappa", "-1"], "-ks_kappa", "-1", [r"zero or positive"]),
    "ks_summary_unknown": refused(KS, ["-ks_summary", "spectral"], "-ks_summary", "spectral", [r"grid", r"particles"]),
    "ks_grid_dim": refused(KS, ["-grid_dim", "3"], "-grid_dim", "3", [r"dimension 2"]),
    "ks_ok": ran(KS),
    "mv_gamma": refused(MV, ["-lgv_gamma", "2"], "-lgv_gamma", "2", [r"-lgv_gamma 1"]),
    "mv_temperature": refused(MV, ["-fp_temperature", "2"], "-fp_temperature", "2", [r"-lgv_temperature"]),
    "mv_grid_box": refused(MV, ["-grid_L", "5"], "-grid_L", "5", [r"-particles_box"]),
    "mv_bandwidth": refused(MV, ["-mv_bandwidth", "-0.1"], "-mv_bandwidth", "-0.1", [r"zero or positive"]),
    "mv_ok": ran(MV),
    # -help needs no deck (the defaults have no periodic box) and lists the PDE's options too
    "mv_help": lambda runner, cwd: mckcli.expect_help(runner.run(["-help"], cwd), cwd, (
        "-mv_output_interval", "-mv_bandwidth", "-lgv_dt", "-fp_interaction", "-grid_n", "-ts_dt", "-checkpoint_interval")),
    "mv_help_misspelt": refused([], ["-help", "-mv_bandwdth", "0.1"], "-mv_bandwdth", "0.1", [r"unknown option"]),
}

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
