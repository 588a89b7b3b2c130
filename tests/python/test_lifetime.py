"""Object lifetime: a destroyed object (or one alive at mckean.finalize()) refuses to be used
instead of handing C a freed object, and the memory of a destroyed object stays valid for the
views and objects still using it."""
import os

import numpy as np
import pytest

import mckean
from mckpy import COMM

INPUTS = os.path.join(os.environ["MCK_SOURCE_DIR"], "inputs")


def particles(n=64):
    return mckean.Particles(COMM, particles_n=n, particles_dim=2, particles_chunk_size=16)


def dynamics(rng):
    lgv = mckean.Langevin(particles(), rng, lgv_drifts="harmonic")
    lgv.initialize()
    return lgv


def field():
    with mckean.options(deck=os.path.join(INPUTS, "cahn_hilliard.yaml"), check_unused=False, grid_n=16):
        return mckean.Field(COMM)


# every class of the package, and calls that reach C through its handle
OBJECTS = {
    "RNG": (lambda: mckean.RNG(COMM, seed=1), [lambda o: o.normals(0, 4, 0), lambda o: o.seed]),
    "Particles": (particles, [lambda o: o.x, lambda o: o.initialize(mckean.RNG(COMM))]),
    "Langevin": (lambda: dynamics(mckean.RNG(COMM, seed=2)),
                 [lambda o: o.step(), lambda o: o.forces, lambda o: o.time]),
    "Ensemble": (lambda: mckean.Ensemble(COMM, ens_size=4, ens_analysis="etkf", model_type="lorenz96", l96_n=8, seed=3),
                 [lambda o: o.mean(), lambda o: o.analyze(), lambda o: o.info]),
    "Field": (field, [lambda o: o.solution, lambda o: o.set_solution(0.0), lambda o: o.step(), lambda o: o.mass]),
    "DMFT": (lambda: mckean.DMFT(COMM, dmft_g=0.5, dmft_solver="stationary", dmft_steps=3),
             [lambda o: o.solve(), lambda o: o.step_count]),
    "MFNet": (lambda: mckean.MFNet(COMM, seed=5, mfnet_n=16, mfnet_dim=3, mfnet_batch=8, mfnet_test_size=8),
              [lambda o: o.parameters, lambda o: o.step(), lambda o: o.predict(np.zeros((2, 3)))]),
    "GenSampler": (lambda: mckean.GenSampler(COMM, seed=3, gen_type="interpolant", gen_n=64, gen_steps=2,
                                             gen_exact_drift=None, target_type="gmm"),
                   [lambda o: o.samples, lambda o: o.step(), lambda o: o.info]),
}


@pytest.mark.parametrize("name", OBJECTS)
def test_a_destroyed_object_refuses_every_use(name):
    make, uses = OBJECTS[name]
    obj = make()
    obj.destroy()
    for use in uses:
        with pytest.raises(ValueError, match=f"^{name} used after destroy\\(\\)$"):
            use(obj)
    obj.destroy()  # a second destroy does nothing


def test_a_view_keeps_the_memory_of_a_destroyed_object():
    p = particles()
    x = p.x[0]
    x[:] = 2.5
    p.destroy()
    q = particles()  # the same sizes: it would get the memory of p, had p freed it
    q.x[0][:] = -1.0
    assert np.all(x == 2.5)
    x[:] = 3.0  # still p's memory, not q's
    assert np.all(q.x[0] == -1.0)


def test_a_dynamics_keeps_its_destroyed_generator():
    reference = dynamics(mckean.RNG(COMM, seed=7))
    reference.step(3)
    rng = mckean.RNG(COMM, seed=7)
    lgv = dynamics(rng)
    rng.destroy()
    others = [mckean.RNG(COMM, seed=99) for _ in range(8)]  # one would reuse its memory, had it been freed
    lgv.step(3)
    assert np.array_equal(lgv.particles.x[0], reference.particles.x[0]) and others[0].seed == 99


def test_objects_alive_at_finalize_refuse_use_and_new_ones_need_initialize():
    # last in the file: McKean is finalized and started again
    p = particles()
    mckean.finalize()
    with pytest.raises(ValueError, match=r"^Particles used after mckean.finalize\(\)$"):
        p.x
    with pytest.raises(mckean.Error, match="McKean is not initialized"):
        particles()
    mckean.initialize()
    assert particles(16).N == 16
