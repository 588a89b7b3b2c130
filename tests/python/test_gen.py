"""mckean.GenSampler: samples from Python against the target's moments and the app's run file."""
import os

import h5py
import numpy as np
import pytest

import mckean
from mckpy import COMM, suffix

INPUTS = os.path.join(os.environ["MCK_SOURCE_DIR"], "inputs")
RING = dict(target_type="gmm", target_components=6, target_radius=3.0, target_std=0.6)


def global_moments(x):
    """Mean (d,) and covariance (d, d) of the samples of every rank (x: dim x nlocal)."""
    n = COMM.allreduce(x.shape[1])
    s1 = COMM.allreduce(x.sum(axis=1))
    s2 = COMM.allreduce(x @ x.T)
    mean = s1 / n
    return mean, s2 / n - np.outer(mean, mean), n


def test_exact_drift_samples_match_the_targets_moments():
    s = mckean.GenSampler(COMM, seed=3, gen_type="interpolant", gen_n=8000, gen_steps=40, gen_exact_drift=None,
                          interp_integrator="rk4", **RING)
    assert s.fit_rounds == 0
    x = s.sample()
    assert x.shape == (2, len(s.samples[0])) and s.step_count == s.nsteps
    mean, cov, n = global_moments(x)
    em, ec = s.target_moments()
    assert n == 8000
    # 4 standard errors: of a mean sqrt(C_aa / N), of a covariance entry sqrt((C_aa C_bb + C_ab^2) / N)
    se_mean = np.sqrt(np.diag(ec) / n)
    se_cov = np.sqrt((np.outer(np.diag(ec), np.diag(ec)) + ec**2) / n)
    assert np.all(np.abs(mean - em) < 4 * se_mean), (mean, em, se_mean)
    assert np.all(np.abs(cov - ec) < 4 * se_cov), (cov, ec, se_cov)
    # the exact model at t = 0 (x_0 = x0 ~ N(0, I), independent of x1): velocity E[x1] - x_0 and
    # denoiser E[x0 | x_0] = x_0, at any point
    X = np.array([[0.5, -1.0], [2.0, 0.25]])
    out = s.evaluate_model(0.0, X)
    assert out.shape == (2, 4)
    assert np.allclose(out[:, :2], em - X, atol=1e-12) and np.allclose(out[:, 2:], X, atol=1e-12)
    # points of another dimension are refused before C reads n x dim values from them
    for bad in (np.zeros(2), np.zeros((2, 1)), np.zeros((2, 3))):
        with pytest.raises(ValueError, match=r"X must be n x 2"):
            s.evaluate_model(0.0, bad)
    # a non-finite time or point is refused (its model would be NaN, returned as a value)
    for t, bad, message in [(np.nan, X, "t nan must be a finite time"), (np.inf, X, "t inf must be a finite time"),
                            (0.0, np.array([[0.5, 1.0], [np.nan, 0.0]]), r"X\[1, 0\] nan: the points must be finite")]:
        with pytest.raises(mckean.Error, match=r"^MckGenSamplerEvaluateModel: " + message + "$"):
            s.evaluate_model(t, bad)


def test_fitted_sampler_equals_the_apps_samples_bitwise():
    deck = os.path.join(INPUTS, "gen_interpolant.yaml")
    small = dict(gen_n=2000, gen_steps=10, gen_fit_rounds=2, gen_fit_samples=4000)
    out = f"gen.app.{suffix()}.h5"
    mckean.run("gen", deck, output=out, progress_interval=0, gen_snapshot_interval=12, **small)
    with mckean.options(deck=deck, **small):
        s = mckean.GenSampler(COMM)
    assert s.fit_rounds == 2
    residual = s.fit()
    assert np.isfinite(residual) and residual > 0 and s.step_count == 2
    x = s.sample()
    with h5py.File(out, "r") as h5:
        snap = h5["gen_snapshots/x"][-1]
    g0 = s.gstart
    assert np.array_equal(x.T, snap[g0:g0 + x.shape[1]])


def test_samples_are_views_of_the_sampler():
    s = mckean.GenSampler(COMM, seed=3, gen_type="interpolant", gen_n=2048, gen_steps=4, gen_exact_drift=None, **RING)
    s.initialize()
    v = s.samples
    assert COMM.allreduce(v[0].size) == 2048 and v[0].size > 0  # every rank holds samples
    before = v[0].copy()
    s.step()
    assert not np.array_equal(v[0], before) and np.array_equal(v[0], s.samples[0])
