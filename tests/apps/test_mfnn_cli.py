#!/usr/bin/env python3
"""CLI tests of mckean-mfnn: a bad input exits non-zero with ONE line
"mckean-mfnn: error: <message>" naming the option (or file and dataset), the bad value and what
is allowed, and leaves no output file (neither the run file, its .partial, nor a checkpoint);
the checker is tests/mckcli.py. Positive controls: "ok" (the same tiny configuration runs and
writes /timeseries/mfnn and /learn/theta) and "help" (-help lists -mfnet_temperature with its
default, writes nothing).

    test_mfnn_cli.py --app PATH --mpiexec PATH --case NAME
"""
import os
import re
import sys

import mckcli
from mckcli import check, refused, refused_restart

BASE = ["-mfnet_n", 40, "-mfnet_dim", 4, "-mfnet_batch", 30, "-mfnet_steps", 5, "-progress_interval", 0]


def case_data_shapes(runner, cwd):
    import h5py  # only the cases that read or write HDF5 pay for the import
    import numpy as np
    with h5py.File(os.path.join(cwd, "bad.h5"), "w") as f:
        f["X"] = np.zeros((30, 4))
        f["y"] = np.zeros(29)
    base = BASE[:2] + ["-mfnet_data", "bad.h5", "-mfnet_dim", 4, "-mfnet_steps", 5]
    refused(base, [], "-mfnet_data", "bad.h5", [r"/X", r"\(30, 4\)", r"/y", r"\(29\)"])(runner, cwd)


def case_restart_mismatch(runner, cwd):
    r = runner.run(BASE + ["-checkpoint_interval", 5, "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: the checkpoint run failed")
    args = BASE + ["-mfnet_alpha", 2, "-mfnet_steps", 10, "-restart", "a.chk.h5", "-output", "b.h5"]
    refused_restart(runner, cwd, args, "-mfnet_alpha", "2", [r"\b1\b"], "b.h5")


def case_ok(runner, cwd):
    import h5py
    import numpy as np
    mckcli.expect_ran(runner.run(BASE + ["-mfnet_test_size", 10, "-output", "run.h5"], cwd), cwd, "run.h5")
    with h5py.File(os.path.join(cwd, "run.h5"), "r") as f:
        ts = f["timeseries/mfnn"][...]
        check(ts.shape == (6, 5) and np.all(np.isfinite(ts)), f"/timeseries/mfnn has shape {ts.shape} or non-finite entries")
        check(f["learn/theta"].shape == (40, 6), f"/learn/theta has shape {f['learn/theta'].shape}, expected (40, 6)")


def case_help(runner, cwd):
    r = runner.run(BASE + ["-output", "run.h5", "-help"], cwd)
    mckcli.expect_help(r, cwd, ["-mfnet_temperature"])
    check(re.search(r"^\s*-mfnet_temperature <0\.?\s*[:>]", r.stdout, re.M), "-help does not list -mfnet_temperature <0.>")


CASES = {
    "temperature_negative": refused(BASE, ["-mfnet_temperature", -0.5], "-mfnet_temperature", "-0.5", [r"positive"]),
    "activation_unknown": refused(BASE, ["-mfnet_activation", "swish"], "-mfnet_activation", "swish", [r"tanh", r"relu"]),
    "dynamics_unknown": refused(BASE, ["-mfnet_dynamics", "adam"], "-mfnet_dynamics", "adam", [r"mfld", r"fedavg"]),
    "teacher_directions": refused(BASE, ["-mfnet_teacher_directions", 5], "-mfnet_teacher_directions", "5",
                                  [r"-mfnet_teacher_directions 5", r"-mfnet_dim 4"]),
    "fedavg_checkpoint": refused(BASE, ["-mfnet_dynamics", "fedavg", "-mfnet_fedavg_local_steps", 2, "-checkpoint_interval", 3],
                                 "-checkpoint_interval", "3", [r"-checkpoint_interval 3", r"multiple of 2"]),
    "option_misspelt": refused(BASE, ["-mfnet_temprature", 1], "-mfnet_temprature", "1", [r"-mfnet_temperature(?!_)"]),
    # an option of a type that was not chosen is unused: a network's option with cbo on rastrigin
    "unused_type_option": refused(["-mfnet_n", 40, "-mfnet_dim", 4, "-mfnet_steps", 5, "-progress_interval", 0, "-mfnet_dynamics", "cbo"],
                                  ["-mfnet_alpha", 2], "-mfnet_alpha", "2"),
    "data_shapes": case_data_shapes,
    "restart_mismatch": case_restart_mismatch,
    "ok": case_ok,
    "help": case_help,
}

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
