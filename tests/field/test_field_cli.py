#!/usr/bin/env python3
"""CLI tests of mckean-field: a bad input gives a non-zero exit, one "mckean-field: error: ..."
line naming the option, the bad value and what is allowed, and leaves no file behind (no run
file, no .partial, no checkpoint, no XDMF sidecar); the checker is tests/mckcli.py. Cases "ok"
and "help" are the positive controls.

    test_field_cli.py --app PATH --mpiexec PATH --case NAME
"""
import os
import sys

import mckcli
from mckcli import check, refused

BASE = ["-grid_n", "16", "-ts_max_time", "0.05", "-ts_dt", "0.01", "-progress_interval", "0"]


def simple(extra, option, value, allowed=()):
    return refused(BASE, extra, option, value, allowed)


CASES = {
    "type_unknown": simple(["-field_type", "navier_stokes"], "-field_type", "navier_stokes", [r"fokker_planck", r"allen_cahn", r"cahn_hilliard"]),
    "temperature_negative": simple(["-fp_temperature", "-0.5"], "-fp_temperature", "-0.5", [r"positive"]),
    "kernel_unknown": simple(["-fp_interaction", "-mf_kernel", "yukawa"], "-mf_kernel", "yukawa", [r"cosine", r"gaussian"]),
    "potential_unknown": simple(["-fp_potentials", "harmonic,morse"], "-fp_potentials", "morse", [r"harmonic", r"double_well"]),
    # 3 planes of y over 2 ranks in blocks of 2 leave the last rank 1 plane < stencil width 2
    "grid_unsplittable": simple(["-grid_n", "16,3", "-grid_stencil_width", "2"], "-grid_n", "16,3", [r"nearest|smallest"]),
    "epsilon_negative": simple(["-field_type", "allen_cahn", "-ac_epsilon", "-0.01"], "-ac_epsilon", "-0.01", [r"positive"]),
    "option_unknown": simple(["-fp_temprature", "1"], "-fp_temprature", "1", [r"unknown option"]),
    # an option of a type that was not chosen is read by nobody, so refused like a typo
    "type_option_unused": simple(["-field_type", "allen_cahn", "-fp_temperature", "2"], "-fp_temperature", "2", [r"unknown option"]),
    # -help lists the options and checks them too
    "help_misspelt": simple(["-help", "-fp_temprature", "1"], "-fp_temprature", "1", [r"unknown option"]),
    "restart_missing": simple(["-restart", "missing.chk.h5"], "-restart", "missing.chk.h5", [r"no such file|does not exist|not found"]),
}


def case_ok(runner, cwd):
    mckcli.expect_ran(runner.run(BASE + ["-output", "run.h5"], cwd), cwd, "run.h5")
    check(os.path.isfile(os.path.join(cwd, "run.xmf")), "run.xmf (the XDMF sidecar) not written")


def case_help(runner, cwd):
    r = runner.run(["-help"], cwd)
    mckcli.expect_help(r, cwd, ("-field_type", "-fp_temperature", "-fp_potentials", "-fp_interaction", "-grid_n", "-ts_dt", "-checkpoint_interval"))


CASES.update({"ok": case_ok, "help": case_help})

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
