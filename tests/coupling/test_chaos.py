"""Propagation of chaos, small sizes (the full range is scripts/study_chaos.sh): mckean-mv
solves the noisy Kuramoto problem of inputs/mv.yaml by the Fokker-Planck PDE and by N particles
(N = 1000, 4000, 16000; 6 seeds each; dt = 0.004 for both, t = 0.4, 64-point grid); the L1
distance between the particles' kernel density estimate and the PDE density seen through the
same estimator, averaged over t in [0.2, 0.4] and over seeds, falls like N^-1/2.
Tolerance: the fitted slope within 3 standard errors of -1/2, the standard error coming from
the spread over seeds (propagated through the weighted fit); the test also requires that
standard error to be below 0.1, so that it can tell -1/2 from, e.g., -1/4 or -1.
    test_chaos.py MPIEXEC APP DECK
"""
import os
import sys

import numpy as np

from mcktest import check, finish
from study_chaos import fit_slope, run_point

mpiexec, app, deck = sys.argv[1:4]
options = ["-options_file_yaml", deck, "-lgv_dt", 0.004, "-ts_dt", 0.004, "-lgv_steps", 100,
           "-mv_output_interval", 25, "-grid_n", 64]
Ns = [1000, 4000, 16000]
means, ses = [], []
for N in Ns:
    m, se = run_point(mpiexec, app, 1, N, range(1, 7), options, os.getcwd(), 0.2)
    means.append(m)
    ses.append(se)
    print(f"N = {N}: L1 = {m:.4e} +- {se:.1e}, L1 sqrt(N) = {m * np.sqrt(N):.3f}")
slope, se_slope, _ = fit_slope(Ns, np.array(means), np.array(ses))
check(se_slope < 0.1, f"the slope is determined to {se_slope:.3f} (< 0.1)")
check(abs(slope + 0.5) < 3 * se_slope, f"L1 ~ N^{slope:.3f}: within 3 se ({3 * se_slope:.3f}) of N^-1/2")
finish()
