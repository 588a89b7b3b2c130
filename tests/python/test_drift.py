"""Drifts written in Python give the same bits as the built-in C drifts of the same arithmetic."""
import gc

import numpy as np
import pytest

import mckean
from mckpy import dynamics, gather


def harmonic(k):
    def force(x, F):
        for a in range(len(x)):
            F[a] -= k * (x[a] - 0.0)  # the C loop: f -= k (x - x0), x0 = 0
    return force


class QuadraticMeanField(mckean.Drift):
    """-kappa (x - m), m the mean of all particles: one summary statistic per dimension, summed
    in the C drift's order (sequentially over the chunk: np.cumsum, not NumPy's pairwise sum)."""

    def __init__(self, kappa, dim):
        self.kappa, self.nstats = kappa, dim

    def setup(self, N, dim):
        self.N = N

    def accumulate(self, x, partial):
        for a in range(len(x)):
            partial[a] = np.cumsum(x[a])[-1] if x[a].size else 0.0

    def force(self, x, F, sums):
        for a in range(len(x)):
            F[a] -= self.kappa * (x[a] - sums[a] / self.N)


mckean.register_drift("py_harmonic", harmonic(2.5))
mckean.register_drift("py_quadratic", QuadraticMeanField(1.5, 2))


def same_bits(a, b):
    return a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64))


@pytest.mark.parametrize("integrator", ["euler_maruyama", "baoab"])
def test_python_harmonic_equals_c_harmonic(integrator):
    pc, _ = dynamics("harmonic", harmonic_k=2.5, lgv_integrator=integrator)
    pp, _ = dynamics("py_harmonic", lgv_integrator=integrator)
    assert same_bits(gather(pc.x), gather(pp.x)) and same_bits(gather(pc.v), gather(pp.v))
    other = dynamics("harmonic", harmonic_k=2.5, lgv_integrator=integrator, seed=12)[0]
    assert not same_bits(gather(pc.x), gather(other.x))


@pytest.mark.parametrize("integrator", ["euler_maruyama", "baoab"])
def test_python_drift_with_statistics_equals_c(integrator):
    pc, _ = dynamics("quadratic_meanfield,harmonic", quadratic_kappa=1.5, lgv_integrator=integrator)
    pp, _ = dynamics("py_quadratic,harmonic", lgv_integrator=integrator)
    assert same_bits(gather(pc.x), gather(pp.x)) and same_bits(gather(pc.v), gather(pp.v))


def test_registering_a_name_again_leaves_the_dynamics_made_before_unchanged():
    # the second drift has statistics the first had no room for: the dynamics made with the
    # first keeps it (it wrote past its buffers before); the ones made afterwards take the second
    class Pull(mckean.Drift):
        def __init__(self, k, nstats):
            self.k, self.nstats = k, nstats

        def accumulate(self, x, partial):
            partial[:] = 1.0

        def force(self, x, F, sums):
            F[0] -= self.k * x[0]

    mckean.register_drift("pull", Pull(1.0, 0))
    before = dynamics("pull", dim=1, steps=2)
    harmonic = dynamics("harmonic", dim=1, steps=2, harmonic_k=1.0)
    mckean.register_drift("pull", Pull(2.0, 40))
    gc.collect()
    before[1].step(3)
    harmonic[1].step(3)
    assert np.array_equal(before[0].x[0], harmonic[0].x[0])  # still k = 1
    after = dynamics("pull", dim=1, steps=5)
    assert np.array_equal(after[0].x[0], dynamics("harmonic", dim=1, steps=5, harmonic_k=2.0)[0].x[0])
