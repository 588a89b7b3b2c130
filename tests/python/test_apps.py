"""mckean.run (apps in-process) and mckean.open_run on the run file of every app."""
import os

import h5py
import numpy as np
import pytest

import mckean
from mckpy import COMM, gather, suffix

INPUTS = os.path.join(os.environ["MCK_SOURCE_DIR"], "inputs")
Q = {"progress_interval": 0}

# app: (deck, small options): the quick versions of the apps' tests
JOBS = {
    "langevin": ("langevin.yaml", dict(particles_n=2000, lgv_steps=50, lgv_snapshot_interval=10)),
    "twin": ("default.yaml", dict(particles_n=1000, grid_n=16, ens_size=8, twin_iterations=2)),
    "field": ("cahn_hilliard.yaml", dict(grid_n=32, ts_max_time=0.002)),
    "mv": ("mv.yaml", dict(particles_n=2000, lgv_steps=20)),
    "mfnn": ("mfnn.yaml", dict(mfnet_steps=20)),
    "da": ("da.yaml", dict(da_cycles=220)),
    "eki": ("eki_linear.yaml", dict(eki_max_iterations=3)),
    "dmft": ("dmft-small.yaml", {}),
    "gen": ("gen_smc.yaml", {}),
}


def run(app, **extra):
    deck, options = JOBS[app]
    output = f"{app}.py.{suffix()}.h5"
    mckean.run(app, os.path.join(INPUTS, deck), output=output, **Q, **options, **extra)
    return output


def raw(path):
    with h5py.File(path, "r") as h5:
        out = {}
        h5.visititems(lambda name, obj: out.__setitem__(name, (obj[()], dict(obj.attrs)))
                      if isinstance(obj, h5py.Dataset) else None)
        return out


def test_every_app_is_known():
    assert sorted(mckean.apps()) == sorted(JOBS)


@pytest.mark.parametrize("app", sorted(JOBS))
def test_open_run_names_every_series_column_and_keeps_every_value(app):
    path = run(app)
    ds, h5 = mckean.open_run(path), raw(path)
    assert ds.attrs["seed"] == h5py.File(path, "r").attrs["seed"]
    for name, (data, attrs) in h5.items():
        if "columns" in attrs:  # a time series: one variable (or coordinate) per column
            series = name.split("/", 1)[1]
            for k, column in enumerate(attrs["columns"].decode().split(",")):
                assert np.array_equal(ds[f"{series}/{column}"].values, data.reshape(-1, data.shape[-1])[:, k],
                                      equal_nan=True)
        else:  # any other dataset: the same values, whatever its dimensions became
            assert np.array_equal(ds[name].values.reshape(-1), data.reshape(-1), equal_nan=data.dtype.kind == "f")


def test_open_run_fields_have_coordinates_with_x_fastest():
    path = run("field")
    ds, h5 = mckean.open_run(path), raw(path)
    u, (raw_u, _) = ds["fields/u"], h5["fields/u"]
    nx, ny = ds.sizes["x"], ds.sizes["y"]
    assert (nx, ny) == (32, 32) and u.dims == ("snapshot_times/t", "y", "x")
    assert np.allclose(ds["x"].values, np.arange(32) / 32.0)  # cahn_hilliard.yaml: box 1
    assert u.isel({"snapshot_times/t": 1}).sel(x=ds["x"][3], y=ds["y"][5]).item() == raw_u[1, 3 + nx * 5, 0]
    assert np.array_equal(ds["snapshot_times/t"].values, h5["timeseries/snapshot_times"][0][:, 0])


def test_open_run_particles_and_ensembles_have_named_dimensions():
    ds = mckean.open_run(run("langevin"))
    assert ds["particles/x"].dims == ("particle", "dim") and ds.sizes["particle"] == 2000
    assert ds["particles/snapshots"].dims == ("snapshot_times/t", "particle", "dim")
    ds = mckean.open_run(run("da"))
    assert ds["ensemble/members"].dims == ("component", "member")
    assert ds["ensemble/truth"].dims == ("component",) and ds["ensemble/active"].dims == ("member",)


def test_run_in_process_equals_the_app_bitwise():
    """The app's own run file (written by mckean-langevin on as many ranks, a ctest fixture)."""
    app_file = f"langevin.app.{suffix()}.h5"
    py = raw(run("langevin", seed=7))
    app = raw(app_file)
    assert sorted(py) == sorted(app)
    for name in app:
        a, b = app[name][0], py[name][0]
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), name


def test_apps_run_one_after_another_record_their_own_program():
    """A restart continues a checkpoint only in the app that wrote it (mckean_program on /): each
    app run in this process must record its own name, not that of the first app this process ran."""
    run("langevin")
    deck, options = JOBS["field"]
    output = f"program.{suffix()}.h5"
    mckean.run("field", os.path.join(INPUTS, deck), output=output, checkpoint_interval=7, **Q, **options)
    checkpoint = output[:-3] + ".chk.h5"
    for path in (output, checkpoint):
        with h5py.File(path, "r") as h5:
            program = h5.attrs["mckean_program"]
        assert (program.decode() if isinstance(program, bytes) else program) == "mckean-field", path
    COMM.barrier()  # every rank has read the checkpoint before the restart replaces the run file
    mckean.run("field", os.path.join(INPUTS, deck), output=output, restart=checkpoint, **Q, **options)


def open_here(path):
    """Whether this process holds path open (its file descriptors, /proc/self/fd)."""
    path = os.path.realpath(path)
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == path:
                return True
        except OSError:  # the descriptor listdir itself used, closed since
            pass
    return False


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="the open files are read from /proc/self/fd")
def test_a_refused_restart_leaves_the_checkpoint_closed():
    """A restart from a checkpoint of another configuration is refused and the checkpoint closed
    (McKean's HDF5 kept it open until the process ended): the same process can open it for
    writing, then remove it and start afresh with its name."""
    deck, options = JOBS["field"]
    deck, output = os.path.join(INPUTS, deck), f"refused_restart.{suffix()}.h5"
    checkpoint = output[:-3] + ".chk.h5"
    mckean.run("field", deck, output=output, checkpoint_interval=7, **Q, **options)
    COMM.barrier()
    with pytest.raises(mckean.Error, match=f"-restart {checkpoint}"):
        mckean.run("field", deck, output=output, restart=checkpoint, **Q, **dict(options, grid_n=16))
    assert not open_here(checkpoint)
    COMM.barrier()  # every rank has closed it
    if COMM.rank == 0:
        with h5py.File(checkpoint, "r+") as h5:
            h5.attrs["seen"] = 1
        os.remove(checkpoint)
    COMM.barrier()
    mckean.run("field", deck, output=output, checkpoint_interval=7, **Q, **options)
    COMM.barrier()
    with h5py.File(checkpoint, "r") as h5:
        assert "seen" not in h5.attrs  # a new checkpoint of the new run
    COMM.barrier()
    mckean.run("field", deck, output=output, restart=checkpoint, **Q, **options)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="the open files are read from /proc/self/fd")
@pytest.mark.parametrize("app, option, message", [("da", "da_obs_file", "no group /observations"),
                                                  ("mfnn", "mfnet_data", "no dataset /X"),
                                                  ("gen", "target_file", "no dataset /X")])
def test_a_refused_data_file_is_closed(app, option, message):
    """An input file that is HDF5 but lacks the data asked for is refused after it was opened, and
    closed on every rank (the observation and training-data readers kept it open until the
    process ended)."""
    data = f"no_data.{app}.{suffix()}.h5"
    if COMM.rank == 0:
        with h5py.File(data, "w") as h5:
            h5["Z"] = np.zeros(3)
    COMM.barrier()
    extra = {option: data, "target_type": "data"} if app == "gen" else {option: data}
    with pytest.raises(mckean.Error, match=message):  # the app's defaults: no deck's options in the way
        mckean.run(app, output=f"no_data.{app}.{suffix()}.out.h5", **Q, **extra)
    assert not open_here(data)


def test_run_refuses_an_unknown_option_and_leaves_no_file():
    output = f"refused.{suffix()}.h5"
    with pytest.raises(mckean.Error, match="unknown option -lgv_stepz"):
        mckean.run("langevin", output=output, lgv_stepz=3)
    COMM.barrier()
    assert not os.path.exists(output)


def test_run_refuses_options_that_differ_between_ranks_on_every_rank():
    # on the last rank alone the value would be refused inside the app, the others left waiting
    output = f"differ.{suffix()}.h5"
    n = -5 if COMM.rank == COMM.size - 1 else 100
    if COMM.size > 1:
        with pytest.raises(ValueError, match="must be the same on every rank"):
            mckean.run("langevin", output=output, particles_n=n, lgv_steps=2, **Q)
    else:
        with pytest.raises(mckean.Error, match="-particles_n -5: must be a positive number"):
            mckean.run("langevin", output=output, particles_n=n, lgv_steps=2, **Q)
    COMM.barrier()
    assert not os.path.exists(output)


def test_run_takes_a_python_drift():
    def double_well(x, F):
        for a in range(len(x)):
            F[a] -= 4.0 * x[a] * (x[a] * x[a] - 1)

    mckean.register_drift("py_double_well", double_well)
    output = mckean.run("langevin", output=f"pydrift.{suffix()}.h5", particles_n=512, lgv_steps=200, lgv_dt=0.01,
                        lgv_drifts="py_double_well", lgv_temperature=0.05, **Q)
    ds = mckean.open_run(output)
    # V = (x^2 - 1)^2 at T = 0.05: the particles settle in the wells, <x^2> = 1 + O(T); the
    # standard error of <x^2> over 512 particles is ~0.007, so 0.1 is the O(T) bias plus > 5 sigma
    assert abs(ds["langevin/var_0"].values[-1] + ds["langevin/mean_0"].values[-1] ** 2 - 1.0) < 0.1


def test_objects_made_from_an_app_deck_step_like_the_app():
    """The app's deck shared by Python objects (mckean.options), stepped by hand: the final
    positions equal the app's run file (the ctest fixture) bit for bit."""
    deck, options = JOBS["langevin"]
    with mckean.options(COMM, deck=os.path.join(INPUTS, deck), particles_n=options["particles_n"],
                        lgv_steps=options["lgv_steps"], seed=7, check_unused=False):
        p = mckean.Particles(COMM)
        dyn = mckean.Langevin(p, mckean.RNG(COMM))  # seeded by -seed, as the app's run
    dyn.initialize()
    dyn.step(dyn.nsteps)
    assert gather(p.x).tobytes() == raw(f"langevin.app.{suffix()}.h5")["particles/x"][0].tobytes()


def test_a_shared_options_block_refuses_what_no_object_read():
    with pytest.raises(mckean.Error, match="unknown option -particles_nn"):
        with mckean.options(COMM, particles_nn=3):
            mckean.Particles(COMM)
    with pytest.raises(ValueError):
        with mckean.options(COMM, particles_n=3):
            mckean.Particles(COMM, particles_dim=2)
