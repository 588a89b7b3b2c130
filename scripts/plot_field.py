"""Plot a mckean-field run file: snapshots of the field (first, two intermediate, last; a 3D
field is cut at its middle z plane), the mass drift and the free energy against time, and the
diagnostic column (order parameter for Fokker-Planck, domain length for Allen-Cahn and
Cahn-Hilliard).

    plot_field.py RUN.h5 [-o OUT.png]
"""
import argparse

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def load(path):
    with h5py.File(path, "r") as f:
        fields = f["/fields"]
        quantity = fields.attrs["quantity"]
        quantity = quantity.decode() if isinstance(quantity, bytes) else str(quantity)
        shape = [int(n) for n in f["/fields/shape"][...]]
        box = f["/fields/box"][...]
        snaps = f["/fields/" + quantity][...][:, :, 0]
        times = f["/timeseries/snapshot_times"][:, 0]
        ts = f["/timeseries/field"]
        cols = ts.attrs["columns"]
        cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
        series = {c: ts[:, i] for i, c in enumerate(cols)}
    return quantity, shape, box, snaps, times, series


def draw_snapshot(ax, data, shape, box, title):
    """data in x-fastest order; reshape to (z, y, x) and show x horizontally."""
    grid = data.reshape(shape[::-1])
    if len(shape) == 1:
        x = np.arange(shape[0]) * box[0] / shape[0]
        ax.plot(x, grid)
        ax.set_xlabel("x")
    else:
        plane = grid if len(shape) == 2 else grid[shape[2] // 2]
        im = ax.imshow(plane, origin="lower", extent=[0, box[0], 0, box[1]], cmap="viridis")
        plt.colorbar(im, ax=ax, fraction=0.046)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
    ax.set_title(title)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("-o", "--output", default=None, help="image file (default: RUN with .png)")
    a = ap.parse_args()
    quantity, shape, box, snaps, times, series = load(a.run)
    picks = sorted(set([0, len(times) // 3, 2 * len(times) // 3, len(times) - 1]))
    fig, axes = plt.subplots(2, max(len(picks), 3), figsize=(4.2 * max(len(picks), 3), 7.5))
    for ax, s in zip(axes[0], picks):
        draw_snapshot(ax, snaps[s], shape, box, "%s at t = %.4g" % (quantity, times[s]))
    for ax in axes[0][len(picks):]:
        ax.axis("off")
    t = series["t"]
    axes[1][0].plot(t, series["mass"] - series["mass"][0])
    axes[1][0].set_title("mass(t) - mass(0)")
    axes[1][1].plot(t, series["free_energy"])
    axes[1][1].set_title("free energy")
    diag = [c for c in series if c not in ("t", "mass", "free_energy")][0]
    axes[1][2].plot(t, series[diag])
    axes[1][2].set_title(diag.replace("_", " "))
    if diag == "length" and t[-1] > 0:
        late = t > 0.2 * t[-1]
        if late.sum() > 3:
            slope = np.polyfit(np.log(t[late]), np.log(series[diag][late]), 1)[0]
            axes[1][2].set_title("length (late slope d log L / d log t = %.2f)" % slope)
    for ax in axes[1]:
        ax.set_xlabel("t")
    for ax in axes[1][3:]:
        ax.axis("off")
    fig.tight_layout()
    out = a.output or (a.run[:-3] if a.run.endswith(".h5") else a.run) + ".png"
    fig.savefig(out, dpi=110)
    print("wrote", out)


if __name__ == "__main__":
    main()
