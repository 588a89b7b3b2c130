"""Plot a mckean-langevin run file: final particle histogram against the expected stationary
density, and the time series of the variance or the order parameter.

    plot_langevin.py RUN.h5 OUT.png
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import brentq
from scipy.special import i0, i0e, i1e


def parse_options(text):
    """The run file's options attribute ("-name value -flag ...") as a dict of strings."""
    opts, key = {}, None
    for tok in text.split():
        if tok.startswith("-") and not _is_number(tok):
            key = tok[1:]
            opts[key] = ""
        elif key is not None:
            opts[key] = tok
    return opts


def _is_number(tok):
    try:
        float(tok)
        return True
    except ValueError:
        return False


def expected_density(opts, x, grid):
    """Stationary density of the first coordinate for the drifts the run used, or None."""
    drifts = opts.get("lgv_drifts", "").split(",")
    temp = float(opts.get("lgv_temperature", 1.0))
    if drifts == ["fourier_meanfield"] and opts.get("mf_kernel", "cosine") == "cosine":
        # von Mises with the measured order parameter: rho ~ exp((J r / T) cos(theta - psi))
        box = float(opts["particles_box"].split(",")[0])
        theta = 2 * np.pi * x / box
        z = np.mean(np.exp(1j * theta))
        kappa = float(opts.get("mf_strength", 1.0)) * abs(z) / temp
        phase = 2 * np.pi * grid / box - np.angle(z)
        return np.exp(kappa * np.cos(phase)) / (box * i0(kappa))
    potential = np.zeros_like(grid)
    for d in drifts:
        if d == "harmonic":
            k = float(opts.get("harmonic_k", 1.0))
            c = float(opts.get("harmonic_center", "0").split(",")[0])
            potential += 0.5 * k * (grid - c) ** 2
        elif d == "double_well":
            h = float(opts.get("double_well_height", 1.0))
            w = float(opts.get("double_well_width", 1.0))
            potential += h * ((grid / w) ** 2 - 1) ** 2
        else:
            return None
    rho = np.exp(-(potential - potential.min()) / temp)
    return rho / np.trapz(rho, grid)


def self_consistent_order(opts):
    """r* of the cosine (Kuramoto / Curie-Weiss) kernel: root of r = I1(J r/T) / I0(J r/T)."""
    if opts.get("lgv_drifts") != "fourier_meanfield" or opts.get("mf_kernel", "cosine") != "cosine":
        return None
    coupling = float(opts.get("mf_strength", 1.0)) / float(opts.get("lgv_temperature", 1.0))
    if coupling <= 2:
        return 0.0
    return brentq(lambda r: r - i1e(coupling * r) / i0e(coupling * r), 1e-9, 1.0)


def main(path, out):
    with h5py.File(path, "r") as f:
        opts = parse_options(f.attrs["options"].decode() if isinstance(f.attrs["options"], bytes) else str(f.attrs["options"]))
        x = f["/particles/x"][:, 0]
        series = f["/timeseries/langevin"][...]
        columns = f["/timeseries/langevin"].attrs["columns"]
        columns = (columns.decode() if isinstance(columns, bytes) else str(columns)).split(",")
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 4.2))
    ax0.hist(x, bins=100, density=True, alpha=0.6, label=f"particles (N = {x.size})")
    grid = np.linspace(x.min(), x.max(), 400)
    if "particles_box" in opts:
        grid = np.linspace(0, float(opts["particles_box"].split(",")[0]), 400)
    rho = expected_density(opts, x, grid)
    if rho is not None:
        ax0.plot(grid, rho, "k-", lw=1.5, label="expected stationary density")
    ax0.set_xlabel("$x_0$")
    ax0.set_ylabel("density")
    ax0.legend()
    name = "order_parameter" if "order_parameter" in columns else "var_0"
    ax1.plot(series[:, columns.index("t")], series[:, columns.index(name)], label="particles")
    rstar = self_consistent_order(opts) if name == "order_parameter" else None
    if rstar is not None:
        ax1.axhline(rstar, color="k", ls="--", lw=1, label=f"mean-field r* = {rstar:.4f}")
        ax1.legend()
    ax1.set_xlabel("t")
    ax1.set_ylabel(name.replace("_", " "))
    ax1.set_title("time series")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"plot_langevin: wrote {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
