"""Keller-Segel chemotaxis with particles (mckean-langevin -lgv_drifts chemotaxis): the
aggregation threshold of linear stability.

Overdamped particles at temperature T (gamma = 1) with F = chi grad c, (-Laplacian + kappa^2) c =
rho - rho_bar, rho the probability density on a box of side L (rho_bar = 1/L in 1D). Linearising
the mean-field equation d rho/dt = T Laplacian rho - chi div(rho grad c) about rho_bar, mode k
grows at rate lambda_k = k^2 (chi rho_bar / (k^2 + kappa^2) - T): the uniform state is unstable
iff s = chi rho_bar / (T (k_min^2 + kappa^2)) > 1, k_min = 2 pi / L.

Below (s = 0.8): no aggregation; the first Fourier mode of the particle density r = |mu_hat(1)|
is a finite-N fluctuation with N E[r^2] = 1 / (1 - s) (the linearised fluctuation of that mode, as
for the Kuramoto model). Tolerance: 4 standard errors of the mean of N r^2 over rows spaced by
8 time units, beyond the mode's relaxation time 1 / (k^2 T (1 - s)) = 5 (rows nearly independent);
the Euler-Maruyama bias of that variance, lambda dt / 2 = 0.004, is negligible.
Above (s = 1.25): aggregation, r >= 0.5 late in the run, more than 10 times the finite-N level
sqrt(1 / (N (1 - 0.8))) of the stable side.
Restart: 20 steps + checkpoint on 2 ranks, continued on 3 ranks, equal 40 steps on 1 rank bit for
bit (2D, grid summary): the drift's state is the particles' positions alone.
The cloud-in-cell filter lowers s by (k h)^2 / 12 ~ 1e-3 on a 64-point grid: negligible here.
    test_keller_segel.py MPIEXEC APP
"""
import numpy as np

from mcktest import bitwise_differences, check, finish, runner_from_argv, series

T, KAPPA, L = 1.0, 1.0, 2 * np.pi
CHI_C = T * ((2 * np.pi / L) ** 2 + KAPPA ** 2) * L  # s = 1
run = runner_from_argv()


def keller_segel(out, nranks, N, s, dt, t_end, every, seed):
    run(nranks, "-particles_n", N, "-particles_dim", 1, "-particles_box", L, "-particles_init", "uniform",
        "-lgv_integrator", "euler_maruyama", "-lgv_temperature", T, "-lgv_drifts", "chemotaxis",
        "-ks_chi", s * CHI_C, "-ks_kappa", KAPPA, "-ks_modes", 4, "-grid_n", 64,
        "-lgv_dt", dt, "-lgv_steps", int(round(t_end / dt)), "-lgv_output_interval", int(round(every / dt)),
        "-seed", seed, "-progress_interval", 0, "-output", out)
    return series(out)


N_BELOW, S_BELOW = 1000, 0.8
# one rank: the long run is latency-bound on a loaded machine, and ranks do not change the bits
below = keller_segel("ks_below.h5", 1, N_BELOW, S_BELOW, 0.04, 480.0, 8.0, 31)
r2N = (below["order_parameter"] ** 2 * N_BELOW)[below["t"] >= 20]
mean, se = r2N.mean(), r2N.std(ddof=1) / np.sqrt(r2N.size)
expected = 1 / (1 - S_BELOW)
check(abs(mean - expected) < 4 * se, f"s = {S_BELOW} < 1: N <r^2> = {mean:.3f} vs 1/(1 - s) = {expected:.3f} (4 se = {4 * se:.3f}): no aggregation")

N_ABOVE, S_ABOVE = 4000, 1.25
above = keller_segel("ks_above.h5", 2, N_ABOVE, S_ABOVE, 0.04, 60.0, 1.0, 32)
r_late = above["order_parameter"][above["t"] >= 40].mean()
noise = np.sqrt(expected / N_ABOVE)
check(r_late >= 0.5 and r_late > 10 * noise, f"s = {S_ABOVE} > 1: aggregation, r = {r_late:.3f} late in the run (finite-N level {noise:.3f})")
RESTART = ["-particles_n", 1001, "-particles_dim", 2, "-particles_chunk_size", 64, "-particles_box", L,
           "-particles_init", "gaussian", "-particles_init_mean", 3.0, "-particles_init_std", 1.0,
           "-lgv_integrator", "euler_maruyama", "-lgv_dt", 0.01, "-lgv_drifts", "chemotaxis", "-ks_chi", 30,
           "-ks_modes", 3, "-grid_n", 32, "-lgv_output_interval", 5, "-seed", 5, "-progress_interval", 0]
run(1, *RESTART, "-lgv_steps", 40, "-output", "ks_full.h5")
run(2, *RESTART, "-lgv_steps", 20, "-checkpoint_interval", 20, "-output", "ks_half.h5")
run(3, *RESTART, "-lgv_steps", 40, "-restart", "ks_half.chk.h5", "-output", "ks_restarted.h5")
diff = bitwise_differences("ks_full.h5", "ks_restarted.h5")
check(not diff, "20 steps + restart (2 -> 3 ranks) for 20 more is bitwise identical to 40 steps on 1 rank" + (f" (differ: {diff})" if diff else ""))
finish()
