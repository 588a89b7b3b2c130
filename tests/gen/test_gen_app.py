"""mckean-gen end to end: every deck runs on 2 ranks, and the run files hold what they promise.

  interpolant deck (learned drift): the linear-time MMD^2 and energy distance against exact target
      samples are 0 within 4 of their standard errors, and the mean within 4 standard errors;
  interpolant with the exact drift (2D ring of Gaussians): the 2D histogram of the samples
      against the exact density, chi^2 below dof + 4 sqrt(2 dof) (the chi^2 statistic's mean and
      standard deviation; bins with an expected count below 20 merged into one);
  SMC deck: log Z within 0.05 of the exact value (its spread over seeds is ~0.01 at N = 20000:
      tests/gen/test_gen.c measures it), ESS history in (0, 1], samples' mean within 4 se;
  diffusion and guided decks: they run and write samples, weights and metrics;
  a refusal: -gen_type with an unknown name is a user error naming the allowed ones;
  the app's run file is bitwise the same on 1 and 3 ranks (SMC, resampling included).
    test_gen_app.py MPIEXEC APP SOURCE_DIR
"""
import sys

import h5py
import numpy as np

from mcktest import bitwise_differences, check, finish, runner_from_argv, series

run = runner_from_argv()
decks = sys.argv[3] + "/inputs/"


def metrics(path):
    with h5py.File(path, "r") as f:
        return dict(f["metrics"].attrs), f["gen/x"][...], f["gen/logw"][...]


def gmm_density_2d(x, y, K=8, R=4.0, s=0.5):
    mu = [(R * np.cos(2 * np.pi * k / K), R * np.sin(2 * np.pi * k / K)) for k in range(K)]
    p = np.zeros_like(x)
    for mx, my in mu:
        p += np.exp(-((x - mx) ** 2 + (y - my) ** 2) / (2 * s * s)) / (2 * np.pi * s * s * K)
    return p


def chi2_against_density(x, lim=6.0, nb=24):
    edges = np.linspace(-lim, lim, nb + 1)
    counts, _, _ = np.histogram2d(x[:, 0], x[:, 1], bins=[edges, edges])
    fine = 8  # midpoint rule on 8 x 8 points per bin
    h = edges[1] - edges[0]
    c = -lim + (np.arange(nb * fine) + 0.5) * h / fine
    X, Y = np.meshgrid(c, c, indexing="ij")
    P = gmm_density_2d(X, Y).reshape(nb, fine, nb, fine).sum(axis=(1, 3)) * (h / fine) ** 2
    expected = P * len(x)
    outside = len(x) - counts.sum()
    small = expected < 20
    o = np.concatenate([counts[~small], [counts[small].sum() + outside]])
    e = np.concatenate([expected[~small], [expected[small].sum() + len(x) * (1 - P.sum())]])
    return ((o - e) ** 2 / e).sum(), len(o) - 1


def main():
    run(2, "-options_file_yaml", decks + "gen_interpolant.yaml", "-progress_interval", 0, "-output", "interp.h5")
    m, x, logw = metrics("interp.h5")
    for name in ("mmd2_linear", "energy_distance_linear"):
        z = m[name] / m[name + "_se"]
        check(abs(z) < 4, f"interpolant (learned): {name} = {m[name]:.2e}, {z:+.2f} se from 0")
    check(m["mean_error_max_se"] < 4, f"interpolant (learned): mean within 4 se ({m['mean_error_max_se']:.2f})")
    check(np.all(logw == 0), "interpolant: the samples are unweighted")

    # the default target is the deck's ring (8 components, R = 4, s = 0.5)
    run(2, "-gen_type", "interpolant", "-gen_exact_drift", "-gen_n", 40000, "-gen_steps", 50,
        "-interp_integrator", "rk4", "-progress_interval", 0, "-output", "exact.h5")
    _, x, _ = metrics("exact.h5")
    chi2, dof = chi2_against_density(x)
    check(chi2 < dof + 4 * np.sqrt(2 * dof), f"interpolant (exact drift, RK4): 2D histogram chi^2 = {chi2:.1f} for {dof} dof (bound {dof + 4 * np.sqrt(2 * dof):.1f})")

    run(2, "-options_file_yaml", decks + "gen_smc.yaml", "-progress_interval", 0, "-output", "smc.h5")
    m, x, _ = metrics("smc.h5")
    check(abs(m["log_z"] - m["exact_log_z"]) < 0.05, f"SMC: log Z = {m['log_z']:.4f}, exact {m['exact_log_z']}")
    ess = series("smc.h5", "gen")["ess"]
    check(np.all((ess > 0) & (ess <= 1)), f"SMC: ESS history in (0, 1] (min {ess.min():.3f})")
    check(m["mean_error_max_se"] < 4, f"SMC: mean within 4 se ({m['mean_error_max_se']:.2f})")

    for deck in ("gen_diffusion", "gen_guided"):
        run(2, "-options_file_yaml", decks + deck + ".yaml", "-progress_interval", 0, "-output", deck + ".h5")
        m, x, _ = metrics(deck + ".h5")
        check(np.all(np.isfinite(x)) and "fit_residual" in m, f"{deck}: finite samples and a fit residual ({m['fit_residual']:.4f})")

    for np_ in (1, 3):
        run(np_, "-options_file_yaml", decks + "gen_smc.yaml", "-gen_n", 5000, "-gen_steps", 15, "-progress_interval", 0, "-output", f"smc{np_}.h5")
    diff = bitwise_differences("smc1.h5", "smc3.h5")
    check(not diff, f"SMC run files on 1 and 3 ranks are bitwise equal (differing: {diff})")

    proc = run(2, "-gen_type", "sde_sampler", "-output", "bad.h5", check=False)
    out = proc.stdout + proc.stderr
    check(proc.returncode != 0 and "interpolant" in out and "sde_sampler" in out, "an unknown -gen_type is refused, naming the allowed types")
    finish()


main()
