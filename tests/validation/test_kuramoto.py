"""Noisy Kuramoto / Curie-Weiss on the circle (issue: validation test 4), through the Fourier
mean field: W(theta) = -J cos(theta) on [0, 2 pi), temperature T.

Below J = 2T the uniform state is stable: r = |mu_hat(1)| is only a finite-N fluctuation with
N E[r^2] = 1 / (1 - J / (2T)) (linearised fluctuations of the first Fourier mode), so r -> 0.
Above it, r -> r*, the non-zero root of r = I1(J r / T) / I0(J r / T). Euler-Maruyama biases
r by O(dt): r is measured at dt and dt/2 and extrapolated (2 r(dt/2) - r(dt)).
Tolerances: 4 standard errors from the spread of time-series rows spaced beyond the
relaxation time (rows are then nearly independent).
    test_kuramoto.py MPIEXEC APP
"""
import numpy as np
from scipy.optimize import brentq
from scipy.special import i0e, i1e

from mcktest import check, finish, runner_from_argv, series

T = 1.0
run = runner_from_argv()


def kuramoto(out, N, J, dt, t_end, every, seed):
    run(2, "-particles_n", N, "-particles_dim", 1, "-particles_box", 2 * np.pi, "-particles_init", "uniform",
        "-lgv_drifts", "fourier_meanfield", "-mf_kernel", "cosine", "-mf_strength", J, "-mf_modes", 1,
        "-lgv_temperature", T, "-lgv_dt", dt, "-lgv_steps", int(round(t_end / dt)),
        "-lgv_output_interval", int(round(every / dt)), "-seed", seed, "-progress_interval", 0, "-output", out)
    return series(out)


def below_threshold():
    N, J = 1000, 1.0  # N <r^2> does not depend on N to leading order: many short-N samples
    s = kuramoto("kuramoto_below.h5", N, J, 0.01, 1600.0, 4.0, 11)
    r2N = (s["order_parameter"] ** 2 * N)[s["t"] >= 10]
    mean, se = r2N.mean(), r2N.std(ddof=1) / np.sqrt(r2N.size)
    expected = 1 / (1 - J / (2 * T))
    check(abs(mean - expected) < 4 * se, f"J = {J} < 2T: N <r^2> = {mean:.3f} vs 1/(1 - J/2T) = {expected:.3f} (4 se = {4 * se:.3f}): no order, r ~ N^-1/2")


def self_consistent_r(J):
    return brentq(lambda r: r - i1e(J * r / T) / i0e(J * r / T), 1e-6, 1.0)


def above_threshold():
    N, J = 20000, 4.0
    rstar = self_consistent_r(J)
    est = {}
    for dt, seed in ((0.02, 21), (0.01, 22)):
        s = kuramoto(f"kuramoto_above_{dt}.h5", N, J, dt, 60.0, 2.0, seed)
        r = s["order_parameter"][s["t"] >= 15]
        est[dt] = (r.mean(), r.std(ddof=1) / np.sqrt(r.size))
        print(f"      dt = {dt}: r = {est[dt][0]:.5f} +- {est[dt][1]:.5f}")
    (r1, s1), (r2, s2) = est[0.02], est[0.01]
    r0, s0 = 2 * r2 - r1, np.hypot(2 * s2, s1)
    check(abs(r0 - rstar) < 4 * s0, f"J = {J} > 2T: r extrapolated to dt -> 0 = {r0:.5f} vs self-consistent r* = {rstar:.5f} (4 se = {4 * s0:.5f})")


below_threshold()
above_threshold()
finish()
