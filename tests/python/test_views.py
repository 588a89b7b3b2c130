"""Zero-copy views: McKean's particle arrays seen and written from NumPy."""
import gc

import numpy as np

import mckean
from mckpy import COMM, gather


def make(**options):
    p = mckean.Particles(COMM, particles_n=100, particles_dim=2, particles_chunk_size=16)
    l = mckean.Langevin(p, mckean.RNG(COMM, seed=5), lgv_drifts="harmonic", **options)
    l.initialize()
    return p, l


def test_writing_positions_changes_the_c_state():
    p, l = make(harmonic_k=3.0)
    x = p.x
    x[0][:] = 2.0
    x[1][:] = -1.0
    l.prepare()  # C computes the harmonic force -k x from its own arrays
    F = l.forces
    assert np.all(F[0] == -6.0) and np.all(F[1] == 3.0)


def test_views_see_what_c_writes():
    p, l = make()
    x = p.x
    before = [a.copy() for a in x]
    l.step(1)
    assert all(not np.array_equal(a, b) for a, b in zip(x, before))  # the same arrays, moved by C
    assert all(np.array_equal(a, b) for a, b in zip(x, p.x))


def test_writing_velocities_changes_the_c_state():
    # without noise (T = 1e-12: the noise moves x by ~1e-7 dt) a BAOAB step moves x by dt v + O(dt^2): the
    # velocities written through the view must be the ones C integrates
    p, l = make(lgv_integrator="baoab", lgv_temperature=1e-12, lgv_dt=0.001, harmonic_k=1.0)
    p.x[0][:] = 0.0
    p.x[1][:] = 0.0
    p.v[0][:] = 10.0
    p.v[1][:] = -10.0
    l.prepare()
    l.step(1)
    assert np.all(np.abs(p.x[0] - 0.01) < 1e-4) and np.all(np.abs(p.x[1] + 0.01) < 1e-4)


def test_global_ids_cover_all_particles_in_rank_order():
    p, _ = make()
    assert p.gids[0] == p.gstart and p.gids.size == p.nlocal
    assert np.array_equal(np.concatenate(COMM.allgather(p.gids)), np.arange(p.N))


def test_a_view_keeps_its_particles_alive():
    x = mckean.Particles(COMM, particles_n=50, particles_dim=1).x[0]
    gc.collect()
    x[:] = 1.5  # the Particles object is referenced by the view's base, not freed
    assert np.all(x == 1.5)


def test_gather_is_global_id_order():
    p, _ = make()
    p.x[0][:] = p.gids
    assert np.array_equal(gather(p.x)[:, 0], np.arange(p.N))


def test_sub_communicators_hold_independent_systems():
    # one system per rank on its own communicator: each equals the same system on one rank
    sub = COMM.Split(COMM.rank, 0)
    p = mckean.Particles(sub, particles_n=100, particles_dim=1)
    l = mckean.Langevin(p, mckean.RNG(sub, seed=3), lgv_drifts="harmonic")
    l.initialize()
    l.step(5)
    assert p.nlocal == 100
    xs = COMM.allgather(p.x[0].copy())
    assert all(np.array_equal(x, xs[0]) for x in xs)
    sub.Free()


def test_rng_streams_are_keyed_by_id_not_by_batch():
    rng = mckean.RNG(COMM, seed=9)
    batch = rng.normals(100, 50, step=4, draw0=0, ndraws=3)
    one_by_one = np.concatenate([rng.normals(100 + i, 1, step=4, draw0=0, ndraws=3) for i in range(50)], axis=1)
    assert batch.shape == (3, 50) and np.array_equal(batch, one_by_one)
    assert not np.array_equal(batch, rng.normals(100, 50, step=5, draw0=0, ndraws=3))
    u = rng.uniforms(0, 10000, step=0)
    assert np.all((u > 0) & (u < 1)) and abs(u.mean() - 0.5) < 5 * np.sqrt(1 / 12 / u.size)  # 5 sigma
    z = rng.normals(0, 10000, step=0)[0]
    assert abs(z.mean()) < 5 / np.sqrt(z.size) and abs(z.var() - 1) < 5 * np.sqrt(2 / z.size)  # 5 sigma
