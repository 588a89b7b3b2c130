"""Propagation of chaos: the L1 distance between N particles' density and the Fokker-Planck
density of the same McKean-Vlasov problem (mckean-mv), against N.

For each N, mckean-mv runs once per seed; a run's distance is the mean of /timeseries/mv's l1
over the rows with t >= --t-from (rows of one run are correlated, the mean only lowers the
noise); the seeds' mean and standard error give one point per N. The slope of log(l1) against
log(N) is fitted by weighted least squares (weights 1/se^2 of log l1, se(log) = se / mean),
with its standard error. Pure sampling error gives slope -1/2; the curve flattens where the
distance meets the PDE's (and the time steps') discretisation error.

    study_chaos.py --app build/apps/mckean-mv [--mpiexec mpiexec] [--np 1] [--deck inputs/mv.yaml]
                   [--N 1000,3162,...] [--seeds 8] [--t-from 0.5] [--out DIR] [-- extra app options]

Writes DIR/chaos.csv (N, seeds, mean, se) and DIR/chaos.png (log-log plot with the fit and the
N^-1/2 reference), and prints the fitted slope. Importable: the ctest validation uses run_point
and fit_slope with small N.
"""
import argparse
import os
import subprocess
import sys

import numpy as np

from mckean_mpi import without_mpi_banners


def run_point(mpiexec, app, nranks, N, seeds, options, workdir, t_from):
    """Mean and standard error over seeds of the late-time L1 distance for N particles."""
    import h5py

    values = []
    for seed in seeds:
        out = os.path.join(workdir, f"chaos_N{N}_s{seed}.h5")
        cmd = [mpiexec, "-n", str(nranks), app] + [str(o) for o in options] + [
            "-particles_n", str(N), "-seed", str(seed), "-mv_snapshot_interval", "0",
            "-progress_interval", "0", "-output", out]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            stderr = without_mpi_banners(proc.stderr)
            sys.exit(f"FAIL: {' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{stderr}")
        with h5py.File(out, "r") as f:
            d = f["/timeseries/mv"]
            cols = d.attrs["columns"]
            cols = (cols.decode() if isinstance(cols, bytes) else str(cols)).split(",")
            data = d[...]
        t, l1 = data[:, cols.index("t")], data[:, cols.index("l1")]
        values.append(l1[t >= t_from - 1e-12].mean())
        os.remove(out)
    values = np.array(values)
    return values.mean(), values.std(ddof=1) / np.sqrt(values.size)


def fit_slope(Ns, means, ses):
    """Weighted least-squares slope of log(mean) on log(N), and its standard error."""
    x, y = np.log(np.asarray(Ns, float)), np.log(np.asarray(means))
    w = (np.asarray(means) / np.asarray(ses)) ** 2  # 1 / var(log mean)
    xm, ym = np.sum(w * x) / np.sum(w), np.sum(w * y) / np.sum(w)
    sxx = np.sum(w * (x - xm) ** 2)
    slope = np.sum(w * (x - xm) * (y - ym)) / sxx
    return slope, 1 / np.sqrt(sxx), ym - slope * xm


def plot(Ns, means, ses, slope, intercept, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    Ns = np.asarray(Ns, float)
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ax.errorbar(Ns, means, yerr=ses, fmt="o", capsize=3, label="particles vs PDE (mean over seeds)")
    ax.plot(Ns, np.exp(intercept) * Ns ** slope, "-", label=f"fit: slope {slope:.3f}")
    ax.plot(Ns, means[0] * (Ns / Ns[0]) ** -0.5, "k--", lw=0.8, label="N^-1/2")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("N (particles)")
    ax.set_ylabel("L1 distance of the densities")
    ax.set_title("Propagation of chaos (mckean-mv)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra, argv = argv[argv.index("--") + 1:], argv[:argv.index("--")]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--app", required=True)
    ap.add_argument("--mpiexec", default="mpiexec")
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--deck", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "inputs", "mv.yaml"))
    ap.add_argument("--N", default="1000,3162,10000,31623,100000,316228,1000000")
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--t-from", type=float, default=0.5)
    ap.add_argument("--out", default="study_chaos")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    options = ["-options_file_yaml", os.path.abspath(a.deck)] + extra
    Ns = [int(n) for n in a.N.split(",")]
    means, ses = [], []
    for N in Ns:
        m, se = run_point(a.mpiexec, a.app, a.np, N, range(1, a.seeds + 1), options, a.out, a.t_from)
        means.append(m)
        ses.append(se)
        print(f"N = {N:8d}: L1 = {m:.4e} +- {se:.1e}  (L1 sqrt(N) = {m * np.sqrt(N):.3f})", flush=True)
    means, ses = np.array(means), np.array(ses)
    slope, se_slope, intercept = fit_slope(Ns, means, ses)
    with open(os.path.join(a.out, "chaos.csv"), "w") as f:
        f.write("N,seeds,l1_mean,l1_se\n")
        for N, m, se in zip(Ns, means, ses):
            f.write(f"{N},{a.seeds},{m:.6e},{se:.6e}\n")
    plot(Ns, means, ses, slope, intercept, os.path.join(a.out, "chaos.png"))
    print(f"fitted slope {slope:.4f} +- {se_slope:.4f} (expected -0.5); wrote {a.out}/chaos.csv and {a.out}/chaos.png")


if __name__ == "__main__":
    main()
