"""A PyTorch surrogate trained online from the outputs of an ensemble's members as it runs.

The forward model is written in NumPy: a damped oscillation observed at 8 times,
    G(u)_k = 2 exp(-0.5 exp(0.3 u_0) t_k) cos(2 exp(0.2 u_1) t_k),
with whitened parameters u (prior N(0, I)) and data y = G(u_true) + noise of variance GAMMA.
McKean's ensemble Kalman sampler calibrates u with members spread over the ranks; each member's
call of the model streams its pair (u, G(u)) into this rank's buffer. After every iteration the
ranks exchange the new pairs (mpi4py, outside the callbacks) and every rank takes the same Adam
steps on a network u -> G(u) (same seed, same data order, one thread: the same weights on every
rank). Nothing is written to disk.

Test error: each iteration's fresh pairs are scored before the network trains on them (the
prequential error: data it has never seen). Over the last quarter of the iterations its
root-mean-square error must lie below a quarter of the noise's standard deviation sqrt(GAMMA),
the data's own precision: the surrogate then adds at most 1/16 to the likelihood's variance.

Then the surrogate replaces the model: a second sampler with the same seed calls the network
through the same Python forward-model callback. A model error e shifts the mean of a (linearised)
posterior by S J^T Gamma^-1 e, whose length in the posterior's metric S^-1 is at most
|Gamma^-1/2 e| = sqrt(m) rmse / sqrt(GAMMA) (m data): so each component of the surrogate's
time-averaged posterior mean must lie within that many posterior standard deviations of the true
model's, plus 4 standard errors (batch means) of the two averages.

    mpiexec -n 2 /usr/bin/python3 examples/python/surrogate_online.py
"""
import argparse

import numpy as np
import torch
from mpi4py import MPI

import mckean

COMM = MPI.COMM_WORLD
GAMMA = 0.01
T = np.linspace(0.1, 2.0, 8)
J = 16


def model(u):
    return 2.0 * np.exp(-0.5 * np.exp(0.3 * u[0]) * T) * np.cos(2.0 * np.exp(0.2 * u[1]) * T)


def data():
    rng = np.random.default_rng(7)  # the same on every rank
    return model(np.array([0.8, -0.6])) + np.sqrt(GAMMA) * rng.standard_normal(T.size)


class Surrogate:
    """An MLP u -> G(u) trained by Adam on a replay buffer of every pair streamed so far."""

    def __init__(self, batch=128, steps=4):
        torch.manual_seed(0)
        self.net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(),
                                       torch.nn.Linear(64, T.size)).double()
        self.opt = torch.optim.Adam(self.net.parameters(), lr=3e-3)
        self.U, self.G = np.empty((0, 2)), np.empty((0, T.size))
        self.rng = np.random.default_rng(1)  # minibatches: the same on every rank
        self.batch, self.steps = batch, steps

    def __call__(self, u):
        with torch.no_grad():
            return self.net(torch.tensor(u).reshape(-1, 2)).numpy()

    def train(self, U, G):
        """Score the fresh pairs, then add them to the buffer and take Adam steps."""
        err = np.sum((self(U) - G) ** 2) if len(U) else 0.0
        self.U, self.G = np.concatenate([self.U, U]), np.concatenate([self.G, G])
        for _ in range(self.steps):
            idx = self.rng.integers(0, len(self.U), size=min(self.batch, len(self.U)))
            loss = torch.mean((self.net(torch.from_numpy(self.U[idx])) - torch.from_numpy(self.G[idx])) ** 2)
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
        return err


def sampler(forward, y):
    ens = mckean.Ensemble(COMM, model=dict(forward=forward, n=2, ndata=T.size), seed=11, ens_size=J,
                          ens_analysis="eks", eks_dt=0.05, eks_correction=True)
    ens.set_observations(y, np.full(T.size, GAMMA))
    ens.initialize_members(None, 1.0)
    return ens


def batch_means(ens, batches, per_batch, each=None):
    """Batch means of the ensemble mean, and the time-averaged ensemble covariance."""
    out, cov = np.zeros((batches, 2)), np.zeros((2, 2))
    for b in range(batches):
        for _ in range(per_batch):
            ens.iterate()
            if each:
                each()
            out[b] += ens.mean()[0] / per_batch
            cov += ens.covariance() / (batches * per_batch)
    return out, cov


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burn", type=int, default=100)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--per-batch", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(1)
    y = data()
    surrogate, stream, scores = Surrogate(), [], []

    def forward(u, g):  # a member's model call: compute, and stream the pair
        g[:] = model(u)
        stream.append((u.copy(), g.copy()))

    def learn():  # after an iteration, on every rank: exchange the new pairs, train
        pairs = [p for part in COMM.allgather(stream) for p in part]
        stream.clear()
        U, G = np.array([p[0] for p in pairs]).reshape(-1, 2), np.array([p[1] for p in pairs]).reshape(-1, T.size)
        scores.append((surrogate.train(U, G), G.size))

    ens = sampler(forward, y)
    for _ in range(args.burn):
        ens.iterate()
        learn()
    true_means, true_cov = batch_means(ens, args.batches, args.per_batch, learn)
    last = scores[-len(scores) // 4:]
    rmse = np.sqrt(sum(s for s, _ in last) / sum(n for _, n in last))
    bound = 0.25 * np.sqrt(GAMMA)

    def surrogate_forward(u, g):
        g[:] = surrogate(u)[0]

    ens2 = sampler(surrogate_forward, y)
    for _ in range(args.burn):
        ens2.iterate()
    surrogate_means, _ = batch_means(ens2, args.batches, args.per_batch)
    m_true, m_surr = true_means.mean(axis=0), surrogate_means.mean(axis=0)
    sd = np.sqrt(np.diag(true_cov))
    se = np.hypot(true_means.std(axis=0, ddof=1), surrogate_means.std(axis=0, ddof=1)) / np.sqrt(args.batches)
    shift = np.sqrt(T.size) * rmse / np.sqrt(GAMMA)
    allowed = shift * sd + 4 * se
    if COMM.rank == 0:
        print(f"online surrogate: {len(surrogate.U)} pairs streamed from J = {J} members on {COMM.size} rank(s), "
              f"{len(scores)} training rounds")
        print(f"  test (prequential) RMSE over the last {len(last)} rounds: {rmse:.4g} (bound 0.25 sqrt(gamma) = {bound:.4g})")
        print(f"  posterior mean, true model {m_true.round(4)} (sd {sd.round(4)}), surrogate {m_surr.round(4)}: "
              f"|difference| {np.abs(m_surr - m_true).round(4)}, allowed {allowed.round(4)}")
    if not rmse < bound:
        raise SystemExit(f"surrogate_online: test RMSE {rmse:.4g} above the bound {bound:.4g}")
    if np.any(np.abs(m_surr - m_true) > allowed):
        raise SystemExit("surrogate_online: the surrogate's posterior mean is further from the model's than its error allows")


if __name__ == "__main__":
    main()
