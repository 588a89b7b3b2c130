"""Plot a mckean-mfnn run file: training and test loss curves with the teacher alignment, and
the neuron cloud of the last snapshot (overlap with the first teacher direction, w.u_1/sqrt(d),
against the output weight a, coloured by |w|; for cbo the first two coordinates).

    plot_mfnn.py RUN.h5 OUT.png
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def series(f, name):
    d = f[f"/timeseries/{name}"]
    cols = d.attrs["columns"]
    cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
    return {c: d[:, i] for i, c in enumerate(cols)}


def plot_losses(ax, ts):
    ax.semilogy(ts["t"], ts["train_loss"], label="train loss")
    if np.isfinite(ts["test_loss"]).any():
        ax.semilogy(ts["t"], ts["test_loss"], label="test loss")
    ax.set_xlabel("t (mean-field time)")
    ax.set_ylabel("loss")
    if np.isfinite(ts["alignment"]).any():
        tw = ax.twinx()
        tw.plot(ts["t"], ts["alignment"], "k--", label="alignment")
        tw.set_ylabel("mean |P_U w| / |w|")
        tw.set_ylim(0, 1)
        tw.legend(loc="upper center")
    ax.legend(loc="upper right")


def plot_cloud(ax, f):
    if "/learn/snapshots" not in f:
        ax.text(0.5, 0.5, "no snapshots (-mfnn_snapshot_interval)", ha="center", transform=ax.transAxes)
        return
    snaps = f["/learn/snapshots"]
    steps = f["/timeseries/snapshot_steps"][:, 0]
    last, first = snaps[-1], snaps[0]
    k = int(f["/learn/teacher_directions"].shape[0]) if "/learn/teacher_directions" in f else 0
    if k:  # columns: w.u_j/sqrt(d) (j < k), |w|, a
        ax.scatter(first[:, 0], first[:, k + 1], s=4, c="0.7", label=f"step {steps[0]:.0f}")
        sc = ax.scatter(last[:, 0], last[:, k + 1], s=6, c=last[:, k], cmap="viridis", label=f"step {steps[-1]:.0f}")
        plt.colorbar(sc, ax=ax, label="|w|")
        ax.set_xlabel("w . u_1 / sqrt(d)")
        ax.set_ylabel("a")
    else:
        ax.scatter(first[:, 0], first[:, 1], s=4, c="0.7", label=f"step {steps[0]:.0f}")
        ax.scatter(last[:, 0], last[:, 1], s=6, label=f"step {steps[-1]:.0f}")
        ax.set_xlabel("coordinate 0")
        ax.set_ylabel("coordinate 1")
    ax.legend()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with h5py.File(sys.argv[1], "r") as f:
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
        plot_losses(axes[0], series(f, "mfnn"))
        plot_cloud(axes[1], f)
        fig.tight_layout()
        fig.savefig(sys.argv[2], dpi=120)
    print(f"wrote {sys.argv[2]}")


if __name__ == "__main__":
    main()
