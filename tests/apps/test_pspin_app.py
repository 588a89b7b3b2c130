"""End to end through mckean-dmft -dmft_model pspin: the run file's /dmft/C and /dmft/R are
bitwise identical on 1 and 2 ranks, obey FDT above T_d (T = 1, h = 0.05: residual below 1e-3,
measured 3.4e-4 by pspin.equilibrium) and relax to the paramagnetic energy -1/(2T) within 5e-3
(measured 2.6e-3); a bad -pspin_p is refused with one line naming it and leaves no file."""
import os

import h5py
import numpy as np

import mcktest

run = mcktest.runner_from_argv()
opts = ["-dmft_model", "pspin", "-pspin_p", "3", "-pspin_temperature", "1",
        "-pspin_tmax", "20", "-pspin_dt", "0.05"]
files = {}
for np_ in (1, 2):
    path = f"pspin_app.np{np_}.h5"
    if os.path.exists(path):
        os.remove(path)
    run(np_, *opts, "-output", path)
    files[np_] = path
mcktest.check(not mcktest.bitwise_differences(files[1], files[2]),
              "run files of 1 and 2 ranks are bitwise identical outside /perf")

with h5py.File(files[2], "r") as f:
    C, R, t, e = f["/dmft/C"][...], f["/dmft/R"][...], f["/dmft/times"][...], f["/dmft/energy"][...]
    mcktest.check(f["/dmft"].attrs["model"] in (b"pspin", "pspin"), "/dmft model attribute is pspin")
h, T = t[1] - t[0], 1.0
M = len(t)
w = int(round(10 / h))
err = 0.0
for j in range(w, M - 1):
    for k in range(2, min(int(round(5 / h)), M - 1 - j) + 1):
        dC = (C[j + k, j + 1] - C[j + k, j - 1]) / (2 * h)
        err = max(err, abs(R[j + k, j] - dC / T))
mcktest.check(err < 1e-3, f"FDT residual {err:.2e} < 1e-3")
mcktest.check(abs(e[-1] + 0.5 / T) < 5e-3, f"energy {e[-1]:.5f} within 5e-3 of -1/(2T)")
mcktest.check(np.allclose(C, C.T, rtol=0, atol=0) and np.all(np.triu(R, 1) == 0), "C symmetric, R causal")

bad = "pspin_bad.h5"
proc = run(1, "-dmft_model", "pspin", "-pspin_p", "2", "-output", bad, check=False)
msg = proc.stdout + proc.stderr
mcktest.check(proc.returncode != 0 and "-pspin_p 2" in msg, "-pspin_p 2 refused, naming the option and value")
mcktest.check(not [f for f in os.listdir(".") if f.startswith(bad)], "no output file, file in progress or lock after the error")
mcktest.finish()
