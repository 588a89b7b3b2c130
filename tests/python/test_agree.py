"""Agreement: a collective call whose argument is refused on one rank only (the last) raises on
every rank, its own exception there and mckean.Error naming it on the others, instead of leaving
the others waiting in a collective the refusing rank never makes (ctest's timeout catches a
hang). After each refusal a collective completes and the object is still usable."""
import numpy as np
import pytest

import mckean
from mckpy import COMM, dynamics

LAST = COMM.size - 1
BAD = COMM.rank == LAST  # the one rank given a bad value
L96 = dict(model_type="lorenz96", l96_n=8, l96_forcing=8.0, model_dt=0.05)


def decay(t, x, f):
    f[:] = -x


def on_last(bad, good):
    """bad on the last rank, good on the others."""
    return bad if BAD else good


def raised_everywhere(own, call, match=None):
    """call() raises `own` (an exception type) on the last rank and mckean.Error naming that rank
    with the same message on the others; every rank is out of the call afterwards."""
    with pytest.raises(own if BAD else mckean.Error, match=match) as info:
        call()
    message = COMM.bcast(str(info.value) if BAD else None, root=LAST)
    if not BAD:
        assert str(info.value) == f"{message} (on rank {LAST} of {COMM.size})"
        assert info.value.collective
    assert COMM.allreduce(1) == COMM.size
    return info.value


# ---- Model -----------------------------------------------------------------------------------


@pytest.fixture
def model():
    return mckean.Model(COMM, rhs=decay, n=2 * COMM.size, dt=0.1)


def test_model_advance_refuses_a_wrong_shape_on_one_rank_everywhere(model):
    x = np.ones(on_last(model.nlocal + 1, model.nlocal))
    raised_everywhere(ValueError, lambda: model.advance(0.0, 2, x), r"Model.advance: x must have shape")
    x = np.ones(model.nlocal)
    assert model.advance(0.0, 2, x) and np.allclose(x, 0.9048375**2, rtol=1e-6)  # RK4 of exp(-t): usable


@pytest.mark.parametrize("bad", ["dtype", "time", "steps"])
def test_model_advance_refuses_any_argument_on_one_rank_everywhere(model, bad):
    x = np.ones(model.nlocal, dtype=on_last(np.int64, np.float64) if bad == "dtype" else np.float64)
    t = on_last("soon", 0.0) if bad == "time" else 0.0
    nsteps = on_last(2.5, 2) if bad == "steps" else 2
    raised_everywhere(ValueError if bad == "dtype" else TypeError, lambda: model.advance(t, nsteps, x))


def test_model_forward_refuses_a_wrong_shape_on_one_rank_everywhere():
    model = mckean.Model(COMM, forward=lambda u, g: np.copyto(g, 2 * u), n=2 * COMM.size, ndata=2 * COMM.size)
    raised_everywhere(ValueError, lambda: model.forward(np.ones(on_last(model.nlocal + 1, model.nlocal))),
                      r"Model.forward: u \(this rank's part\) must have shape")
    g, ok = model.forward(np.ones(model.nlocal))
    assert ok and np.array_equal(g, np.full(model.nlocal, 2.0))


def test_a_python_model_refused_on_one_rank_is_refused_everywhere():
    raised_everywhere(TypeError, lambda: mckean.Model(COMM, rhs=on_last(5, decay), n=2, dt=0.1), "must be callable")
    raised_everywhere(ValueError, lambda: mckean.Model(COMM, rhs=decay, n=2, dt=on_last(None, 0.1)),
                      "a Python model is")
    raised_everywhere(TypeError, lambda: mckean.Model(COMM, rhs=decay, n=on_last(2.0, 2), dt=0.1))


# ---- Ensemble --------------------------------------------------------------------------------


@pytest.fixture
def ensemble():
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", seed=3, **L96)
    ens.initialize_members(np.zeros(8), 1.0)
    return ens


def test_an_ensemble_refused_on_one_rank_is_refused_everywhere():
    raised_everywhere(ValueError, lambda: mckean.Ensemble(COMM, model=dict(rhs=decay, n=4, dt=on_last(None, 0.1)),
                                                          ens_size=4, seed=3), "a Python model is")
    raised_everywhere(TypeError, lambda: mckean.Ensemble(COMM, ens_size=4, grid_shape=on_last((2.5, 2), (4, 2)),
                                                         **L96))


def test_initialize_members_refuses_on_one_rank_everywhere(ensemble):
    raised_everywhere(ValueError, lambda: ensemble.initialize_members(np.zeros(on_last(7, 8)), 1.0),
                      r"initialize_members: center must have shape \(8,\)")
    raised_everywhere(TypeError, lambda: ensemble.initialize_members(np.zeros(8), on_last("wide", 1.0)))
    ensemble.initialize_members(np.zeros(8), 1.0)


def test_mean_refuses_a_truth_on_one_rank_everywhere(ensemble):
    raised_everywhere(ValueError, lambda: ensemble.mean(np.zeros(on_last(9, 8))), r"Ensemble.mean: truth must have")
    assert ensemble.mean(np.zeros(8))[2] > 0


def test_an_obs_operator_refused_on_one_rank_is_refused_everywhere(ensemble):
    raised_everywhere(mckean.Error, lambda: ensemble.set_obs_operator(on_last("no_such_operator", "interp")),
                      "no_such_operator")
    raised_everywhere(TypeError, lambda: ensemble.set_obs_operator(on_last(5, "interp")), "must be a str")
    ensemble.set_obs_operator("selection")
    ensemble.set_observations(np.zeros(2), 1.0, [0, 1])
    ensemble.analyze()


@pytest.mark.parametrize("layout", ["blocks", "replicated"])
@pytest.mark.parametrize("analysis", ["etkf", "letkf"])
def test_analyze_with_an_operator_failing_on_one_rank_raises_everywhere(layout, analysis):
    calls = []

    def faulty(coord, stencil, hx):
        calls.append(1)
        if BAD and len(calls) == 2:
            raise ValueError("boom")
        hx[:] = stencil[0]

    mckean.register_obs_operator("py_agree_faulty", faulty)
    options = {"ens_loc_radius": 2.0} if analysis == "letkf" else {}
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis=analysis, ens_layout=layout, seed=3, **L96, **options)
    ens.initialize_members(np.zeros(8), 1.0)
    ens.set_obs_operator("py_agree_faulty")
    ens.set_observations(np.zeros(3), 1.0, [0, 3, 6])
    with pytest.raises(mckean.Error, match="observation operator py_agree_faulty: a callback failed on 1 rank") as info:
        ens.analyze()
    assert info.value.collective and (not BAD or str(info.value.__cause__) == "boom")
    assert COMM.allreduce(1) == COMM.size


# ---- the other objects -----------------------------------------------------------------------


def test_mfnet_predict_refuses_inputs_on_one_rank_everywhere():
    net = mckean.MFNet(COMM, seed=5, mfnet_n=16, mfnet_dim=3, mfnet_batch=8, mfnet_test_size=8)
    raised_everywhere(ValueError, lambda: net.predict(np.zeros((2, on_last(4, 3)))), r"MFNet.predict: X must be n x 3")
    assert net.predict(np.zeros((2, 3))).shape == (2,)


@pytest.mark.parametrize("make", [
    lambda seed: mckean.RNG(COMM, seed=seed),
    lambda seed: mckean.Field(COMM, seed=seed, field_type="allen_cahn", grid_n=[8, 8]),
    lambda seed: mckean.DMFT(COMM, seed=seed, dmft_solver="stationary", dmft_g=0.6, dmft_steps=4),
    lambda seed: mckean.MFNet(COMM, seed=seed, mfnet_n=16, mfnet_dim=3, mfnet_batch=8, mfnet_test_size=8),
    lambda seed: mckean.GenSampler(COMM, seed=seed, gen_n=64),
    lambda seed: mckean.Ensemble(COMM, seed=seed, ens_size=4, **L96),
], ids=["RNG", "Field", "DMFT", "MFNet", "GenSampler", "Ensemble"])
def test_a_seed_refused_on_one_rank_is_refused_everywhere(make):
    raised_everywhere(TypeError, lambda: make(on_last("seven", 7)))
    make(7)


def test_options_given_to_one_ranks_object_in_a_shared_block_are_refused_everywhere():
    def made_in_block():
        with mckean.options(COMM, particles_n=16):
            mckean.Particles(COMM, **on_last({"particles_dim": 2}, {}))

    raised_everywhere(ValueError, made_in_block, "give the options to the block")
    with mckean.options(COMM, particles_n=16):
        assert mckean.Particles(COMM).N == 16


def test_an_exception_on_one_rank_while_an_object_is_made_raises_everywhere():
    # after the last collective step of making an object: the other ranks agree on the unused
    # options next, the failing rank on its exception, in the same one reduction
    def made():
        with mckean._core.options(COMM, []):
            if BAD:
                raise RuntimeError("late")

    raised_everywhere(RuntimeError, made, "late")


# ---- steps: a count or a time per rank -------------------------------------------------------


def scaled(unit, n):
    """n units of time; a string (the refused argument) as it is, for the call to refuse."""
    return n if isinstance(n, str) else unit * n


def initialized(obj):
    obj.initialize()
    return obj


def small_ensemble():
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", seed=3, **L96)
    ens.initialize_members(np.zeros(8), 1.0)
    return ens


# (make the object, take steps with one argument): every step call whose count or time could be
# given per rank; the time of Ensemble.forecast, the count of the others
STEPPED = {
    "Field.step": (lambda: mckean.Field(COMM, seed=1, field_type="allen_cahn", grid_n=[8, 8]), lambda f, n: f.step(n)),
    "Field.solve": (lambda: mckean.Field(COMM, seed=1, field_type="allen_cahn", grid_n=[8, 8]),
                    lambda f, n: f.solve(scaled(0.01, n))),
    "Langevin.step": (lambda: dynamics("harmonic", n=64, steps=0)[1], lambda l, n: l.step(n)),
    "DMFT.step": (lambda: initialized(mckean.DMFT(COMM, seed=1, dmft_solver="stationary", dmft_g=0.6, dmft_steps=40)),
                  lambda d, n: d.step(n)),
    "MFNet.step": (lambda: mckean.MFNet(COMM, seed=1, mfnet_n=16, mfnet_dim=3, mfnet_batch=8, mfnet_test_size=8),
                   lambda net, n: net.step(n)),
    "GenSampler.step": (lambda: mckean.GenSampler(COMM, seed=1, gen_n=64), lambda s, n: s.step(n)),
    "Ensemble.forecast": (small_ensemble, lambda e, n: e.forecast(scaled(0.05, n), 2)),
}


@pytest.mark.parametrize("name", sorted(STEPPED))
def test_a_step_argument_refused_or_differing_on_one_rank_raises_everywhere(name):
    """A step count (or final time) that is no number on one rank, or another number than rank
    0's, raises on every rank: the others would wait in the step's collective, or take another
    number of steps and wait in the next one. Then the object still steps."""
    make, steps = STEPPED[name]
    obj = make()
    raised_everywhere(TypeError, lambda: steps(obj, on_last("two", 2)))
    if COMM.size > 1:
        raised_everywhere(ValueError, lambda: steps(obj, on_last(3, 2)), "must be the same on every rank")
    steps(obj, 1)

