"""mckean.DMFT: the scs model's results from Python against analytic values and the app."""
import os

import h5py
import numpy as np
import pytest
from scipy.integrate import quad

import mckean
from mckpy import COMM, suffix

INPUTS = os.path.join(os.environ["MCK_SOURCE_DIR"], "inputs")


def stationary(g, steps=20):
    d = mckean.DMFT(COMM, dmft_solver="stationary", dmft_g=g, dmft_steps=steps)
    d.solve()
    return d


def test_quiescent_phase_has_exactly_zero_autocorrelation():
    # g < 1 (tanh, phi'(0) = 1): Delta = 0 is the only stationary solution, found exactly
    delta, dtau = stationary(0.6).autocorrelation()
    assert delta.size > 0 and np.all(delta == 0.0) and dtau > 0


def energy_balance(g, d0):
    """Delta_0^2 / 2 - g^2 Var[Phi(sqrt(Delta_0) z)], Phi = log cosh, z ~ N(0, 1): zero at the
    stationary theory's Delta_0 (quadrature to relative 1e-13)."""
    def logcosh(x):
        return np.logaddexp(x, -x) - np.log(2.0)

    def gauss(h):
        return 2 * quad(lambda z: h(z) * np.exp(-z * z / 2) / np.sqrt(2 * np.pi), 0, np.inf, epsabs=0, epsrel=1e-13,
                        limit=500)[0]

    m1 = gauss(lambda z: logcosh(np.sqrt(d0) * z))
    m2 = gauss(lambda z: logcosh(np.sqrt(d0) * z) ** 2)
    return d0 * d0 / 2 - g * g * (m2 - m1 * m1)


def test_chaotic_delta0_is_the_root_of_the_energy_balance():
    g = 3.0
    delta, _ = stationary(g).autocorrelation()
    d0 = delta[0]
    # the root lies within 1e-8 relative of McKean's Delta_0 (the C validation: 1e-9 against
    # an independent root finder)
    lo, hi = energy_balance(g, d0 * (1 - 1e-8)), energy_balance(g, d0 * (1 + 1e-8))
    assert d0 > 0 and lo * hi < 0, (d0, lo, hi)


def test_population_solver_equals_the_apps_run_file_bitwise():
    out = f"dmft.app.{suffix()}.h5"
    deck = os.path.join(INPUTS, "dmft-small.yaml")
    mckean.run("dmft", deck, output=out, progress_interval=0)
    with mckean.options(deck=deck):
        d = mckean.DMFT(COMM)
    d.solve()
    cx, cphi = d.correlations()
    delta, dtau = d.autocorrelation()
    with h5py.File(out, "r") as h5:
        assert np.array_equal(cx, h5["dmft/C_x"][...])
        assert np.array_equal(delta, h5["dmft/delta"][...])
    assert cx.shape == (100, 100) and np.allclose(cx, cx.T, rtol=0, atol=0) and np.all(np.diag(cphi) > 0)
    assert d.step_count == d.nsteps and d.convergence["iterations"] >= 1


def test_pspin_solution_equals_the_apps_run_file_and_keeps_the_spherical_constraint():
    small = dict(pspin_tmax=4.0, pspin_dt=0.05)
    out = f"pspin.app.{suffix()}.h5"
    mckean.run("dmft", os.path.join(INPUTS, "pspin.yaml"), output=out, progress_interval=0, **small)
    with mckean.options(deck=os.path.join(INPUTS, "pspin.yaml"), **small):
        d = mckean.DMFT(COMM)
    d.solve()
    C, R, (lo, hi), h, mu = d.pspin_solution()
    assert d.type == "pspin" and h == 0.05 and C.shape == (hi - lo, 81) and mu.size == 81
    with h5py.File(out, "r") as h5:
        assert np.array_equal(C, h5["dmft/C"][lo:hi]) and np.array_equal(R, h5["dmft/R"][lo:hi])
        assert np.array_equal(mu, h5["dmft/mu"][...])
    i = np.arange(lo, hi)
    # C(t, t) = 1 (the spherical constraint mu(t) enforces), causality R(t, t') = 0 for t' > t
    assert np.allclose(C[i - lo, i], 1.0, rtol=0, atol=1e-12)
    assert all(np.all(R[k - lo, k + 1:] == 0) for k in i)


@pytest.mark.parametrize("options", [dict(dmft_solver="population", dmft_steps=50),
                                     dict(dmft_solver="network", dmft_n=64, dmft_steps=50),
                                     dict(dmft_solver="stationary", dmft_steps=50), dict(dmft_model="pspin")],
                         ids=["population", "network", "stationary", "pspin"])
def test_a_solver_set_up_with_help_refuses_to_start(options):
    """With -help a solver is set up without anything of its grid's size (for a deck meant for a
    bigger node): starting it is refused on every rank, not a crash on the missing arrays."""
    d = mckean.DMFT(COMM, help=True, **options)
    with pytest.raises(mckean.Error, match="set up with -help"):
        d.initialize()
