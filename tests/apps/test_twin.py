"""The coupled twin experiment (mckean-twin), end to end on a small configuration.

    test_twin.py MPIEXEC APP DECK CASE

posterior     The EKS posterior of log theta = log (J, T) holds the truth within K_SIGMA posterior
              standard deviations, is narrower than the prior by more than the ensemble's own
              sampling error could make it (the data inform both parameters: the sample sd of
              J members has relative standard error 1/sqrt(2 (J - 1)), so an uninformed posterior
              would have sd >= prior sd (1 - K_SIGMA / sqrt(2 (J - 1)))), and the mean member fits the data at the noise level: the misfit
              (1/2) |y - G|^2 / (n sigma^2) is about 1/2 for a fit at the noise level, so it
              must lie within 1/2 +- 5 sqrt(1/(2n)) (its standard deviation for Gaussian noise)
              plus the particle models' own error.
ranks         The run file is bitwise identical on 1, 2, 3 and 4 ranks, and on 4 ranks with
              members on sub-communicators of 2 (members and particles move between ranks;
              summary statistics are exact sums).
restart       Iterations 1..k, a checkpoint, and a restart on another rank count give a run
              file bitwise identical to an uninterrupted run.
"""
import math
import sys

import h5py
import numpy as np

from mcktest import Runner, bitwise_differences, check, finish

K_SIGMA = 3.0
MEMBERS = 16
SMALL = ["-particles_n", 2000, "-grid_n", 32, "-ens_size", MEMBERS, "-progress_interval", 0]

mpiexec, app, deck, case = sys.argv[1:5]
run = Runner(mpiexec, app)
base = ["-options_file_yaml", deck] + SMALL


def posterior():
    run(2, *base, "-twin_iterations", 12, "-output", "twin_posterior.h5")
    with h5py.File("twin_posterior.h5", "r") as f:
        hist = f["timeseries/twin"][...]
        columns = f["timeseries/twin"].attrs["columns"]
        columns = (columns.decode() if isinstance(columns, bytes) else str(columns)).split(",")
        truth = f["twin/theta_truth"][...]
        prior_sd = f["twin/prior_log_std"][...]
        ndata = f["twin/data"].shape[0]
        check(f["fields/truth"].shape == f["fields/predicted"].shape, "truth and prediction have the same snapshots")
    last = hist[-1]
    for i, name in enumerate(("J", "T")):
        mean, sd = last[columns.index(f"log{name}_mean")], last[columns.index(f"log{name}_sd")]
        z = abs(mean - math.log(truth[i])) / sd
        check(z <= K_SIGMA, f"{name}: truth {truth[i]:.3f} within {K_SIGMA} posterior sd of the posterior median "
              f"{math.exp(mean):.3f} (log-sd {sd:.3f}; z = {z:.2f})")
        informed = prior_sd[i] * (1 - K_SIGMA / math.sqrt(2 * (MEMBERS - 1)))
        check(sd < informed, f"{name}: posterior log-sd {sd:.3f} below {informed:.3f}, the prior's {prior_sd[i]:.3f} "
              f"less {K_SIGMA} standard errors of a {MEMBERS}-member sample sd (the data inform it)")
    misfit = last[columns.index("misfit_mean")]
    band = 5 * math.sqrt(1 / (2 * ndata))
    check(abs(misfit - 0.5) <= band + 0.25, f"misfit per datum {misfit:.3f} at the noise level (0.5 +- {band:.3f}, +0.25 model error)")


def ranks():
    files = {}
    for np_ in (1, 2, 3, 4):
        files[np_] = f"twin_np{np_}.h5"
        run(np_, *base, "-twin_iterations", 3, "-output", files[np_])
    control = "twin_seed.h5"
    run(2, *base, "-twin_iterations", 3, "-seed", 99, "-output", control)
    check("ensemble/members" in bitwise_differences(files[1], control), "control: another seed changes the ensemble")
    # members on sub-communicators: each member's particles split over 2 ranks
    files["4x2"] = "twin_np4_sub2.h5"
    run(4, *base, "-twin_iterations", 3, "-ens_ranks_per_member", 2, "-output", files["4x2"])
    for np_ in (2, 3, 4, "4x2"):
        diff = bitwise_differences(files[1], files[np_])
        check(not diff, f"{np_} ranks bitwise identical to 1 rank" + (f" (differ: {diff})" if diff else ""))


def restart():
    run(2, *base, "-twin_iterations", 4, "-output", "twin_full.h5")
    run(2, *base, "-twin_iterations", 2, "-checkpoint_interval", 2, "-output", "twin_half.h5")
    run(3, *base, "-twin_iterations", 4, "-restart", "twin_half.chk.h5", "-output", "twin_restarted.h5")
    diff = bitwise_differences("twin_full.h5", "twin_restarted.h5")
    check(not diff, "2 iterations + restart (3 ranks) for 2 more is bitwise identical to 4" + (f" (differ: {diff})" if diff else ""))


{"posterior": posterior, "ranks": ranks, "restart": restart}[case]()
finish()
