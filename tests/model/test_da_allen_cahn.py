#!/usr/bin/env python3
"""mckean-da on the Allen-Cahn deck (inputs/da_allen_cahn.yaml: 32 x 32 periodic grid, every
third component observed every 4 steps with error variance 0.1, LETKF J = 16), 30 cycles:

  - the mean analysis RMSE after burn-in (cycles 11..30) is below a fifth of the observation
    error (0.32) and below a fifth of that of the same ensemble run without assimilation
    (observation variance 1e8, no inflation: the forecasts alone, same truth, whose members
    grow domain patterns of their own from their initial noise);
  - the members are stored as (n, J) = (1024, 16);
  - 1 rank == 2 ranks == 2 ranks with -ens_ranks_per_member 2 (each member a DMDA split into
    rows over both ranks, whose global order must be the natural ix + 32 iy), bit for bit;
  - a checkpoint at cycle 15 restarted to cycle 30 == the straight run, bit for bit (2 ranks).

    test_da_allen_cahn.py MPIEXEC APP DECK
"""
import os
import sys
import tempfile

import h5py

from mcktest import Runner, bitwise_differences, check, finish, series


def main():
    mpiexec, app, deck = sys.argv[1:4]
    run = Runner(mpiexec, app)
    base = ["-options_file_yaml", deck, "-progress_interval", "0", "-da_cycles", 30, "-da_burnin", 10]
    with tempfile.TemporaryDirectory() as d:
        out = lambda name: os.path.join(d, name)
        run(2, *base, "-output", out("np2.h5"))
        run(2, *base, "-da_obs_var", 1e8, "-ens_inflation", 1, "-output", out("free.h5"))
        rmse = {}
        for name in ("np2", "free"):
            s = series(out(name + ".h5"), "da")
            rmse[name] = s["rmse_analysis"][s["cycle"] > 10].mean()
        obs_sd = 0.1**0.5
        print("mean analysis RMSE %.4f, without assimilation %.4f, observation error %.3f" % (rmse["np2"], rmse["free"], obs_sd))
        check(rmse["np2"] < obs_sd / 5, "analysis RMSE %.4f below a fifth of the observation error %.3f" % (rmse["np2"], obs_sd))
        check(rmse["np2"] < rmse["free"] / 5, "analysis RMSE %.4f below a fifth of the forecasts' alone %.4f" % (rmse["np2"], rmse["free"]))
        with h5py.File(out("np2.h5"), "r") as f:
            check(f["/ensemble/members"].shape == (1024, 16), "/ensemble/members has shape (n, J) = (1024, 16)")
        run(1, *base, "-output", out("np1.h5"))
        run(2, *base, "-ens_ranks_per_member", 2, "-output", out("rpm2.h5"))
        for other in ("np2.h5", "rpm2.h5"):
            diff = bitwise_differences(out("np1.h5"), out(other))
            check(not diff, "1 rank == %s bit for bit (differing: %s)" % (other, diff))
        half = [o if o != 30 else 15 for o in base]
        run(2, *half, "-checkpoint_interval", 15, "-output", out("first.h5"))
        run(2, *base, "-restart", out("first.chk.h5"), "-output", out("second.h5"))
        diff = bitwise_differences(out("np2.h5"), out("second.h5"))
        check(not diff, "restart at cycle 15 == straight run, bit for bit (differing: %s)" % diff)
    finish()


if __name__ == "__main__":
    main()
