#!/usr/bin/env python3
"""scripts/scaling on a tiny mckean-langevin problem at 1 and 2 ranks: the CSV holds one row per
rank count with consistent numbers, the PNG is written, and the fitted model is sane.

    test_scaling.py SCALING APP DECK

Timings on a shared 2-core machine are noisy, so nothing here depends on their values beyond
what must hold for any measurement: positive times, speed-up = t(1)/t(P), efficiency =
speed-up/P, the model fitted with non-negative parameters, predicted efficiency in (0, 1],
falling with P at fixed N and rising with N at fixed P."""
import csv
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from mcktest import check, finish  # noqa: E402

OPTIONS = ["-particles_n", "4000", "-lgv_steps", "100", "-lgv_view", "-checkpoint_interval", "0", "-progress_interval", "0"]


def read_model(path):
    with open(path) as f:
        lines = f.read().splitlines()
    params = dict(kv.split("=") for kv in lines[1].lstrip("# ").split())
    rows = list(csv.DictReader(l for l in lines if not l.startswith("#")))
    return {k: float(v) for k, v in params.items()}, rows


def main():
    scaling, app, deck = sys.argv[1:4]
    out = tempfile.mkdtemp(prefix="mck-scaling-")
    cmd = [sys.executable, scaling, "run", "--ranks", "1,2", "--out", out, app, "--", "-options_file_yaml", deck] + OPTIONS
    r = subprocess.run(cmd, capture_output=True, text=True)
    print("$ %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    check(r.returncode == 0, "scaling run exits 0")
    if r.returncode != 0:
        finish()
    with open(os.path.join(out, "scaling.csv")) as f:
        rows = {int(x["ranks"]): {k: float(v) for k, v in x.items()} for x in csv.DictReader(f)}
    check(sorted(rows) == [1, 2], "scaling.csv has rows for 1 and 2 ranks (%s)" % sorted(rows))
    for p, x in rows.items():
        check(x["steps"] == 100, "%d ranks: 100 steps counted from the MckIntegrate events (%g)" % (p, x["steps"]))
        check(x["t_step"] > 0 and x["compute"] > 0, "%d ranks: positive time per step and compute time" % p)
        check(x["compute"] <= x["t_step"] * (1 + 1e-9), "%d ranks: compute is part of the step time" % p)
        check(abs(x["speedup"] - rows[1]["t_step"] / x["t_step"]) <= 1e-4 * x["speedup"], "%d ranks: speed-up = t(1)/t(P)" % p)
        check(abs(x["efficiency"] - x["speedup"] / p) <= 1e-4 * x["efficiency"], "%d ranks: efficiency = speed-up/P" % p)
    check(rows[2]["reductions_per_step"] > 0, "2 ranks: the summary-statistic reductions were counted")
    with open(os.path.join(out, "scaling.png"), "rb") as f:
        check(f.read(8) == b"\x89PNG\r\n\x1a\n", "scaling.png is a PNG")
    params, preds = read_model(os.path.join(out, "model.csv"))
    check(params["a"] > 0 and params["c0"] >= 0, "model: compute per particle-step a > 0, c0 >= 0 (%s)" % params)
    check(params["alpha"] > 0 and params["beta"] >= 0, "model: collective latency alpha > 0 and beta >= 0 from the allreduce sweep")
    check(params["s_bytes"] > 0 and params["n_measured"] == 4000, "model: s and N read from the app's view output")
    check(0.2 < params["a"] * 4000 / rows[1]["compute"] < 5, "model: a N within a factor 5 of the measured 1-rank compute time")
    by_n = {}
    for x in preds:
        by_n.setdefault(float(x["n"]), []).append((int(x["ranks"]), float(x["efficiency"])))
    check(set(by_n) == {4000.0, 1e9}, "model.csv predicts for the measured N and N = 1e9 (%s)" % sorted(by_n))
    for n, eff in by_n.items():
        eff.sort()
        check({1000, 10000, 100000} <= {p for p, _ in eff}, "N = %g: predictions at 10^3, 10^4, 10^5 ranks" % n)
        check(all(0 < e <= 1 + 1e-12 for _, e in eff), "N = %g: predicted efficiency in (0, 1]" % n)
        check(all(e2 <= e1 + 1e-12 for (_, e1), (_, e2) in zip(eff, eff[1:])), "N = %g: predicted efficiency falls with P" % n)
    small, large = dict(by_n[4000.0]), dict(by_n[1e9])
    check(large[100000] > small[100000], "at 10^5 ranks a larger N scales better (%.3g > %.3g)" % (large[100000], small[100000]))
    # a directory without logs is a clear error
    empty = os.path.join(out, "empty")
    os.mkdir(empty)
    r = subprocess.run([sys.executable, scaling, "analyse", empty], capture_output=True, text=True)
    check(r.returncode != 0 and "scaling: error:" in r.stderr and "log" in r.stderr, "analyse of an empty directory: one clear error (%r)" % r.stderr.strip())
    if check.failures == 0:
        shutil.rmtree(out, ignore_errors=True)
    else:
        print("kept: %s" % out)
    finish()


if __name__ == "__main__":
    main()
