#!/usr/bin/env python3
"""CLI tests of mckean-da (one case per invocation, 2 ranks, 5 cycles of the Lorenz-96 deck):
every bad input gives a non-zero exit, one "mckean-da: error: ..." line naming the option, the
value and what is allowed, and no output file (the checker is tests/mckcli.py). "ok" and
"help" are the positive controls.

Failed members (docs/ensemble.md): an initial spread of 25 or 35 makes every member leave the
model's limits in the first forecast (RK4 at dt 0.05 is unstable at such amplitudes), so the
run ends with one line "ensemble diverged at cycle 0", whether failed members are dropped or
replaced, and no file (it used to abort on a fixed-point overflow of an exploded but finite
member). With a spread of 15 some members fail in the first forecast and the run goes on: they
are dropped (fewer active members from then on) or replaced (all active again).

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
    "smoother_negative": simple_case(["-ens_smoother_lag", "-1"], "-ens_smoother_lag", "-1", [r"0 \(off\) or a positive"]),
    "smoother_local": simple_case(["-ens_analysis", "letkf", "-ens_loc_radius", "3", "-ens_smoother_lag", "2"], "-ens_smoother_lag", "2", [r"etkf or enkf", r"letkf"]),
    "lnetf_no_radius": simple_case(["-ens_analysis", "lnetf"], "-ens_loc_radius", "0", [r"positive"]),
    "ranks_per_member": simple_case(["-ens_ranks_per_member", "3"], "-ens_ranks_per_member", "3", [r"divide"]),
    "inverse_model": simple_case(["-model_type", "linear"], "-model_type", "linear", [r"dynamical"]),
    "failed_unknown": simple_case(["-ens_failed", "retry"], "-ens_failed", "retry", [r"drop", r"replace"]),
    # an option of an analysis type that was not chosen is unused, hence refused like a typo
    "type_option_unused": simple_case(["-ens_analysis", "etkf", "-ens_loc_radius", "4"], "-ens_loc_radius", "4", [r"unknown option"]),
    "diverged_drop": simple_case(["-da_init_spread", "35", "-ens_failed", "drop"], "-ens_min_members", "2", [r"ensemble diverged at cycle 0", r"0 of 20 members remain"]),
    "diverged_replace": simple_case(["-da_init_spread", "25", "-ens_failed", "replace"], "-ens_min_members", "2", [r"ensemble diverged at cycle 0", r"0 of 20 members remain"]),
}


def obs_file_case(edit, option, value, allowed, extra=()):
    """A bad observation file (the /observations of a good one changed by edit) or option: one
    line naming the option and the file, nothing written. The runs give no deck (the deck's
    -da_obs_every and -da_obs_var are refused beside -da_obs_file: case obs_file_with_deck)."""
    def case(runner, cwd):
        import h5py
        import numpy as np
        d = {"value": np.ones(40), "variance": np.ones(40), "coordinate": np.arange(40.0), "time": np.full(40, 0.05)}
        attrs = {"operator": "selection", "state_size": 40}
        group = edit(d, attrs)
        with h5py.File(os.path.join(cwd, "bad.h5"), "w") as f:
            g = f.create_group(group)
            for k, v in d.items():
                g[k] = v
            for k, v in attrs.items():
                g.attrs[k] = v
        args = ["-da_cycles", "5", "-da_burnin", "1", "-progress_interval", "0", "-da_obs_file", "bad.h5"] + list(extra)
        refused(args, [], option, value, allowed)(runner, cwd)
    return case


def edit(key, value=None, index=None, length=None, group="observations"):
    """An editor of the good file: set d[key][index] = value, cut d[key] to length, set an
    attribute, or name the group otherwise."""
    def f(d, attrs):
        if key in d and index is not None:
            d[key][index] = value
        elif key in d and length is not None:
            d[key] = d[key][:length]
        elif key is not None:
            attrs[key] = value
        return group
    return f


def grid_file_case(grid, n, bad, allowed):
    """A file of 36 observations on a grid (coordinate (36, 2), attribute grid) read by the
    Allen-Cahn model on an n x n grid: one line naming -da_obs_file and the file. bad: an
    observation's (row, axis) set outside the grid, or None."""
    def case(runner, cwd):
        import h5py
        import numpy as np
        c = np.stack(np.meshgrid(np.arange(6) + 0.5, np.arange(6) + 0.5, indexing="xy"), -1).reshape(-1, 2)
        if bad is not None:
            c[bad] = n + 0.5
        with h5py.File(os.path.join(cwd, "bad.h5"), "w") as f:
            g = f.create_group("observations")
            g["value"], g["variance"], g["coordinate"], g["time"] = np.zeros(36), np.ones(36), c, np.full(36, 0.2)
            g.attrs["operator"], g.attrs["state_size"], g.attrs["grid"] = "interp", n * n, grid
        args = ["-model_type", "allen_cahn", "-ac_n", str(n), "-ac_length", str(n), "-ens_size", "8", "-da_obs_steps", "4",
                "-da_cycles", "2", "-da_burnin", "1", "-progress_interval", "0", "-da_obs_file", "bad.h5"]
        refused(args, ["-ens_layout", "blocks"], "-da_obs_file", "bad.h5", allowed)(runner, cwd)
    return case


CASES.update({
    "obs_operator_unknown": simple_case(["-ens_obs_operator", "cubic"], "-ens_obs_operator", "cubic", [r"selection", r"interp", r"abs", r"square"]),
    "obs_offset_outside": simple_case(["-da_obs_every", "2", "-da_obs_offset", "2"], "-da_obs_offset", "2", [r"\[0, 2\)"]),
    "obs_file_missing": refused(["-da_cycles", "5", "-progress_interval", "0"], ["-da_obs_file", "none.h5"], "-da_obs_file", "none.h5", [r"no such file|does not exist|not found"]),
    "obs_file_with_obs_every": obs_file_case(edit(None), "-da_obs_every", "1", [r"come from -da_obs_file bad\.h5"], extra=["-da_obs_every", "1"]),
    "obs_file_no_group": obs_file_case(edit(None, group="obs"), "-da_obs_file", "bad.h5", [r"no group /observations"]),
    "obs_file_shape": obs_file_case(edit("variance", length=39), "-da_obs_file", "bad.h5", [r"variance has shape \(39\), /observations/value \(40\)"]),
    "obs_file_variance": obs_file_case(edit("variance", 0.0, index=3), "-da_obs_file", "bad.h5", [r"variance\[3\] = 0 must be a positive"]),
    # in the blocks layout the file is read by slices: observation 39 is in the second rank's
    "obs_file_coordinate": obs_file_case(edit("coordinate", 40.5, index=39), "-da_obs_file", "bad.h5", [r"coordinate\[39\] = 40\.5 is outside the state \[0, 40\)"], extra=["-ens_layout", "blocks"]),
    "obs_file_operator_unknown": obs_file_case(edit("operator", "cubic"), "-da_obs_file", "bad.h5", [r"operator cubic: unknown observation operator; allowed: selection, interp"]),
    "obs_file_operator_conflict": obs_file_case(edit("operator", "interp"), "-ens_obs_operator", "selection", [r"bad\.h5 are of operator interp"], extra=["-ens_obs_operator", "selection"]),
    # a file saved on a 16 x 16 grid, read on 12 x 12 (its state_size is 144: only the grid differs)
    "obs_file_grid": grid_file_case("16 16", 12, None, [r"observes the grid 16 16 \(attribute grid\); this model's grid is 12 12"]),
    # read by slices: row 29 is in the second rank's
    # the same with grid as integers (as files are written now; the string above is the older form)
    "obs_file_grid_ints": grid_file_case([16, 16], 12, None, [r"observes the grid 16 16 \(attribute grid\); this model's grid is 12 12"]),
    "obs_file_grid_coordinate": grid_file_case("12 12", 12, (29, 1), [r"coordinate\[29, 1\] = 12\.5 is outside axis 1 of the grid \[0, 12\)"]),
})


def grid_case(extra, option, value, allowed):
    """The Allen-Cahn model on a 12 x 12 grid (2 axes) with the observation options extra."""
    args = ["-model_type", "allen_cahn", "-ac_n", "12", "-ac_length", "12", "-ens_size", "8", "-da_cycles", "2",
            "-da_burnin", "1", "-progress_interval", "0"]
    return lambda runner, cwd: refused(args, extra, option, value, allowed)(runner, cwd)


CASES.update({
    # per-axis strides and offsets: one value for every axis or one per axis of the model's grid
    "obs_every_axes": simple_case(["-da_obs_every", "2,4"], "-da_obs_every", "2,4", [r"2 values for a state that is not a grid; allowed: one"]),
    "obs_every_grid_axes": grid_case(["-da_obs_every", "3,3,2"], "-da_obs_every", "3,3,2", [r"3 values for a grid of 2 axes; allowed: one for every axis or 2, one per axis"]),
    "obs_offset_axes": grid_case(["-da_obs_every", "3,5", "-da_obs_offset", "0.5,5"], "-da_obs_offset", "0.5,5", [r"\[0, 5\) on every axis"]),
    "obs_offset_count": grid_case(["-da_obs_every", "3,5", "-da_obs_offset", "0,1,2"], "-da_obs_offset", "0,1,2", [r"3 values beside the 2 of -da_obs_every 3,5; allowed: one for every axis or one per axis"]),
})


def failed_members_survive(mode):
    """Spread 15: members fail in the first forecast, are counted, and dropped or replaced."""
    def case(runner, cwd):
        import h5py
        r = runner.run(base(runner) + ["-da_init_spread", "15", "-ens_failed", mode, "-output", "run.h5"], cwd)
        mckcli.expect_ran(r, cwd, "run.h5")
        with h5py.File(os.path.join(cwd, "run.h5"), "r") as f:
            s = f["/timeseries/da"][()]
            active = f["/ensemble/active"][()]
        nactive, nfailed = s[:, 6], s[:, 7]
        check(nfailed[0] > 0 and nactive[0] == 20 - nfailed[0], "cycle 1: %d failed, %d used (expected failures, the others used)" % (nfailed[0], nactive[0]))
        check((nfailed[1:] == 0).all(), "no failures after the first cycle")
        expected = 20 if mode == "replace" else 20 - nfailed[0]
        check((nactive[1:] == expected).all() and active.sum() == expected, "%s: %d members active afterwards, expected %d" % (mode, active.sum(), expected))
        check("member(s) failed" in r.stdout, "the failures are not reported on stdout")
    return case


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


CASES.update({"ok": case_ok, "help": case_help, "restart_mismatch": case_restart_mismatch,
              "failed_drop": failed_members_survive("drop"), "failed_replace": failed_members_survive("replace")})
CASES.update(mckcli.help_without_deck(("-da_cycles", "-ens_size", "-ens_analysis", "-l96_n")))


if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
