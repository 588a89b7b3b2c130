"""Plot a mckean-mv run file: the densities at the snapshot times (PDE, and the particles'
estimate against the PDE seen through the same estimator) and the time series of the L1
distance and of the order parameters (PDE and particles). 1D runs plot the densities as
curves; 2D/3D runs show the last snapshot's first plane as images.

    plot_mv.py RUN.h5 OUT.png
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from plot_langevin import parse_options


def columns(dset):
    cols = dset.attrs["columns"]
    return (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")


def series(f, name):
    d = f[f"/timeseries/{name}"]
    data = d[...]
    return {c: data[:, i] for i, c in enumerate(columns(d))}


def plot_densities(ax, f):
    if "/fields/density" not in f:
        ax.set_axis_off()
        return
    pde, est, part = (f[p][..., 0] for p in ("/fields/density", "/fields/density_estimated", "/particles/density"))
    times = f["/timeseries/snapshot_times"][:, 0]
    opts = f.attrs["options"]
    opts = parse_options(opts.decode() if isinstance(opts, bytes) else str(opts))
    box = float(opts["particles_box"].split(",")[0]) if "particles_box" in opts else None
    n = pde.shape[1]
    x = np.arange(n) / n if box is None else np.arange(n) * box / n
    for i, t in enumerate(times):
        color = plt.cm.viridis(i / max(1, len(times) - 1))
        ax.plot(x, pde[i], "-", color=color, lw=1, label=f"PDE, t = {t:g}")
        ax.plot(x, est[i], ":", color=color, lw=1)
        ax.plot(x, part[i], ".", color=color, ms=3)
    ax.set_xlabel("grid point x / L" if box is None else "x")
    ax.set_ylabel("density")
    ax.set_title("PDE (line), through the estimator (dotted), particles (dots)", fontsize=9)
    ax.legend(fontsize=8)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with h5py.File(sys.argv[1], "r") as f:
        mv, lgv = series(f, "mv"), series(f, "langevin")
        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
        plot_densities(axes[0], f)
        ax = axes[1]
        ax.semilogy(mv["t"], mv["l1"], "k-", label="L1(particles, PDE)")
        ax.set_xlabel("t")
        ax.set_ylabel("L1 distance")
        ax2 = ax.twinx()
        ax2.plot(mv["t"], mv["r_pde"], "b-", label="r (PDE)")
        if "order_parameter" in lgv:
            ax2.plot(lgv["t"], lgv["order_parameter"], "r--", label="r (particles)")
        ax2.set_ylabel("order parameter r")
        ax.legend(loc="upper left", fontsize=8)
        ax2.legend(loc="lower right", fontsize=8)
        N = f["/particles/x"].shape[0]
        fig.suptitle(f"mckean-mv: N = {N} particles against the Fokker-Planck PDE")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=120)
    print(f"wrote {sys.argv[2]}")


if __name__ == "__main__":
    main()
