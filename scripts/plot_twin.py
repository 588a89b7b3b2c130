#!/usr/bin/env python3
"""Plot a mckean-twin run file: the posterior ensemble of theta = (J, T) against the prior and
the truth, the convergence of the ensemble Kalman iteration, and the true against the predicted
density (final observation time) with the sensors.
    plot_twin.py RUN.h5 OUT.png
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def read(path):
    with h5py.File(path, "r") as f:
        run = {k: f[f"twin/{k}"][...] for k in f["twin"]}
        run["u"] = f["ensemble/members"][...]          # (2, J) whitened parameters
        run["active"] = f["ensemble/active"][...].astype(bool)
        run["history"] = f["timeseries/twin"][...]
        columns = f["timeseries/twin"].attrs["columns"]
        run["columns"] = (columns.decode() if isinstance(columns, bytes) else str(columns)).split(",")
        run["truth_field"] = f["fields/truth"][-1, :, 0]
        run["predicted_field"] = f["fields/predicted"][-1, :, 0]
    return run


def posterior_members(run):
    logt = run["prior_log_median"][:, None] + run["prior_log_std"][:, None] * run["u"]
    return np.exp(logt[:, run["active"]])


def plot_parameters(ax, run):
    theta = posterior_members(run)
    rng = np.random.default_rng(0)
    prior = np.exp(run["prior_log_median"][:, None] + run["prior_log_std"][:, None] * rng.standard_normal((2, 400)))
    ax.scatter(prior[0], prior[1], s=4, color="0.8", label="prior")
    ax.scatter(theta[0], theta[1], s=14, color="C0", label="posterior members")
    ax.scatter(*run["theta_truth"], marker="*", s=200, color="C3", label=r"truth $\theta^*$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("interaction strength J")
    ax.set_ylabel("temperature T")
    ax.legend(fontsize=8)
    ax.set_title("ensemble Kalman sampler posterior")


def plot_history(ax, run):
    h, col = run["history"], run["columns"]
    it = h[:, col.index("iteration")]
    for name, i, color in (("J", 0, "C0"), ("T", 1, "C1")):
        mean, sd = h[:, col.index(f"log{name}_mean")], h[:, col.index(f"log{name}_sd")]
        ax.plot(it, np.exp(mean), color=color, label=f"{name} (posterior median)")
        ax.fill_between(it, np.exp(mean - sd), np.exp(mean + sd), color=color, alpha=0.25)
        ax.axhline(run["theta_truth"][i], color=color, ls="--", lw=1)
    ax.set_xlabel("iteration")
    ax.set_ylabel("parameter (band: 68%)")
    ax2 = ax.twinx()
    ax2.semilogy(it, h[:, col.index("misfit_mean")], color="k", lw=1, label="misfit")
    ax2.set_ylabel("misfit per datum (noise units)")
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title("convergence")


def plot_field(ax, run, key, title):
    n = int(round(np.sqrt(run[key].size)))  # a square grid, x fastest
    Lx, Ly = run["box"]
    im = ax.imshow(run[key].reshape(n, n), origin="lower", extent=(0, Lx, 0, Ly), cmap="viridis")
    ax.scatter(run["sensors"][:, 0], run["sensors"][:, 1], s=8, color="w", marker="+")
    ax.set_title(title)
    plt.colorbar(im, ax=ax, fraction=0.046)


def main(path, out):
    run = read(path)
    fig, axes = plt.subplots(2, 2, figsize=(11, 9))
    plot_parameters(axes[0, 0], run)
    plot_history(axes[0, 1], run)
    t = run["obs_times"][-1]
    plot_field(axes[1, 0], run, "truth_field", f"true density, t = {t:g}")
    plot_field(axes[1, 1], run, "predicted_field", f"predicted (posterior median), t = {t:g}")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"plot_twin: wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
