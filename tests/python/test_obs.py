"""Observation operators written in Python: the same arithmetic as a built-in operator gives its
analysis bit for bit; a nonlinear one runs a filter cycle; an exception on one rank raises on
every rank (ctest's timeout catches a hang). The grid shape given from Python is the C
library's: read back, bounding the coordinates, a bad shape refused on every rank."""
import numpy as np
import pytest
from mpi4py import MPI

import mckean
from mckpy import COMM

L96 = dict(model_type="lorenz96", l96_n=40, l96_forcing=8.0, model_dt=0.05)
# 59 observations between the grid points and on them, crossing the periodic end (s > 39)
COORD = np.linspace(0.0, 39.5, 59)


def square(coord, stencil, hx):
    hx[:] = stencil[0] * stencil[0]


def interp(coord, stencil, hx):
    f = coord - np.floor(coord)  # the built-in's operations, in its order
    hx[:] = (1 - f) * stencil[0] + f * stencil[1]


def absolute(coord, stencil, hx):
    hx[:] = np.abs(stencil[0])


def cube(coord, stencil, hx):
    hx[:] = stencil[0] ** 3


mckean.register_obs_operator("py_square", square)
mckean.register_obs_operator("py_interp", interp, width=2)
mckean.register_obs_operator("py_abs", absolute)
mckean.register_obs_operator("py_cube", cube)


def truth_state():
    truth = np.sin(np.arange(40.0)) + 8.0
    mckean.Model(MPI.COMM_SELF, **L96).advance(0.0, 100, truth)
    return truth


def hx_truth(truth, h):
    """h of the truth at COORD, from a Python function (the observations' clean values)."""
    stencil = np.stack([truth[np.floor(COORD).astype(int) % 40], truth[(np.floor(COORD).astype(int) + 1) % 40]])
    out = np.empty(len(COORD))
    h(COORD, stencil, out)
    return out


def analysis(operator, h, analysis_type, r=0.5, **options):
    """One filter cycle (forecast, observations of the truth by h, analysis): the ensemble and
    the truth."""
    truth = truth_state()
    ens = mckean.Ensemble(COMM, seed=5, ens_size=20, ens_analysis=analysis_type, ens_obs_operator=operator,
                          **L96, **options)
    ens.initialize_members(truth, 1.0)
    ens.forecast(0.0, 1)
    mckean.Model(MPI.COMM_SELF, **L96).advance(0.0, 1, truth)
    ens.set_observations_at(COORD, hx_truth(truth, h), np.full(len(COORD), r))
    ens.analyze()
    return ens, truth


@pytest.mark.parametrize("builtin,python,h,analysis_type", [("square", "py_square", square, "etkf"),
                                                             ("interp", "py_interp", interp, "etkf"),
                                                             ("abs", "py_abs", absolute, "enkf")])
def test_python_operator_equals_the_built_in_bitwise(builtin, python, h, analysis_type):
    c, truth = analysis(builtin, h, analysis_type)
    p, _ = analysis(python, h, analysis_type)
    assert p.obs_operator == python
    (mc, sc, rc), (mp, sp, rp) = c.mean(truth), p.mean(truth)
    assert mc.tobytes() == mp.tobytes() and (sc, rc) == (sp, rp)
    assert c.covariance().tobytes() == p.covariance().tobytes()


@pytest.mark.parametrize("analysis_type", ["etkf", "enkf"])
def test_a_nonlinear_python_operator_runs_a_filter_cycle(analysis_type):
    # A forecast off the truth by 0.5 in every component, spread 0.5; x^3 observed with r = 1
    # (slope 3 x^2: where |x| ~ 1 or more the data pin x far below the spread). More members
    # than components, so the global analysis can correct any direction. The error left is a
    # random quantity of the draws: over seeds 5-9 (two normal generators) the RMSE drops from
    # 0.47-0.50 to 0.15-0.28, a ratio of 0.45 on average with a seed-to-seed deviation of 0.08, so
    # the mean ratio of 5 seeds (deviation 0.08/sqrt(5) = 0.036) must stay below 0.6 (4 sigma);
    # the spread drops from 0.50 to 0.10-0.12 in every run.
    ratios = []
    for seed in range(5, 10):
        truth = truth_state()
        ens = mckean.Ensemble(COMM, seed=seed, ens_size=60, ens_analysis=analysis_type, ens_obs_operator="py_cube",
                              **L96)
        ens.initialize_members(truth + 0.5, 0.5)
        ens.forecast(0.0, 1)
        mckean.Model(MPI.COMM_SELF, **L96).advance(0.0, 1, truth)
        _, spread_before, before = ens.mean(truth)
        ens.set_observations_at(COORD, hx_truth(truth, cube), np.ones(len(COORD)))
        ens.analyze()
        mean, spread, after = ens.mean(truth)
        assert np.all(np.isfinite(mean))
        assert spread < 0.5 * spread_before
        ratios.append(after / before)
    assert np.mean(ratios) < 0.6, ratios


def filtered_mean(analysis_type, give, **options):
    """The analysis mean of one filter cycle with interp observations of the truth, the state in
    blocks of 8 components over the ranks (each rank stores the observations it evaluates)."""
    truth = truth_state()
    ens = mckean.Ensemble(COMM, seed=5, ens_size=20, ens_analysis=analysis_type, ens_obs_operator="interp",
                          ens_layout="blocks", ens_chunk=8, **L96, **options)
    ens.initialize_members(truth, 1.0)
    ens.forecast(0.0, 1)
    mckean.Model(MPI.COMM_SELF, **L96).advance(0.0, 1, truth)
    give(ens, hx_truth(truth, interp), np.full(len(COORD), 0.5))
    ens.analyze()
    return ens.mean(truth)[0]


def whole_list(ens, y, r):
    ens.set_observations_at(COORD, y, r)


def parts_reversed(ens, y, r):
    # rank p gives the piece of rank P - 1 - p, in reverse order: parts anywhere, in any order
    piece = np.array_split(np.arange(len(COORD)), COMM.size)[COMM.size - 1 - COMM.rank][::-1]
    ens.set_observations_at(COORD[piece], y[piece], r[piece], local=True)


@pytest.mark.parametrize("analysis_type,options", [("etkf", {}), ("letkf", {"ens_loc_radius": 3.0})])
def test_observations_given_in_parts_equal_the_whole_list_bitwise(analysis_type, options):
    whole = filtered_mean(analysis_type, whole_list, **options)
    parts = filtered_mean(analysis_type, parts_reversed, **options)
    assert whole.tobytes() == parts.tobytes()


def test_an_exception_on_one_rank_raises_on_every_rank():
    calls = {"n": 0}

    def faulty(coord, stencil, hx):
        calls["n"] += 1
        if COMM.rank == COMM.size - 1 and calls["n"] == 3:
            raise ValueError("boom")
        hx[:] = stencil[0]

    mckean.register_obs_operator("py_faulty", faulty)
    with pytest.raises(mckean.Error) as info:
        analysis("py_faulty", square, "etkf")
    error = info.value
    assert str(error).startswith("observation operator py_faulty: a callback failed on 1 rank(s)")
    assert error.collective
    if COMM.rank == COMM.size - 1:
        assert isinstance(error.__cause__, ValueError) and str(error.__cause__) == "boom"
    else:
        assert error.__cause__ is None
    assert calls["n"] == 20  # called for every member despite the failure
    # every rank is out of the analysis: a collective afterwards completes
    assert COMM.allreduce(1) == COMM.size


def test_a_bad_stencil_width_is_refused():
    with pytest.raises(ValueError, match="stencil width 3"):
        mckean.register_obs_operator("py_wide", square, width=3)


def test_grid_shape_round_trip():
    """The grid given to the ensemble is the C library's (MckEnsembleSetGridShape): read back,
    and its axes bound the observations' coordinates; without one the state is the 1D ring."""
    assert mckean.Ensemble(COMM, seed=5, ens_size=4, **L96).grid_shape == (40,)
    ens = mckean.Ensemble(COMM, seed=5, ens_size=4, ens_obs_operator="interp", grid_shape=(8, 5), **L96)
    assert ens.grid_shape == (8, 5)
    ens.initialize_members(np.zeros(40), 1.0)
    ens.set_observations_at(np.array([[7.5, 4.5]]), [0.0], [1.0])  # inside [0, 8) x [0, 5)
    with pytest.raises(mckean.Error, match=r"coordinates \(8\.5, 1\): outside the grid \[0, 8\) x \[0, 5\)"):
        ens.set_observations_at(np.array([[8.5, 1.0]]), [0.0], [1.0])


@pytest.mark.parametrize("shape, message", [((7, 5), r"a grid of 35 points for a state of 40 components"),
                                            ((2, 2, 2, 5), r"dim = 4 \(allowed: 1 to 3\)"),
                                            ((40, 0), r"axis 1 has size 0 \(allowed: >= 1\)")])
def test_a_bad_grid_shape_is_refused(shape, message):
    with pytest.raises(mckean.Error, match=message) as info:
        mckean.Ensemble(COMM, seed=5, ens_size=4, grid_shape=shape, **L96)
    assert info.value.collective
    assert COMM.allreduce(1) == COMM.size
