"""Plot a mckean-gen run file: the samples (first two coordinates) over the target's density
(gmm ring and checkerboard are drawn from the run's options; other targets show the samples'
histogram), the ESS and log Z over the steps, and the fit residual with the first coordinate's
mean and variance against their exact values; the final metrics in the title.

    /usr/bin/python3 scripts/plot_gen.py RUN.h5 [OUT.png]
"""
import re
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


def option(opts, name, default):
    m = re.search(rf"-{name} (\S+)", opts)
    return m.group(1) if m else default


def density(opts, X, Y):
    """The target's density on a grid, when the run's options say which it is (else None)."""
    kind = option(opts, "target_type", "gmm")
    if kind == "gmm" and option(opts, "target_gmm_layout", "ring") == "ring":
        K, R, s = int(option(opts, "target_components", 8)), float(option(opts, "target_radius", 4)), float(option(opts, "target_std", 0.5))
        p = np.zeros_like(X)
        for k in range(K):
            mx, my = R * np.cos(2 * np.pi * k / K), R * np.sin(2 * np.pi * k / K)
            p += np.exp(-((X - mx) ** 2 + (Y - my) ** 2) / (2 * s * s)) / (2 * np.pi * s * s * K)
        return p
    if kind == "checkerboard":
        ix, iy = np.floor(X), np.floor(Y)
        return ((np.abs(X) < 2) & (np.abs(Y) < 2) & ((ix + iy) % 2 == 0)) / 8.0
    return None


def plot_samples(ax, f, opts):
    x = f["/gen/x"][...]
    if x.shape[1] < 2:
        ax.hist(x[:, 0], bins=80, density=True)
        return
    lim = np.percentile(np.abs(x[:, :2]), 99.5) * 1.15
    g = np.linspace(-lim, lim, 300)
    X, Y = np.meshgrid(g, g)
    p = density(opts, X, Y)
    if p is not None:
        ax.contourf(X, Y, p, levels=20, cmap="Blues")
    else:
        ax.hist2d(x[:, 0], x[:, 1], bins=120, range=[[-lim, lim], [-lim, lim]], cmap="Blues")
    n = min(len(x), 4000)
    ax.scatter(x[:n, 0], x[:n, 1], s=1.5, c="k", alpha=0.6)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_title(f"samples ({len(x)}) over the target ({option(opts, 'target_type', 'gmm')})")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[2] if len(sys.argv) > 2 else re.sub(r"\.h5$", "", sys.argv[1]) + ".png"
    with h5py.File(sys.argv[1], "r") as f:
        opts = f.attrs.get("options", b"")
        opts = opts.decode() if isinstance(opts, bytes) else str(opts)
        ts = series(f, "gen")
        m = dict(f["/metrics"].attrs) if "/metrics" in f else {}
        exact = f["/metrics/exact_mean"][...] if "/metrics/exact_mean" in f else None
        exact_cov = f["/metrics/exact_cov"][...] if "/metrics/exact_cov" in f else None
        fig, axes = plt.subplots(1, 3, figsize=(16, 5))
        plot_samples(axes[0], f, opts)
    ax = axes[1]
    ax.plot(ts["step"], ts["ess"], label="ESS / N")
    ax.set_xlabel("step")
    ax.set_ylim(0, 1.05)
    tw = ax.twinx()
    tw.plot(ts["step"], ts["log_z"], "r--", label="log Z")
    tw.set_ylabel("log Z")
    ax.legend(loc="lower left")
    tw.legend(loc="lower right")
    ax.set_title("weights")
    ax = axes[2]
    ax.plot(ts["step"], ts["mean_0"], label="mean x_0")
    ax.plot(ts["step"], ts["var_0"], label="var x_0")
    if exact is not None:
        ax.axhline(exact[0], color="C0", ls=":", label="exact mean")
        ax.axhline(exact_cov[0, 0], color="C1", ls=":", label="exact var")
    if np.isfinite(ts["fit_residual"]).any():
        ax.plot(ts["step"], ts["fit_residual"], "k.-", label="fit residual")
    ax.set_xlabel("step (fit rounds first)")
    ax.legend()
    ax.set_title("moments and fit")
    keys = [k for k in ("mean_error_max_se", "mmd2_linear", "energy_distance_linear", "log_z", "exact_log_z") if k in m]
    fig.suptitle(", ".join(f"{k} = {m[k]:.4g}" for k in keys))
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


main()
