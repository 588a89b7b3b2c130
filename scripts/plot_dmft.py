"""Plot mckean-dmft run files (model scs): Delta(tau) of every file, C_x(t, t') of the first as
an image, and, when network runs of several sizes N are given with a stationary or population
run, their distance to it against N (the finite-N comparison).

    plot_dmft.py OUT.png RUN.h5 [RUN.h5 ...]

The reference for the comparison is the first run whose solver is not "network".
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def load(path):
    with h5py.File(path, "r") as f:
        g = f["/dmft"]
        return {"path": path, "solver": text(g.attrs["solver"]), "N": int(g.attrs["population"]), "g": float(g.attrs["g"]),
                "dt": float(g.attrs["dt"]), "tau": g["tau"][...], "delta": g["delta"][...], "C_x": g["C_x"][...]}


def label(r):
    if r["solver"] == "network":
        return f"network N = {r['N']}"
    if r["solver"] == "population":
        return f"population M = {r['N']}"
    return "stationary theory"


def finite_n(ax, runs):
    ref = next((r for r in runs if r["solver"] != "network"), None)
    nets = sorted((r for r in runs if r["solver"] == "network"), key=lambda r: r["N"])
    if ref is None or not nets:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "finite-N comparison:\ngive network runs and a reference", ha="center", va="center")
        return
    sizes, dist = {}, {}
    for r in nets:
        k = min(len(r["delta"]), len(ref["delta"]))
        sizes.setdefault(r["N"], []).append(np.sqrt(np.mean((r["delta"][:k] - ref["delta"][:k]) ** 2)))
    for n, e in sizes.items():
        dist[n] = np.sqrt(np.mean(np.square(e)))
    n = np.array(sorted(dist))
    d = np.array([dist[k] for k in n])
    ax.loglog(n, d, "o-", label=f"rms distance to the {label(ref)}")
    ax.loglog(n, d[0] * np.sqrt(n[0] / n), "k--", label="N^-1/2")
    ax.set_xlabel("N")
    ax.set_ylabel("rms |Delta_N - Delta|")
    ax.legend(fontsize=8)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    runs = [load(p) for p in sys.argv[2:]]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for r in runs:
        axes[0].plot(r["tau"], r["delta"], label=label(r))
    axes[0].set_xlabel("tau")
    axes[0].set_ylabel("Delta(tau)")
    axes[0].set_title(f"g = {runs[0]['g']}")
    axes[0].legend(fontsize=8)
    T = runs[0]["C_x"].shape[0]
    im = axes[1].imshow(runs[0]["C_x"], origin="lower", extent=[0, T * runs[0]["dt"], 0, T * runs[0]["dt"]], cmap="viridis")
    axes[1].set_xlabel("t'")
    axes[1].set_ylabel("t")
    axes[1].set_title(f"C_x(t, t'), {label(runs[0])}")
    fig.colorbar(im, ax=axes[1])
    finite_n(axes[2], runs)
    fig.tight_layout()
    fig.savefig(sys.argv[1], dpi=120)


if __name__ == "__main__":
    main()
