"""mckean.Field: the app's job stepped from Python, the solution's zero-copy view, writing it."""
import os

import h5py
import numpy as np
import pytest

import mckean
from mckpy import COMM, suffix

DECK = os.path.join(os.environ["MCK_SOURCE_DIR"], "inputs", "cahn_hilliard.yaml")
SMALL = dict(grid_n=32, ts_max_time=0.002)


def cahn_hilliard():
    """The deck's field (its app-only output options allowed), 32 x 32."""
    with mckean.options(deck=DECK, check_unused=False, **SMALL):
        return mckean.Field(COMM)


def test_stepped_field_equals_the_apps_final_snapshot_bitwise():
    out = f"field.app.{suffix()}.h5"
    mckean.run("field", DECK, output=out, progress_interval=0, **SMALL)
    with h5py.File(out, "r") as h5:
        t_end, u_end = h5["timeseries/snapshot_times"][-1, 0], h5["fields/u"][-1, :, 0]
    f = cahn_hilliard()
    assert f.type == "cahn_hilliard" and f.quantity == "u" and f.size == 32 * 32
    while f.time < t_end * (1 - 1e-12):
        f.step()
    lo, hi = f.range
    assert f.step_count == 20 and np.array_equal(f.solution, u_end[lo:hi])


def test_solution_is_a_view_that_follows_the_steps_and_mass_is_conserved():
    f = cahn_hilliard()
    u, m0 = f.solution, f.mass
    before = u.copy()
    assert not u.flags.writeable
    f.step(3)
    assert not np.array_equal(u, before) and np.array_equal(u, f.solution)
    # Cahn-Hilliard conserves the integral of u; the semi-implicit Fourier step to round-off
    assert abs(f.mass - m0) < 1e-14 * max(1.0, np.abs(before).max())


def test_set_solution_changes_the_state_petsc_sees():
    f = cahn_hilliard()
    lo, hi = f.range
    f.set_solution(0.25 + np.arange(lo, hi) / (32 * 32))
    # the exact integral of the new values over the unit square (cell 1/1024): PETSc's cached
    # state was invalidated, so the mass is recomputed
    expected = 0.25 + (32 * 32 - 1) / 2 / (32 * 32)
    assert abs(f.mass - expected) < 1e-13


def test_write_gives_the_run_file_layout_open_run_reads():
    f = cahn_hilliard()
    f.step(2)
    path = f"field.write.{suffix()}.h5"
    f.write(path)
    lo, hi = f.range
    with h5py.File(path, "r") as h5:
        assert h5["fields/u"].shape == (32 * 32, 1)
        assert np.array_equal(h5["fields/u"][lo:hi, 0], f.solution)
    ds = mckean.open_run(path)
    assert ds["fields/u"].dims == ("y", "x") and ds.sizes["x"] == 32
    assert np.array_equal(ds["fields/u"].values.reshape(-1)[lo:hi], f.solution)


def test_an_unknown_option_is_refused_with_the_c_message():
    try:
        mckean.Field(COMM, field_type="cahn_hiliard")
    except mckean.Error as e:
        assert "cahn_hiliard" in str(e) and e.collective
    else:
        raise AssertionError("an unknown field type was accepted")


def test_set_solution_refuses_a_wrong_shape_naming_it():
    f = cahn_hilliard()
    n = f.range[1] - f.range[0]
    with pytest.raises(ValueError, match=rf"Field.set_solution: values must have shape \({n},\) \(this rank's part\), "
                                         rf"not \({n - 1},\)"):
        f.set_solution(np.zeros(n - 1))
    with pytest.raises(TypeError, match="must be real"):
        f.set_solution(np.zeros(n, dtype=complex))
    f.set_solution(0.5)  # one value for every point
    assert np.all(f.solution == 0.5)


@pytest.mark.parametrize("tfinal, message", [
    (float("nan"), "tfinal nan must be a finite time"), (float("inf"), "tfinal inf must be a finite time"),
    (-1.0, r"tfinal -1 is before the field's time 0 \(a solve goes forward\)")])
def test_a_bad_final_time_is_refused_naming_it(tfinal, message):
    f = cahn_hilliard()
    with pytest.raises(mckean.Error, match=r"^MckFieldSolve: " + message + "$"):
        f.solve(tfinal)
    f.solve(0.0)  # no step: the time already reached
    f.solve(2e-4)
    assert f.step_count > 0 and np.all(np.isfinite(f.solution))
