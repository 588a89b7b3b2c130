"""Errors: McKean's one-line messages as exceptions; a Python exception in a callback on one rank
raises on every rank instead of leaving the others waiting in a collective (ctest's timeout
catches a hang)."""
import numpy as np
import pytest

import mckean
from mckpy import COMM


class FailOnLastRank(mckean.Drift):
    """Raises in force (or accumulate) on the last rank, at its `when`-th call; nstats > 0 makes
    accumulate run."""

    def __init__(self, when, where="force"):
        self.when, self.where, self.calls = when, where, 0
        self.nstats = 1 if where == "accumulate" else 0

    def _maybe_fail(self):
        self.calls += 1
        if COMM.rank == COMM.size - 1 and self.calls == self.when:
            raise ValueError("boom")

    def accumulate(self, x, partial):
        if self.where == "accumulate":
            self._maybe_fail()
        partial[0] = 0.0

    def force(self, x, F, sums):
        if self.where == "force":
            self._maybe_fail()


def steps_until_error(drift, steps=10):
    mckean.register_drift("faulty", drift)
    p = mckean.Particles(COMM, particles_n=256, particles_dim=1, particles_chunk_size=32)
    l = mckean.Langevin(p, mckean.RNG(COMM, seed=3), lgv_drifts="faulty,harmonic")
    l.initialize()
    with pytest.raises(mckean.Error) as info:
        l.step(steps)
    return l, info.value


def check_raised_everywhere(error):
    assert error.collective
    if COMM.rank == COMM.size - 1:
        assert isinstance(error.__cause__, ValueError) and str(error.__cause__) == "boom"
    # every rank is out of the step: a collective afterwards completes
    assert COMM.allreduce(1) == COMM.size


@pytest.mark.parametrize("where", ["force", "accumulate"])
def test_exception_on_one_rank_raises_on_every_rank(where):
    nchunks = 256 // 32 // COMM.size
    l, error = steps_until_error(FailOnLastRank(when=3 * nchunks + 2, where=where))
    assert "Python" in str(error)
    check_raised_everywhere(error)


def test_exception_in_the_last_step_is_raised_too():
    # the force of the last step is computed after the step's only reduction
    nchunks = 256 // 32 // COMM.size
    _, error = steps_until_error(FailOnLastRank(when=4 * nchunks + 1), steps=4)
    check_raised_everywhere(error)


def test_a_user_mistake_is_one_line_on_every_rank():
    p = mckean.Particles(COMM, particles_n=16, particles_dim=1)
    with pytest.raises(mckean.Error) as info:
        mckean.Langevin(p, lgv_integrator="nope")
    assert str(info.value) == "-lgv_integrator nope: unknown integrator; allowed: euler_maruyama, baoab"
    assert info.value.collective and info.value.code == 95  # PETSC_ERR_USER_INPUT


def test_an_unused_option_is_refused_with_a_suggestion():
    with pytest.raises(mckean.Error, match=r"unknown option -particles_nn 4 \(did you mean -particles_n\?\)"):
        mckean.Particles(COMM, particles_nn=4)


def test_an_option_another_object_reads_is_not_suggested_as_itself():
    # -lgv_dt is a known name once a Langevin has read it; Particles does not read it
    p = mckean.Particles(COMM, particles_n=16, particles_dim=1)
    mckean.Langevin(p, lgv_dt=0.1)
    with pytest.raises(mckean.Error) as info:
        mckean.Particles(COMM, particles_n=16, lgv_dt=0.2)
    assert str(info.value) == "option -lgv_dt 0.2 is not read here: nothing given these options reads it"


def test_a_missing_deck_is_refused_naming_it():
    with pytest.raises(mckean.Error, match="-options_file_yaml no-such-deck.yaml"):
        mckean.Particles(COMM, deck="no-such-deck.yaml")


def test_objects_work_after_errors():
    p = mckean.Particles(COMM, particles_n=64, particles_dim=1)
    l = mckean.Langevin(p, lgv_drifts="harmonic")
    l.initialize()
    l.step(2)
    assert l.step_count == 2 and np.all(np.isfinite(p.x[0]))


def test_a_negative_value_is_a_value_not_an_option():
    with pytest.raises(mckean.Error) as info:
        mckean.Particles(COMM, particles_n=-5)
    assert str(info.value) == "-particles_n -5: must be a positive number of particles"
