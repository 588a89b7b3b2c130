"""Errors: McKean's one-line messages as exceptions; a Python exception in a callback on one rank
raises on every rank instead of leaving the others waiting in a collective (ctest's timeout
catches a hang)."""
import re

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


def test_an_option_error_on_one_rank_raises_on_every_rank():
    # the last rank's value is refused in SetFromOptions; the others, whose value is valid, would
    # otherwise wait for it in SetUp's collective (ctest's timeout catches that hang)
    n = -5 if COMM.rank == COMM.size - 1 else 16
    with pytest.raises(mckean.Error) as info:
        mckean.Particles(COMM, particles_n=n, particles_dim=1)
    assert str(info.value).startswith("-particles_n -5: must be a positive number of particles")
    assert info.value.collective and info.value.code == 95
    assert COMM.allreduce(1) == COMM.size


def test_an_unused_option_on_one_rank_raises_on_every_rank():
    typo = {"particles_nn": 16} if COMM.rank == COMM.size - 1 else {}
    with pytest.raises(mckean.Error, match=r"unknown option -particles_nn 16 \(did you mean -particles_n\?\)"):
        mckean.Particles(COMM, particles_n=16, **typo)
    with pytest.raises(mckean.Error, match=r"unknown option -particles_nn 16"):
        with mckean.options(particles_n=16, **typo):
            mckean.Particles()
    assert COMM.allreduce(1) == COMM.size


def test_keyboard_interrupt_in_a_model_is_raised_not_a_failed_member():
    calls = []

    def rhs(t, x, f):
        calls.append(t)
        raise KeyboardInterrupt

    ens = mckean.Ensemble(COMM, model=dict(rhs=rhs, n=4, dt=0.1), ens_size=2 * COMM.size, ens_analysis="etkf", seed=3)
    ens.initialize_members(np.zeros(4), 1.0)
    before = len(mckean.model_failures)
    with pytest.raises(KeyboardInterrupt):
        ens.forecast(0.0, 5)
    assert len(calls) == 1 and len(mckean.model_failures) == before  # no further callback, no member failed


def test_keyboard_interrupt_in_a_model_on_one_rank_raises_on_every_rank():
    def rhs(t, x, f):
        if COMM.rank == COMM.size - 1:
            raise KeyboardInterrupt
        f[:] = -x

    ens = mckean.Ensemble(COMM, model=dict(rhs=rhs, n=4, dt=0.1), ens_size=2 * COMM.size, ens_analysis="etkf", seed=3)
    ens.initialize_members(np.zeros(4), 1.0)
    expected = KeyboardInterrupt if COMM.rank == COMM.size - 1 else mckean.Error
    with pytest.raises(expected):  # the other ranks must not go on to a collective the interrupted one left
        ens.forecast(0.0, 5)
    assert COMM.allreduce(1) == COMM.size


def test_keyboard_interrupt_in_a_drift_is_raised_where_it_happened():
    class Interrupted(FailOnLastRank):
        def _maybe_fail(self):
            if COMM.rank == COMM.size - 1:
                raise KeyboardInterrupt

    mckean.register_drift("interrupted", Interrupted(when=1))
    p = mckean.Particles(COMM, particles_n=64, particles_dim=1, particles_chunk_size=16)
    lgv = mckean.Langevin(p, mckean.RNG(COMM, seed=3), lgv_drifts="interrupted")
    expected = KeyboardInterrupt if COMM.rank == COMM.size - 1 else mckean.Error
    with pytest.raises(expected):
        lgv.initialize()
    assert COMM.allreduce(1) == COMM.size


def test_a_refused_drift_leaves_the_registry_usable():
    def push(x, F):
        pass

    with pytest.raises(TypeError, match="name must be a str"):
        mckean.register_drift(5, push)
    with pytest.raises(TypeError, match="a Drift or a function"):
        mckean.register_drift("not_callable", 5)
    for name in ["a" * 64, "a,b", "a b", ""]:
        with pytest.raises(mckean.Error, match="a drift's name has 1 to 63 characters, none a comma or a space"):
            mckean.register_drift(name, push)

    class Negative(mckean.Drift):
        nstats = -1

    with pytest.raises(mckean.Error, match="nstats -1 must be a non-negative number"):
        mckean.register_drift("negative", Negative())
    mckean.register_drift("a" * 63, push)  # the longest name, found again when a dynamics makes it
    p = mckean.Particles(COMM, particles_n=32, particles_dim=1)
    lgv = mckean.Langevin(p, lgv_drifts="a" * 63 + ",harmonic")
    lgv.initialize()
    lgv.step(2)
    with pytest.raises(mckean.Error, match="-lgv_drifts not_callable: unknown drift"):
        mckean.Langevin(p, lgv_drifts="not_callable")


def test_numpy_values_are_options_as_lists_and_scalars_are():
    def positions(**options):
        p = mckean.Particles(COMM, particles_n=32, particles_init="uniform", **options)
        p.initialize(mckean.RNG(COMM, seed=4))
        return np.stack(p.x)

    as_numpy = positions(particles_dim=np.int64(2), particles_box=np.array([2.0, 3.0]))
    assert np.array_equal(as_numpy, positions(particles_dim=2, particles_box=[2.0, 3.0]))
    assert max(COMM.allgather(as_numpy[1].max(initial=0.0))) > 2.0  # the second side was read


def test_a_communicator_must_be_an_mpi4py_one():
    from mpi4py import MPI

    with pytest.raises(TypeError, match="mpi4py communicator"):
        mckean.Particles("world", particles_n=4)
    with pytest.raises(ValueError, match="COMM_NULL"):
        mckean.Particles(MPI.COMM_NULL, particles_n=4)


def test_indices_and_sizes_are_integers_not_truncated_floats():
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", model_type="lorenz96", l96_n=8, seed=3)
    with pytest.raises(TypeError):
        ens.set_observations(np.zeros(2), np.ones(2), [0.5, 1.7])  # not components 0 and 1
    ens.set_observations(np.zeros(2), np.ones(2), np.array([0, 1], dtype=np.int32))
    with pytest.raises(TypeError):
        mckean.Ensemble(COMM, ens_size=4, model_type="lorenz96", l96_n=4, grid_shape=(2.9, 2.0))  # not (2, 2)


def test_python_callbacks_are_refused_when_not_callable():
    with pytest.raises(TypeError, match="rhs must be callable"):
        mckean.Model(COMM, rhs=5, n=3, dt=0.1)
    with pytest.raises(TypeError, match="register_obs_operator"):
        mckean.register_obs_operator("not_callable", 5)
    with pytest.raises(TypeError, match="register_obs_operator"):
        mckean.register_obs_operator(5, lambda coord, stencil, hx: None)


def test_an_observation_operator_name_is_not_cut():
    with pytest.raises(mckean.Error, match="a name has 1 to"):
        mckean.register_obs_operator("o" * 300, lambda coord, stencil, hx: None)


def test_an_exception_in_a_drifts_setup_is_raised_by_the_constructor():
    class SetupFails(mckean.Drift):
        def setup(self, N, dim):
            if COMM.rank == COMM.size - 1:
                raise ValueError("boom")

        def force(self, x, F, sums):
            pass

    mckean.register_drift("setup_fails", SetupFails())
    mckean.register_drift("quiet", lambda x, F: None)
    p = mckean.Particles(COMM, particles_n=64, particles_dim=1)
    with pytest.raises(mckean.Error) as info:
        mckean.Langevin(p, lgv_drifts="setup_fails,harmonic")
    check_raised_everywhere(info.value)
    lgv = mckean.Langevin(p, lgv_drifts="quiet,harmonic")  # the failure is not left for another dynamics
    lgv.initialize()
    lgv.step(2)


def test_an_error_travels_whole_between_ranks():
    with pytest.raises(mckean.Error) as info:
        mckean.Particles(COMM, particles_nn=4)
    errors = COMM.allgather(info.value)  # pickled: mpi4py's way of sending objects
    assert all(type(e) is mckean.Error and str(e) == str(info.value) and (e.code, e.collective) == (95, True)
               for e in errors)


def test_complex_values_are_refused_not_cut_to_their_real_parts():
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", model_type="lorenz96", l96_n=8, seed=3)
    with pytest.raises(TypeError, match="initialize_members: center must be real, not complex"):
        ens.initialize_members(np.zeros(8) + 1j, 1.0)
    with pytest.raises(TypeError, match="set_observations: y must be real"):
        ens.set_observations(np.zeros(2, dtype=complex), np.ones(2), [0, 1])
    net = mckean.MFNet(COMM, seed=5, mfnet_n=16, mfnet_dim=3, mfnet_batch=8, mfnet_test_size=8)
    with pytest.raises(TypeError, match="MFNet.predict: X must be real"):
        net.predict(np.zeros((2, 3), dtype=np.complex64))


def check_one_rank_failure(error, own):
    """The last rank raised its own message `own`; every other rank an Error naming it, with that
    message; nobody is left in a collective."""
    last = COMM.size - 1
    if COMM.rank == last:
        assert str(error) == own
    else:
        assert str(error) == f"{own} (on rank {last} of {COMM.size})"
    assert error.collective and "observations.c" in error.where
    assert COMM.allreduce(1) == COMM.size


@pytest.mark.parametrize("layout", ["auto", "blocks", "replicated"])
def test_bad_observations_on_one_rank_raise_on_every_rank(layout):
    # the last rank gives a component (a coordinate) outside the state, the others valid ones:
    # without agreement the others went on (to a collective the last rank never reached)
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", ens_layout=layout, model_type="lorenz96", l96_n=40,
                          seed=3)
    ens.initialize_members(np.zeros(40), 1.0)
    bad = COMM.rank == COMM.size - 1
    with pytest.raises(mckean.Error) as info:
        ens.set_observations(np.zeros(2), 1.0, [0, 99 if bad else 1])
    check_one_rank_failure(info.value, "observation 1 of component 99: outside the state [0, 40)")
    with pytest.raises(mckean.Error) as info:
        ens.set_observations_at([0.5, 45.0 if bad else 1.5], np.zeros(2), 1.0)
    check_one_rank_failure(info.value, "observation 1 at coordinate 45: outside the state [0, 40)")
    # refused by the bindings before C (a ValueError there), on the last rank only
    with pytest.raises(ValueError if bad else mckean.Error) as info:
        ens.set_observations(np.zeros(2), 1.0, [0, 1, 2] if bad else [0, 1])
    own = "Ensemble.set_observations: idx must have one component per value of y (2), not 3"
    assert str(info.value) == (own if bad else f"{own} (on rank {COMM.size - 1} of {COMM.size})")
    with pytest.raises(ValueError if bad else mckean.Error, match=r"r \(one variance per value of y\) must have shape"):
        ens.set_observations_at([0.5, 1.5], np.zeros(2), np.ones(3) if bad else 1.0)
    assert COMM.allreduce(1) == COMM.size
    ens.set_observations(np.zeros(2), 1.0, [0, 1])  # the ensemble is usable afterwards
    ens.analyze()
    assert np.all(np.isfinite(ens.mean()[0]))


def test_argument_errors_are_one_sentence_with_the_c_detail_kept():
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", model_type="lorenz96", l96_n=8, seed=3)
    with pytest.raises(mckean.Error) as info:
        ens.set_observations(np.zeros(1), 1.0, [8])
    assert str(info.value) == "observation 0 of component 8: outside the state [0, 8)"
    assert info.value.code == 63 and re.fullmatch(r"error 63 in \w+\(\) at \S+observations\.c:\d+",
                                                   info.value.where)
    d = mckean.DMFT(COMM, dmft_solver="stationary", dmft_g=0.6, dmft_steps=4)
    d.solve()
    with pytest.raises(mckean.Error, match=r"^DMFT.pspin_solution\(\) is a result of the pspin model; "
                                           r"this DMFT solves the scs model$") as info:
        d.pspin_solution()
    assert info.value.collective
    # a method of another type, called in C: the function, not PETSc's words about composed ones
    from mckean._mckean import ffi, lib
    with pytest.raises(mckean.Error) as info:
        mckean._core.check(lib.MckDMFTPSpinGetCorrelation(d.handle[0], ffi.NULL, ffi.NULL))
    assert str(info.value) == "MckDMFTPSpinGetCorrelation() belongs to another type than this object's"
    assert re.fullmatch(r"error 56 in MckDMFTPSpinGetCorrelation\(\) at \S+pspin\.c:\d+", info.value.where)
    copy = COMM.allgather(info.value)[COMM.rank]  # pickled whole, the C detail too
    assert (str(copy), copy.code, copy.where) == (str(info.value), info.value.code, info.value.where)


def test_a_builtin_drift_or_operator_name_is_refused():
    def push(x, F):
        F[0] += 1.0

    with pytest.raises(mckean.Error, match=r"register_drift harmonic: the name of one of McKean's drifts "
                                           r"\(harmonic, double_well, [a-z_, ]+\); a Python drift takes another name"):
        mckean.register_drift("harmonic", push)
    with pytest.raises(mckean.Error, match=r"observation operator interp: the name of a built-in operator "
                                           r"\(selection, interp, abs, square\)"):
        mckean.register_obs_operator("interp", lambda coord, stencil, hx: None)
    # the built-in harmonic drift is still the one -lgv_drifts names: F = -x
    p = mckean.Particles(COMM, particles_n=64, particles_dim=1)
    lgv = mckean.Langevin(p, lgv_drifts="harmonic")
    lgv.initialize()
    assert np.array_equal(lgv.forces[0], -p.x[0])
    # a Python name registered again replaces the Python drift (for the dynamics made afterwards)
    mckean.register_drift("push", push)
    mckean.register_drift("push", lambda x, F: None)
    lgv = mckean.Langevin(p, lgv_drifts="push")
    lgv.initialize()
    assert np.all(lgv.forces[0] == 0.0)


def test_an_index_beyond_a_petscint_on_one_rank_raises_on_every_rank():
    # the conversion of the indices raises OverflowError (not a ValueError) on the last rank
    # alone: the other ranks must not go on into the call and wait there
    ens = mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", model_type="lorenz96", l96_n=40, seed=3)
    ens.initialize_members(np.zeros(40), 1.0)
    bad = COMM.rank == COMM.size - 1
    with pytest.raises(OverflowError if bad else mckean.Error) as info:
        ens.set_observations(np.zeros(2), 1.0, [0, 2**70 if bad else 1])
    if not bad:
        assert str(info.value).endswith(f"(on rank {COMM.size - 1} of {COMM.size})")
    assert COMM.allreduce(1) == COMM.size
    ens.set_observations(np.zeros(2), 1.0, [0, 1])  # the ensemble is usable afterwards
    ens.analyze()
