"""mckean.MFNet: training from Python, the parameters as views, and predict() against McKean's
own output and an independent NumPy forward pass."""
import numpy as np

import mckean
from mckpy import COMM

ALPHA = 1.5
NET = dict(mfnet_n=96, mfnet_dim=5, mfnet_batch=40, mfnet_test_size=30, mfnet_activation="tanh", mfnet_teacher="tanh",
           mfnet_alpha=ALPHA, mfnet_chunk_size=16, mfnet_dt=0.2, mfnet_temperature=0.0, mfnet_lambda=0.0)


def network(seed=5, **extra):
    return mckean.MFNet(COMM, seed=seed, **NET, **extra)


def gathered_parameters(net):
    return np.concatenate(COMM.allgather(net.parameters.copy()))


def numpy_forward(theta, X):
    """f(x) = (alpha / N) sum_i a_i tanh(w_i . x + b_i), theta rows (w, b, a)."""
    w, b, a = theta[:, :-2], theta[:, -2], theta[:, -1]
    return ALPHA / theta.shape[0] * np.tanh(X @ w.T + b) @ a


def test_predict_on_the_training_data_is_mckeans_output_bitwise():
    net = network()
    net.step(5)
    net.evaluate()
    X, y = net.data
    assert X.shape == (40, 5) and net.D == 7 and net.N == 96
    assert np.array_equal(net.predict(X), net.output)


def test_predict_equals_a_numpy_forward_pass_of_the_gathered_parameters():
    net = network()
    net.step(3)
    X = np.random.default_rng(1).normal(size=(101, 5))  # more than one block of max(P, Pt) = 40
    f = net.predict(X)
    ref = numpy_forward(gathered_parameters(net), X)
    # different summation orders and tanh implementations (< 3 ulp): rounding only
    assert np.max(np.abs(f - ref)) < 1e-13 * max(1.0, np.abs(ref).max())
    assert np.array_equal(COMM.bcast(f), f)  # identical on every rank


def test_test_loss_is_the_loss_of_the_prediction_on_the_test_set():
    net = network()
    net.step(4)
    Xt, yt = net.test_data
    r = net.predict(Xt) - yt
    r2 = 0.0
    for v in r:  # McKean's order: sequential over the samples
        r2 += v * v
    assert r2 / (2 * len(r)) == net.test_loss()


def test_gradient_flow_lowers_the_loss():
    net = network()
    net.evaluate()
    first = net.loss
    net.step(30)
    net.evaluate()
    assert net.loss < 0.9 * first and net.step_count == 30


def test_parameters_are_a_view_of_the_network():
    net = network()
    theta = net.parameters
    assert theta.shape == (net.nlocal, 7) and theta.flags.writeable
    theta[:, -1] = 0.0  # every output weight a_i = 0: the network is identically zero
    assert np.array_equal(net.predict(np.ones((3, 5))), np.zeros(3))


def test_predict_does_not_depend_on_the_rank_count():
    # the network on every rank of the world and alone on each rank (MPI.COMM_SELF): the same
    # bits, McKean's reproducible reduction (on 1 rank both are one rank: the check is trivial)
    from mpi4py import MPI

    X = np.random.default_rng(2).normal(size=(50, 5))
    world, alone = network(), mckean.MFNet(MPI.COMM_SELF, seed=5, **NET)
    world.step(3)
    alone.step(3)
    assert alone.nlocal == 96 and np.array_equal(world.predict(X), alone.predict(X))
