"""Plot a mckean-eki run file: the residual (discrepancy) and parameter-error history, and for
Darcy the true and recovered log-permeability side by side; for the linear model the ensemble
against the exact posterior.

    plot_eki.py RUN.h5 OUT.png
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def series(f):
    d = f["/timeseries/eki"]
    cols = d.attrs["columns"]
    cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
    return {c: d[:, i] for i, c in enumerate(cols)}


def plot_history(ax, s, tau):
    ax.semilogy(s["iteration"], s["residual"], "o-", label="residual |y - G(mean u)| / noise level")
    ax.semilogy(s["iteration"], s["rmse"], "s-", label="parameter RMSE (mean vs truth)")
    ax.semilogy(s["iteration"], s["spread"], "^-", label="ensemble spread")
    ax.axhline(1.0, color="k", lw=1, label="noise level")
    if tau > 0:
        ax.axhline(tau, color="k", ls="--", lw=1, label=f"discrepancy bound tau = {tau:g}")
    ax.set_xlabel("iteration")
    ax.set_title("history")
    ax.legend(fontsize=7)


def plot_fields(fig, axes, f):
    t = f["/fields/log_permeability_true"][...]
    r = f["/fields/log_permeability_recovered"][...]
    lo, hi = min(t.min(), r.min()), max(t.max(), r.max())
    corr = np.corrcoef(t.ravel(), r.ravel())[0, 1]
    for ax, field, title in ((axes[0], t, "true log-permeability"), (axes[1], r, f"recovered (correlation {corr:.3f})")):
        im = ax.imshow(field, origin="lower", extent=(0, 1, 0, 1), vmin=lo, vmax=hi, cmap="viridis")
        ax.set_title(title)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    fig.colorbar(im, ax=axes[:2], shrink=0.8)


def plot_posterior(ax, f):
    x = f["/ensemble/members"][...]
    m, c = f["/ensemble/posterior_mean"][...], f["/ensemble/posterior_cov"][...]
    k = np.arange(m.size)
    ax.errorbar(k, m, yerr=2 * np.sqrt(np.diag(c)), fmt="ko", capsize=3, label="exact posterior (mean +- 2 sd)")
    ax.plot(k + 0.15, x.mean(axis=1), "r^", label="ensemble mean")
    ax.plot(k - 0.15, f["/ensemble/truth"][...], "bx", label="truth")
    ax.set_xlabel("parameter index")
    ax.set_title("linear model: ensemble vs posterior")
    ax.legend(fontsize=7)


def main(path, out):
    with h5py.File(path, "r") as f:
        s = series(f)
        tau = float(f["/ensemble"].attrs.get("discrepancy_tau", 0.0))
        darcy = "/fields/log_permeability_true" in f
        fig, axes = plt.subplots(1, 3 if darcy else 2, figsize=(15 if darcy else 11, 4.2))
        if darcy:
            plot_fields(fig, axes, f)
        else:
            plot_posterior(axes[1], f)
        plot_history(axes[-1] if darcy else axes[0], s, tau)
    fig.savefig(out, dpi=120, bbox_inches="tight")
    print(f"plot_eki: wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
