"""Quadratic interaction W = kappa |x|^2 / 2 in a harmonic trap (issue: validation test 3).

Mean-field limit: Gaussian, variance v(t) = T/(k+kappa) + (v0 - T/(k+kappa)) exp(-2 (k+kappa) t).
For N particles under Euler-Maruyama the empirical variance obeys, in expectation, the exact
recursion V' = (1 - (k+kappa) dt)^2 V + 2 T dt (1 - 1/N) (the particles' deviations from their
own mean follow an AR(1) map), and the mean obeys m' = (1 - k dt) m (interaction cancels).
Tolerance: 4 sigma. Given the recorded start, the empirical variance deviates from the
recursion by a cross term of the start with the noise (sd <= V/sqrt(N), by AM-GM) plus the
noise's own sampling error (sd <= sqrt(2/N) V), so sigma = sqrt(3/N) V bounds it. The mean
deviates by the mean of the accumulated noise, which relaxes through the trap alone:
its variance M obeys M' = (1 - k dt)^2 M + 2 T dt / N from M = 0.
    test_quadratic_meanfield.py MPIEXEC APP
"""
import numpy as np

from mcktest import check, finish, runner_from_argv, series

K, KAPPA, T, N, DT, STEPS, EVERY = 1.0, 2.0, 0.5, 100000, 0.01, 300, 10
run = runner_from_argv()
out = "quadratic.h5"
run(2, "-particles_n", N, "-particles_dim", 2, "-particles_init_mean", "1.0,-0.5", "-particles_init_std", 2.0,
    "-lgv_drifts", "harmonic,quadratic_meanfield", "-harmonic_k", K, "-quadratic_kappa", KAPPA,
    "-lgv_temperature", T, "-lgv_dt", DT, "-lgv_steps", STEPS, "-lgv_output_interval", EVERY,
    "-progress_interval", 0, "-output", out)
s = series(out)
a = 1 - (K + KAPPA) * DT
for axis in (0, 1):
    var, mean = s[f"var_{axis}"], s[f"mean_{axis}"]
    # the expected variance and mean at every recorded row, from the recorded start
    Vref, mref, Mvar = np.empty_like(var), np.empty_like(mean), np.empty_like(mean)
    Vref[0], mref[0], Mvar[0] = var[0], mean[0], 0.0
    for r in range(1, var.size):
        v, mm, mv = Vref[r - 1], mref[r - 1], Mvar[r - 1]
        for _ in range(EVERY):
            v = a * a * v + 2 * T * DT * (1 - 1 / N)
            mm = (1 - K * DT) * mm
            mv = (1 - K * DT) ** 2 * mv + 2 * T * DT / N
        Vref[r], mref[r], Mvar[r] = v, mm, mv
    zv = np.abs(var - Vref) / (np.sqrt(3 / N) * Vref)
    zm = np.abs(mean - mref)[1:] / np.sqrt(Mvar[1:])  # row 0 is the start itself
    check(zv.max() < 4, f"axis {axis}: variance follows the particle recursion over t in [0, {STEPS * DT}] (worst {zv.max():.2f} sigma; from {var[0]:.3f} to {var[-1]:.4f})")
    check(zm.max() < 4, f"axis {axis}: mean decays as (1 - k dt)^n, unaffected by the interaction (worst {zm.max():.2f} sigma)")
    t = s["t"]
    ode = T / (K + KAPPA) + (var[0] - T / (K + KAPPA)) * np.exp(-2 * (K + KAPPA) * t)
    bias = np.abs(Vref - ode).max()
    zode = np.abs(var - ode) / (np.sqrt(3 / N) * ode)
    check(np.all(np.abs(var - ode) < 4 * np.sqrt(3 / N) * ode + bias), f"axis {axis}: variance follows the mean-field ODE within 4 sigma + the O(dt) scheme bias {bias:.2e} (worst {zode.max():.2f} sigma)")
finish()
