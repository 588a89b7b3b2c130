"""Ornstein-Uhlenbeck validation (issue: validation tests 1 and 2).

Overdamped, Euler-Maruyama, V = k x^2 / 2, friction 1: the scheme is the AR(1) map
x' = (1 - k dt) x + sqrt(2 T dt) xi, whose exact stationary variance is T / (k (1 - k dt / 2))
(-> T/k, bias T dt / 2: weak order one) and whose lag-j autocorrelation is (1 - k dt)^j.
Underdamped, BAOAB: the one-step map of (x, v) is linear; its stationary covariance (discrete
Lyapunov equation) has position variance exactly T/k and kinetic temperature
T (1 - k dt^2 / (4 m)), and lag-j position correlation (M^j S0)_xx / S0_xx.

Tolerances: 4 standard errors; standard errors come from the spread of (nearly independent)
time-series rows, or (1 - rho^2) / sqrt(N) for a correlation estimated from N particles.
    test_ou.py MPIEXEC APP
"""
import numpy as np
import scipy.linalg as sl

from mcktest import check, finish, runner_from_argv, series, snapshots

K, T, N = 1.0, 1.0, 100000
run = runner_from_argv()
COMMON = ["-particles_n", N, "-particles_dim", 1, "-lgv_drifts", "harmonic", "-harmonic_k", K,
          "-lgv_temperature", T, "-progress_interval", 0]


def stationary_mean(path, column, t_min):
    s = series(path)
    rows = s[column][s["t"] >= t_min]
    return rows.mean(), rows.std(ddof=1) / np.sqrt(rows.size), rows.size


def overdamped_variance():
    biases = {}
    for dt in (0.1, 0.05):
        steps, every = int(round(60 / dt)), int(round(2 / dt))  # rows 2 time units apart: corr e^-4
        out = f"ou_em_{dt}.h5"
        run(2, *COMMON, "-lgv_integrator", "euler_maruyama", "-lgv_dt", dt, "-lgv_steps", steps,
            "-lgv_output_interval", every, "-output", out)
        v, se, n = stationary_mean(out, "var_0", 6.0)
        exact = T / (K * (1 - K * dt / 2))
        check(abs(v - exact) < 4 * se, f"EM dt={dt}: stationary variance {v:.5f} vs exact discrete {exact:.5f} (4 se = {4 * se:.5f}, {n} rows)")
        biases[dt] = (v - T / K, se, exact - T / K)
    (b1, s1, e1), (b2, s2, e2) = biases[0.1], biases[0.05]
    ratio, exact_ratio = b1 / b2, e1 / e2
    sigma = abs(ratio) * np.hypot(s1 / b1, s2 / b2)
    check(abs(ratio - exact_ratio) < 4 * sigma, f"EM weak order one: bias(0.1)/bias(0.05) = {ratio:.3f} (exact {exact_ratio:.3f}, 4 sigma = {4 * sigma:.3f}; order 1 means 2)")


def correlations(path, lags):
    snaps = snapshots(path)[:, :, 0]
    x0 = snaps[0] - snaps[0].mean()
    rho = []
    for j in lags:
        xj = snaps[j] - snaps[j].mean()
        rho.append(np.dot(x0, xj) / np.sqrt(np.dot(x0, x0) * np.dot(xj, xj)))
    return np.array(rho)


def overdamped_autocorrelation():
    dt, steps = 0.05, 20
    out = "ou_em_acf.h5"
    std = np.sqrt(T / (K * (1 - K * dt / 2)))  # start in the discrete stationary state
    run(2, *COMMON, "-lgv_integrator", "euler_maruyama", "-lgv_dt", dt, "-lgv_steps", steps,
        "-lgv_snapshot_interval", 1, "-particles_init_std", std, "-output", out)
    lags = np.arange(1, steps + 1)
    rho, exact = correlations(out, lags), (1 - K * dt) ** lags
    se = (1 - exact ** 2) / np.sqrt(N)
    worst = np.max(np.abs(rho - exact) / se)
    check(worst < 4, f"EM autocorrelation (1 - k dt)^j for j = 1..{steps}: worst deviation {worst:.2f} se")
    rate = -np.log(rho[-1]) / (steps * dt)
    print(f"      decay rate {rate:.4f} (discrete {-np.log(1 - K * dt) / dt:.4f}, continuous k = {K})")


def baoab_map(dt, m, gamma):
    """One BAOAB step of (x, v) under F = -k x: state' = M state + L xi."""
    B = np.array([[1, 0], [-dt * K / (2 * m), 1]])
    A = np.array([[1, dt / 2], [0, 1]])
    c = np.exp(-gamma * dt)
    O = np.array([[1, 0], [0, c]])
    L = B @ A @ np.array([0, np.sqrt((1 - c * c) * T / m)])
    return B @ A @ O @ A @ B, np.outer(L, L)


def underdamped():
    dt, m, gamma = 0.1, 1.0, 1.0
    M, Q = baoab_map(dt, m, gamma)
    S = sl.solve_discrete_lyapunov(M, Q)
    out = "ou_baoab.h5"
    run(2, *COMMON, "-lgv_integrator", "baoab", "-lgv_dt", dt, "-lgv_mass", m, "-lgv_gamma", gamma,
        "-lgv_steps", 1000, "-lgv_output_interval", 40, "-output", out)
    v, se, n = stationary_mean(out, "var_0", 8.0)
    check(abs(v - S[0, 0]) < 4 * se, f"BAOAB: position variance {v:.5f} vs exact {S[0, 0]:.5f} = T/k (4 se = {4 * se:.5f}, {n} rows)")
    kt, se, n = stationary_mean(out, "kinetic_T", 8.0)
    check(abs(kt - m * S[1, 1]) < 4 * se, f"BAOAB: kinetic temperature {kt:.5f} vs exact discrete {m * S[1, 1]:.5f} (4 se = {4 * se:.5f})")

    out = "ou_baoab_acf.h5"
    steps = 30
    run(2, *COMMON, "-lgv_integrator", "baoab", "-lgv_dt", dt, "-lgv_mass", m, "-lgv_gamma", gamma,
        "-lgv_steps", steps, "-lgv_snapshot_interval", 1, "-output", out)
    S0 = np.diag([T / K, T / m])  # the initial state: positions N(0, T/k), Maxwell velocities
    lags = np.arange(1, steps + 1)
    rho = correlations(out, lags)
    exact = []
    for j in lags:
        Mj = np.linalg.matrix_power(M, j)
        Sj = Mj @ S0 @ Mj.T + sum(np.linalg.matrix_power(M, i) @ Q @ np.linalg.matrix_power(M, i).T for i in range(j))
        exact.append((Mj @ S0)[0, 0] / np.sqrt(S0[0, 0] * Sj[0, 0]))
    exact = np.array(exact)
    se = (1 - exact ** 2) / np.sqrt(N)
    worst = np.max(np.abs(rho - exact) / se)
    check(worst < 4, f"BAOAB position autocorrelation over {steps} lags (damped oscillation): worst deviation {worst:.2f} se")


overdamped_variance()
overdamped_autocorrelation()
underdamped()
finish()
