#!/usr/bin/env python3
"""A checkpoint that does not hold what the run needs is refused like any bad input: non-zero
exit, one "<app>: error:" line naming -restart and the file, no run file, the checkpoint left as
it was. Each case writes a genuine checkpoint, changes it with HDF5 the way a person or a script
might, and restarts from it.

    test_restart_refusals.py --app PATH --mpiexec PATH --case CASE

mckean-langevin (the particle state /checkpoint/particles/x, 100 rows of 1 column):
  dataset_missing   x deleted;
  dataset_shape     x cut to its first 50 rows;
  dataset_type      x rewritten as 4-byte reals (HDF5 would convert them back on reading);
  attribute_type    the /checkpoint step rewritten as a string;
  step_mismatch     the solver's own step (/checkpoint/langevin) changed: the run would go on
                    from state of another step;
  series_rows       a row cut from the time series the run continues.
  unknown_setting   the particles' settings hold one this run does not have (-particles_extra);
  unknown_object    the settings of an object this run did not add (/checkpoint/config/ens);
  other_program     the checkpoint names another app (mckean-da) as the program that wrote it;
  format_older      the checkpoint has no format number (written before there was one);
  format_other      the checkpoint is of checkpoint format 1.
mckean-field (Cahn-Hilliard):
  field_dt          the restart asks for another -ts_dt: the field would continue with the
                    checkpoint's step and ignore the option.
mckean-twin (--deck inputs/default.yaml):
  twin_grid_n       the restart asks for another -grid_n of the truth PDE: refused naming the
                    option and both sizes, before the truth data's fingerprint.
mckean-gen (--deck inputs/gen_interpolant.yaml):
  gen_features      the restart asks for another -features_rff_lengthscale: the fit would go on
                    with features other than those its normal equations were summed over.
  gen_steps         a run restarted with more -gen_steps: the sampler's time grid is fixed
                    by the step count, so the refusal says a generative run cannot be extended.
  gen_data          a data target whose file now holds other rows (same name, same shape): refused
                    by the fingerprint of the data; the same rows under another name continue.
"""
import os
import sys

import h5py
import numpy as np

import mckcli
from mckcli import check, refused_restart

LGV = ["-particles_n", "100", "-particles_dim", "1", "-particles_box", "6.283185307179586", "-lgv_dt", "0.01",
       "-lgv_output_interval", "5", "-progress_interval", "0"]
X = "/checkpoint/particles/x"


def langevin_checkpoint(runner, cwd):
    """a.chk.h5 at step 10 of a run of 10 steps, continued below to 20."""
    r = runner.run(LGV + ["-lgv_steps", "10", "-checkpoint_interval", "10", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")),
          "setting up: the run writing a.chk.h5 failed")
    return os.path.join(cwd, "a.chk.h5")


def rewrite(path, name, data):
    """Replace dataset name by data, keeping its attributes."""
    with h5py.File(path, "r+") as f:
        attrs = dict(f[name].attrs)
        del f[name]
        d = f.create_dataset(name, data=data)
        for k, v in attrs.items():
            d.attrs[k] = v


def langevin_refused(runner, cwd, allowed):
    refused_restart(runner, cwd, LGV + ["-lgv_steps", "20", "-restart", "a.chk.h5", "-output", "b.h5"],
                    "-restart", "a.chk.h5", allowed, "b.h5")


def case_dataset_missing(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        del f[X]
    langevin_refused(runner, cwd, [r"no dataset %s" % X])


def case_dataset_shape(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r") as f:
        x = f[X][...]
    rewrite(path, X, x[:50])
    langevin_refused(runner, cwd, [X, r"shape \(100, 1\)"])


def case_dataset_type(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r") as f:
        x = f[X][...]
    rewrite(path, X, x.astype(np.float32))
    langevin_refused(runner, cwd, [X, r"4-byte", r"8-byte reals"])


def case_attribute_type(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        f["/checkpoint"].attrs["step"] = "ten"
    langevin_refused(runner, cwd, [r"attribute step of /checkpoint is not an integer"])


def case_step_mismatch(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        f["/checkpoint/langevin"].attrs["step"] = np.int64(15)
    langevin_refused(runner, cwd, [r"step 10\b", r"step 15\b"])


def case_series_rows(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        d = f["/timeseries/langevin"]
        check(d.shape[0] == 3, "setting up: expected rows at steps 0, 5 and 10, found %d" % d.shape[0])
        d.resize((2, d.shape[1]))
    langevin_refused(runner, cwd, [r"langevin", r"\b2 rows", r"\b3\b"])


def case_unknown_setting(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        f["/checkpoint/config/particles"].attrs["-particles_extra"] = "3"
    langevin_refused(runner, cwd, [r"records /checkpoint/config/particles/-particles_extra\b",
                                   r"which this run does not have"])


def case_unknown_object(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        f.require_group("/checkpoint/config/ens").attrs["-ens_loc_radius"] = "3"
    langevin_refused(runner, cwd, [r"records /checkpoint/config/ens/-ens_loc_radius\b",
                                   r"which this run does not have \(it has no object ens\)"])


def case_other_program(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        f.attrs["mckean_program"] = np.bytes_(b"mckean-da")
    langevin_refused(runner, cwd, [r"written by mckean-da\b", r"this is %s\b" % runner.prog])


def case_format_older(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        del f["/checkpoint"].attrs["format"]
    langevin_refused(runner, cwd, [r"another checkpoint format \(an older format", r"reads checkpoint format \d+"])


def case_format_other(runner, cwd):
    path = langevin_checkpoint(runner, cwd)
    with h5py.File(path, "r+") as f:
        mine = int(f["/checkpoint"].attrs["format"])
        f["/checkpoint"].attrs["format"] = np.int64(mine - 1)
    langevin_refused(runner, cwd, [r"another checkpoint format \(format %d\)" % (mine - 1),
                                   r"reads checkpoint format %d\b" % mine])


TWIN = ["-particles_n", "500", "-ens_size", "8", "-progress_interval", "0"]


def case_twin_grid_n(runner, cwd):
    deck = ["-options_file_yaml", runner.deck]
    r = runner.run(deck + TWIN + ["-grid_n", "16", "-twin_iterations", "2", "-checkpoint_interval", "1",
                                  "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")),
          "setting up: the run writing a.chk.h5 failed")
    refused_restart(runner, cwd, deck + TWIN + ["-grid_n", "32", "-twin_iterations", "3", "-restart", "a.chk.h5",
                                                "-output", "b.h5"],
                    "-grid_n", "32", [r"(?<![\w.])16,16(?![\w.])"], "b.h5")


FIELD = ["-field_type", "cahn_hilliard", "-grid_dim", "2", "-grid_n", "16", "-grid_L", "1", "-ch_epsilon", "0.01",
         "-field_init_amplitude", "0.05", "-field_output_interval", "5", "-progress_interval", "0"]


def case_field_dt(runner, cwd):
    r = runner.run(FIELD + ["-ts_dt", "1e-4", "-ts_max_time", "0.001", "-checkpoint_interval", "10",
                            "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")),
          "setting up: the run writing a.chk.h5 failed")
    refused_restart(runner, cwd,
                    FIELD + ["-ts_dt", "2e-4", "-ts_max_time", "0.002", "-restart", "a.chk.h5", "-output", "b.h5"],
                    "-ts_dt", "0.0002", [r"0\.0001"], "b.h5")


GEN = ["-gen_n", "500", "-gen_fit_samples", "1000", "-gen_steps", "10", "-gen_output_interval", "2",
       "-progress_interval", "0"]


def case_gen_features(runner, cwd):
    deck = ["-options_file_yaml", runner.deck]
    r = runner.run(deck + GEN + ["-checkpoint_interval", "3", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")),
          "setting up: the run writing a.chk.h5 failed")
    refused_restart(runner, cwd,
                    deck + GEN + ["-features_rff_lengthscale", "2", "-restart", "a.chk.h5", "-output", "b.h5"],
                    "-features_rff_lengthscale", "2", [r"(?<![\w.])1(?![\w.])"], "b.h5")


def case_gen_data(runner, cwd):
    """A data target restarted with other rows in a file of the same name and shape is refused by
    the data's fingerprint; the same data under another name continue."""
    x = np.random.default_rng(1).normal(size=(200, 2))
    with h5py.File(os.path.join(cwd, "d.h5"), "w") as f:
        f["X"] = x
    with h5py.File(os.path.join(cwd, "moved.h5"), "w") as f:
        f["X"] = x
    args = ["-gen_type", "interpolant", "-target_type", "data"] + GEN
    r = runner.run(args + ["-target_file", "d.h5", "-checkpoint_interval", "3", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")),
          "setting up: the run writing a.chk.h5 failed")
    r = runner.run(args + ["-target_file", "moved.h5", "-restart", "a.chk.h5", "-output", "c.h5"], cwd)
    mckcli.expect_ran(r, cwd, "c.h5")
    with h5py.File(os.path.join(cwd, "d.h5"), "r+") as f:
        f["X"][0, 0] += 1.0
    refused_restart(runner, cwd, args + ["-target_file", "d.h5", "-restart", "a.chk.h5", "-output", "b.h5"],
                    "-target_file", None, [r"fingerprint"], "b.h5")


def case_gen_steps(runner, cwd):
    """A run restarted with more -gen_steps: refused, saying the time grid is fixed by them."""
    deck = ["-options_file_yaml", runner.deck]
    r = runner.run(deck + GEN + ["-checkpoint_interval", "3", "-output", "a.h5"], cwd)
    check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")),
          "setting up: the run writing a.chk.h5 failed")
    refused_restart(runner, cwd, deck + GEN + ["-gen_steps", "20", "-restart", "a.chk.h5", "-output", "b.h5"],
                    "-gen_steps", "20", [r"time grid", r"cannot be extended", r"-gen_steps 10\b"], "b.h5")


CASES = {"dataset_missing": case_dataset_missing, "dataset_shape": case_dataset_shape,
         "dataset_type": case_dataset_type, "attribute_type": case_attribute_type, "step_mismatch": case_step_mismatch,
         "series_rows": case_series_rows, "unknown_setting": case_unknown_setting,
         "unknown_object": case_unknown_object, "other_program": case_other_program,
         "format_older": case_format_older, "format_other": case_format_other, "field_dt": case_field_dt,
         "twin_grid_n": case_twin_grid_n, "gen_features": case_gen_features,
         "gen_data": case_gen_data, "gen_steps": case_gen_steps}

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
