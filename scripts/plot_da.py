"""Plot a mckean-da run file: analysis and forecast RMSE against the truth with the ensemble
spread (time series), and the rank histogram of the truth among the forecast members.

    plot_da.py RUN.h5 OUT.png
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def read(path):
    with h5py.File(path, "r") as f:
        d = f["/timeseries/da"]
        cols = d.attrs["columns"]
        cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
        series = {c: d[:, i] for i, c in enumerate(cols)}
        hist = f["/ensemble/rank_histogram"][...]
        summary = {k: float(f["/ensemble"].attrs[k]) for k in ("mean_rmse_analysis", "mean_spread_analysis")}
        analysis = f["/ensemble"].attrs["analysis"]
    return series, hist, summary, analysis.decode() if isinstance(analysis, bytes) else str(analysis)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    s, hist, summary, analysis = read(sys.argv[1])
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [2, 1]})
    ax1.semilogy(s["t"], s["rmse_forecast"], lw=0.6, color="0.6", label="forecast RMSE")
    ax1.semilogy(s["t"], s["rmse_analysis"], lw=0.8, label="analysis RMSE")
    ax1.semilogy(s["t"], s["spread_analysis"], lw=0.8, label="analysis spread")
    ax1.axhline(1.0, color="k", ls=":", lw=0.8, label="observation error (unit variance)")
    ax1.set_xlabel("t")
    ax1.set_ylabel("RMS over state components")
    ax1.set_title("%s: mean analysis RMSE %.3f, spread %.3f" % (analysis, summary["mean_rmse_analysis"], summary["mean_spread_analysis"]))
    ax1.legend(fontsize=8)
    ranks = np.arange(len(hist))
    ax2.bar(ranks, hist / max(hist.sum(), 1), width=0.9)
    ax2.axhline(1.0 / len(hist), color="k", ls=":", lw=0.8, label="flat (calibrated)")
    ax2.set_xlabel("rank of the truth among the forecast members")
    ax2.set_ylabel("frequency")
    ax2.set_title("rank histogram")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=120)


if __name__ == "__main__":
    main()
