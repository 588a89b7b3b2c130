"""Forward models written in Python: Lorenz-96 in NumPy gives the built-in model's bits, alone
and inside an ensemble filter with members on every rank; an exception fails its member only."""
import numpy as np
import pytest
from mpi4py import MPI

import mckean
from mckpy import COMM

L96 = dict(model_type="lorenz96", l96_n=40, l96_forcing=8.0, model_dt=0.05)


def l96(t, x, f):
    # the built-in right-hand side, same operations in the same order
    f[:] = (np.roll(x, -1) - np.roll(x, 2)) * np.roll(x, 1) - x + 8.0


def initial_state():
    return np.sin(np.arange(40.0)) + 8.0


def test_python_lorenz96_equals_the_built_in_bitwise():
    c, p = mckean.Model(MPI.COMM_SELF, **L96), mckean.Model(MPI.COMM_SELF, rhs=l96, n=40, dt=0.05)
    a, b = initial_state(), initial_state()
    assert c.advance(0.0, 200, a) and p.advance(0.0, 200, b)
    assert a.tobytes() == b.tobytes() and not np.array_equal(a, initial_state())


def filter_run(model, options, cycles=5, fail=None):
    """ETKF on Lorenz-96, every variable observed each step; returns the ensemble."""
    truth_model = mckean.Model(MPI.COMM_SELF, **L96)
    ens = mckean.Ensemble(COMM, model=model, seed=3, ens_size=20, ens_analysis="etkf", ens_inflation=1.08, **options)
    truth = initial_state()
    truth_model.advance(0.0, 100, truth)
    ens.initialize_members(truth, 1.0)
    t = 0.0
    for _ in range(cycles):
        ens.forecast(t, 1)
        truth_model.advance(t, 1, truth)
        t += 0.05
        ens.set_observations(truth, np.ones(40), np.arange(40))
        ens.analyze()
    return ens, truth


def test_python_model_in_an_ensemble_equals_the_built_in_bitwise():
    c, truth = filter_run(None, L96)
    p, _ = filter_run(dict(rhs=l96, n=40, dt=0.05), {})
    (mc, sc, rc), (mp, sp, rp) = c.mean(truth), p.mean(truth)
    assert mc.tobytes() == mp.tobytes() and (sc, rc) == (sp, rp)
    assert c.covariance().tobytes() == p.covariance().tobytes()
    assert rc < 1.0  # the filter works: RMSE below the observation error


def test_an_exception_in_a_python_model_fails_its_member_only():
    calls = {"n": 0}

    def fragile(t, x, f):
        calls["n"] += 1
        if COMM.rank == COMM.size - 1 and calls["n"] == 6:  # one member's second step, last rank
            raise FloatingPointError("model blew up")
        l96(t, x, f)

    before = len(mckean.model_failures)
    # -ens_failed drop: the failed member stays out (replace would redraw it from the analysis)
    ens, _ = filter_run(dict(rhs=fragile, n=40, dt=0.05), dict(ens_failed="drop"), cycles=2)
    info = ens.info
    assert info["nfailed_total"] == 1 and info["nactive"] == 19 and ens.active.sum() == 19
    if COMM.rank == COMM.size - 1:
        assert isinstance(mckean.model_failures[-1], FloatingPointError) and len(mckean.model_failures) == before + 1
    assert COMM.allreduce(1) == COMM.size


def test_arrays_of_the_wrong_shape_are_refused():
    """C reads (or writes in place) exactly n values: a shorter array would be read or written
    past its end, a longer one silently cut. Each is a ValueError naming the argument, raised on
    every rank before any C call."""
    model = mckean.Model(MPI.COMM_SELF, **L96)
    for bad in (np.zeros(3), np.zeros(41), np.zeros((40, 2))):
        with pytest.raises(ValueError, match=r"Model.advance: x must have shape \(40,\)"):
            model.advance(0.0, 5, bad)
    ens = mckean.Ensemble(COMM, seed=3, ens_size=8, ens_analysis="etkf", **L96)
    with pytest.raises(ValueError, match=r"center must have shape \(40,\)"):
        ens.initialize_members(np.ones(3), 1.0)
    ens.initialize_members(initial_state(), 1.0)
    with pytest.raises(ValueError, match=r"truth must have shape \(40,\)"):
        ens.mean(np.ones(2))
    with pytest.raises(ValueError, match=r"r \(one variance per value of y\) must have shape \(40,\)"):
        ens.set_observations(np.ones(40), np.ones(3), np.arange(40))
    for bad in (np.ones(1), np.ones((40, 1)), np.ones((1, 40))):  # only a scalar stands for every value
        with pytest.raises(ValueError, match=r"r \(one variance per value of y\) must have shape \(40,\)"):
            ens.set_observations(np.ones(40), bad, np.arange(40))
    with pytest.raises(ValueError, match=r"idx must have one component per value of y \(40\), not 3"):
        ens.set_observations(np.ones(40), np.ones(40), np.arange(3))
    with pytest.raises(ValueError, match=r"coord \(one row per value of y\) must have shape \(2,\)"):
        ens.set_observations_at(np.array([[1.0, 2.0], [3.0, 4.0]]), np.ones(2), np.ones(2))
    # the right shapes still work after the refusals
    ens.set_observations(initial_state(), np.ones(40), np.arange(40))
    ens.analyze()
    assert np.all(np.isfinite(ens.mean(initial_state())[0]))


def test_one_variance_stands_for_every_observation():
    """set_observations(y, r) with a number r is set_observations(y, [r] * len(y)), bit for bit."""
    means = []
    for r in (np.full(40, 0.5), 0.5, np.float64(0.5), np.array(0.5), 1 / 2):
        ens = mckean.Ensemble(COMM, seed=3, ens_size=8, ens_analysis="etkf", **L96)
        ens.initialize_members(initial_state(), 1.0)
        ens.set_observations(initial_state() + 0.25, r, np.arange(40))
        ens.analyze()
        means.append(ens.mean(initial_state())[0].tobytes())
    assert len(set(means)) == 1


def decay(t, x, f):
    f[:] = -x


@pytest.mark.parametrize("call", ["advance", "forward"])
def test_an_interrupt_in_a_multi_rank_model_raises_on_every_rank(call):
    """A KeyboardInterrupt in the callback on the last rank: raised there, an Error naming that
    rank on the others (which otherwise returned and went on to a collective it never made)."""
    def rhs(t, x, f):
        if COMM.rank == COMM.size - 1:
            raise KeyboardInterrupt
        f[:] = -x

    def forward(u, g):
        if COMM.rank == COMM.size - 1:
            raise KeyboardInterrupt
        g[:] = u

    n = 2 * COMM.size
    model = (mckean.Model(COMM, rhs=rhs, n=n, dt=0.1) if call == "advance" else
             mckean.Model(COMM, forward=forward, n=n, ndata=n))
    expected = KeyboardInterrupt if COMM.rank == COMM.size - 1 else mckean.Error
    with pytest.raises(expected) as info:
        model.advance(0.0, 3, np.ones(model.nlocal)) if call == "advance" else model.forward(np.ones(model.nlocal))
    if expected is mckean.Error:
        assert f"stopped on rank {COMM.size - 1} of {COMM.size}: KeyboardInterrupt" in str(info.value)
    assert COMM.allreduce(1) == COMM.size


def test_advance_from_inside_the_models_own_callback_is_refused():
    model = None

    def nested(t, x, f):
        inner = x.copy()
        model.advance(t, 1, inner)  # would overwrite the outer step's RK4 stages
        f[:] = -x

    model = mckean.Model(MPI.COMM_SELF, rhs=nested, n=3, dt=0.1)
    before = len(mckean.model_failures)
    with pytest.raises(mckean.Error, match=r"^Model.advance called from inside the model's own callback"):
        model.advance(0.0, 2, np.ones(3))
    assert len(mckean.model_failures) == before  # a mistake in the program, not a failed member
    # the model works afterwards, and a second model may be called from the callback
    second = mckean.Model(MPI.COMM_SELF, rhs=decay, n=3, dt=0.1)
    model = mckean.Model(MPI.COMM_SELF, rhs=decay, n=3, dt=0.1)
    x = np.ones(3)
    assert model.advance(0.0, 2, x) and np.allclose(x, np.exp(-0.2), rtol=1e-6)

    def uses_second(t, x, f):
        y = x.copy()
        second.advance(t, 1, y)
        f[:] = (y - x) / 0.1

    outer = mckean.Model(MPI.COMM_SELF, rhs=uses_second, n=3, dt=0.1)
    x = np.ones(3)
    assert outer.advance(0.0, 1, x) and np.all(x < 1)


def test_a_members_model_called_from_its_own_callback_is_refused_on_every_rank():
    ens = None

    def nested(t, x, f):
        if COMM.rank == COMM.size - 1:
            ens.model.advance(t, 1, x.copy())
        f[:] = -x

    ens = mckean.Ensemble(COMM, model=dict(rhs=nested, n=4, dt=0.1), ens_size=2 * COMM.size, ens_analysis="etkf",
                          seed=3)
    ens.initialize_members(np.zeros(4), 1.0)
    with pytest.raises(mckean.Error) as info:
        ens.forecast(0.0, 2)
    assert info.value.collective
    if COMM.rank == COMM.size - 1:
        assert str(info.value).startswith("Model.advance called from inside the model's own callback")
    else:
        assert "Model.advance called from inside the model's own callback" in str(info.value)
        assert f"stopped on rank {COMM.size - 1} of {COMM.size}" in str(info.value)
    assert COMM.allreduce(1) == COMM.size
