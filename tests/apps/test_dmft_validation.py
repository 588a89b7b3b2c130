"""Validation of mckean-dmft (model scs) against analytic and independent results.

    test_dmft_validation.py MPIEXEC APP CASE

quiescent  g < 1 (phi = tanh, phi'(0) = 1): the only stationary solution is Delta = 0 (the
           stationary solver finds Delta_0 = 0 exactly), and from x(0) ~ N(0, 1) both the
           self-consistent single site and a finite network decay: the variance falls by more
           than 1e3 over t = 20 (the linearised rate is 2 (1 - g) = 0.8 per unit time).
chaos      g > 1: Delta_0 > 0 from the stationary theory, and from the population solver by
           more than 10 standard errors (the spread over seeds).
agree      the population solver (sampling, SNES self-consistency) and the stationary theory
           (Newton equation, SNES + TS) agree on Delta(tau), tau = 0, 1, 2, 3 (averaged over
           t in [10, 30): a finite population's variance wanders slowly, so the window is
           long), within 4 standard
           errors of the mean over 5 seeds (Student t with 4 degrees of freedom: a false alarm
           per lag < 2%; the lags are strongly correlated, so the test's rate is close to that).
           The integrator error (second order, dt = 0.1) is below 1e-3, far inside the band.
finite_n   the finite network approaches the DMFT as N grows: the root-mean-square (over 6
           realisations of J and x(0)) distance between the network's Delta(tau), tau <= 5,
           and the stationary theory is smallest at the largest N: it falls from N = 64 and
           from N = 256 to N = 1024. Sample-to-sample fluctuations fall like N^-1/2, so each
           factor 4 in N should halve it; at N = 64 it saturates near the size of Delta itself,
           so the test compares each smaller N with the largest only.
quadrature the stationary solver's Delta_0 against an independent quadrature of the energy
           balance Delta_0^2 / 2 = g^2 Var[Phi(sqrt(Delta_0) z)], Phi = log cosh (scipy's adaptive
           quad, relative 1e-13, and brentq): within 1e-9 relative at g = 3 and g = 5 (the old
           80-node Gauss-Hermite rule was 1.1e-5 and 5.7e-4 off; measured now < 1e-11).
transient  the warning of a window whose transient has not decayed (src/dmft/transient.c: the
           equal-time variance over the two halves of t >= burn-in differs by > 4 standard
           errors). g = 1.2, q0 = 0.05, window [2, 20): the variance is still growing towards
           Delta_0 = 0.243 at the slow rate near g = 1 (measured halves 0.070 and 0.179, 25
           standard errors): one warning line naming -dmft_steps and -dmft_burn_in, attribute
           transient = 1. g = 2 with the
           default deck's window [10, 40) (M = 2000): no warning, transient = 0 (measured
           0.8 standard errors; a false alarm needs 4, probability 6e-5).
"""
import sys
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np

from mcktest import Runner, check, finish

if len(sys.argv) != 4:
    sys.exit(f"usage: {sys.argv[0]} MPIEXEC APP CASE")
run = Runner(sys.argv[1], sys.argv[2])
CASE = sys.argv[3]
GRID = ["-dmft_dt", 0.1, "-progress_interval", 0]


def solve(out, *options, steps=200, nranks=2):
    run(nranks, *GRID, "-dmft_steps", steps, *options, "-output", out)
    with h5py.File(out, "r") as f:
        return {k: f[f"/dmft/{k}"][...] for k in ("C_x", "delta", "tau")}


def solve_all(jobs):
    """[solve(out, *options, steps=steps) for (out, options, steps) in jobs], independent runs on
    one rank each, two at a time (the test holds two processors; the results are bitwise the same
    on any rank count)."""
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda job: solve(job[0], *job[1], steps=job[2], nranks=1), jobs))


def quiescent():
    g = ["-dmft_g", 0.6]
    st = solve("q_st.h5", *g, "-dmft_solver", "stationary")
    check(st["delta"][0] == 0.0 and np.all(st["delta"] == 0.0), f"g = 0.6: stationary Delta_0 = {st['delta'][0]} (expected exactly 0)")
    for solver, extra in (("population", ["-dmft_population", 2000, "-dmft_tol", 1e-6]), ("network", ["-dmft_n", 400])):
        r = solve(f"q_{solver}.h5", *g, "-dmft_solver", solver, *extra)
        var = np.diag(r["C_x"])
        check(var[-1] < 1e-3 * var[0], f"g = 0.6, {solver}: variance {var[0]:.3g} at t = 0 -> {var[-1]:.3g} at t = 19.9 (expected a fall by > 1e3)")
        check(np.all(np.diff(var[20:]) < 0), f"g = 0.6, {solver}: variance decreasing after t = 2")


def population_deltas(seeds, lags, m, steps):
    """Delta(tau) of the population solver, one row per seed. The tolerance 1e-3 on the
    self-consistency is far below the sampling error (~ 2 % for these M)."""
    jobs = [(f"a_{s}.h5", ("-dmft_g", 2, "-dmft_solver", "population", "-dmft_population", m, "-dmft_burn_in", 10,
                           "-dmft_lags", lags, "-dmft_tol", 1e-3, "-seed", s), steps) for s in seeds]
    return np.array([r["delta"] for r in solve_all(jobs)])


def chaos():
    st = solve("c_st.h5", "-dmft_g", 2, "-dmft_solver", "stationary")
    check(st["delta"][0] > 0, f"g = 2: stationary Delta_0 = {st['delta'][0]:.6g} > 0")
    d0 = population_deltas((1, 2, 3), 2, 1000, 200)[:, 0]
    se = d0.std(ddof=1) / np.sqrt(d0.size)
    check(d0.mean() > 10 * se, f"g = 2: population Delta_0 = {d0.mean():.4f} +- {se:.4f} > 10 se")


def agree():
    lags = [0, 10, 20, 30]
    st = solve("s_st.h5", "-dmft_g", 2, "-dmft_solver", "stationary", steps=300)["delta"]
    pop = population_deltas((1, 2, 3, 4, 5), 31, 3000, 300)
    for k in lags:
        m, se = pop[:, k].mean(), pop[:, k].std(ddof=1) / np.sqrt(pop.shape[0])
        check(abs(m - st[k]) < 4 * se, f"Delta({k * 0.1:.0f}): population {m:.4f} +- {se:.4f}, stationary theory {st[k]:.4f} (|diff| < 4 se)")


def finite_n():
    lags = 51
    st = solve("n_st.h5", "-dmft_g", 2, "-dmft_solver", "stationary", "-dmft_lags", lags, steps=300)["delta"]
    sizes, seeds = (64, 256, 1024), range(1, 7)
    jobs = [(f"n_{n}_{s}.h5", ("-dmft_g", 2, "-dmft_solver", "network", "-dmft_n", n, "-dmft_burn_in", 10,
                               "-dmft_lags", lags, "-seed", s), 300) for n in sizes for s in seeds]
    runs = iter(solve_all(jobs))
    errs = []
    for n in sizes:
        e = [np.sqrt(np.mean((next(runs)["delta"] - st) ** 2)) for _ in seeds]
        errs.append(np.sqrt(np.mean(np.square(e))))
        print(f"N = {n}: rms distance to the DMFT {errs[-1]:.4f} (per realisation {np.round(e, 3)})")
    for a, b, na, nb in ((errs[0], errs[2], 64, 1024), (errs[1], errs[2], 256, 1024)):
        check(b < a, f"distance to the DMFT falls from N = {na} ({a:.4f}) to N = {nb} ({b:.4f})")


def energy_balance_root(g):
    from scipy.integrate import quad
    from scipy.optimize import brentq

    def logcosh(x):
        x = abs(x)
        return x + np.log1p(np.exp(-2 * x)) - np.log(2)

    def moment(k, d0):  # E[Phi(sqrt(d0) z)^k], z ~ N(0, 1); Phi is even
        f = lambda z: logcosh(np.sqrt(d0) * z) ** k * np.exp(-z * z / 2) / np.sqrt(2 * np.pi)
        return 2 * quad(f, 0, np.inf, epsabs=0, epsrel=1e-13, limit=500)[0]

    return brentq(lambda d0: 0.5 - g * g * (moment(2, d0) - moment(1, d0) ** 2) / d0**2, 1e-2, 1e3, xtol=1e-14, rtol=1e-14)


def quadrature():
    for g in (3, 5):
        out = f"quad_{g}.h5"
        run(1, "-dmft_solver", "stationary", "-dmft_g", g, "-dmft_steps", 20, "-output", out)
        with h5py.File(out, "r") as f:
            d0 = f["/dmft"].attrs["delta0"]
        ref = energy_balance_root(g)
        check(abs(d0 / ref - 1) < 1e-9, f"g = {g}: stationary Delta_0 = {d0:.13g}, independent quadrature {ref:.13g} (relative {d0 / ref - 1:.2e})")


def transient():
    for g, q0, steps, burn, expect in ((1.2, 0.05, 200, 2, 1), (2, 1, 400, 10, 0)):
        out = f"t_{g}.h5"
        proc = run(2, *GRID, "-dmft_g", g, "-dmft_q0", q0, "-dmft_steps", steps, "-dmft_burn_in", burn, "-dmft_population", 2000,
                   "-dmft_tol", 1e-3, "-output", out)
        lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "transient has not decayed" in ln]
        with h5py.File(out, "r") as f:
            a = dict(f["/dmft"].attrs)
            z = (a["variance_second_half"] - a["variance_first_half"]) / a["variance_halves_se"]
            flag = int(a["transient"])
        print(f"g = {g}, window [{burn}, {(steps - 1) * 0.1:g}]: halves {a['variance_first_half']:.4f}, {a['variance_second_half']:.4f}, {z:+.1f} se")
        check(flag == expect, f"g = {g}: attribute transient = {flag}, expected {expect}")
        check(len(lines) == expect, f"g = {g}: {len(lines)} warning lines, expected {expect}: {lines}")
        if expect:
            check("-dmft_steps" in lines[0] and "-dmft_burn_in" in lines[0], f"the warning names the options: {lines[0]}")


{"quiescent": quiescent, "chaos": chaos, "agree": agree, "finite_n": finite_n, "quadrature": quadrature, "transient": transient}[CASE]()
finish()
